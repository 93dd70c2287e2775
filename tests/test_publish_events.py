"""What the publish webhooks are told: the event, the page, everything it changed."""

import json
import time

import pytest
from django.db import transaction
from wagtail.models import Page, PageViewRestriction

from glossary.delivery import invalidation
from glossary.models import GlossarySettings, GlossaryTermPage
from glossary.transfer.writer import write
from webhooks.models import Delivery
from webhooks.signing import verify

from .factories import CallToActionFactory, GlossaryTermPageFactory
from .receivers import SECRET
from .test_import_export import as_file, term_doc
from .test_webhooks import DATABASE_QUEUE, WORKER_DB, run_worker

CMS_TERMS = "/api/glossary/terms/"
SITE = "https://glossary.example.com/glossary/"


@pytest.fixture
def sent(monkeypatch):
    """Every event dispatched, as if an endpoint listened for each."""
    events = []
    monkeypatch.setattr(invalidation.webhooks, "subscribers", lambda event: [event])
    monkeypatch.setattr(
        invalidation.webhooks,
        "dispatch",
        lambda event, data: events.append((event, data)) or [],
    )
    return events


def publish(page, **fields):
    page = GlossaryTermPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_a_publish_names_the_page_and_every_address_it_changed(terms, sent, committed):
    with committed():
        micro = publish(terms["micro"], short_definition="Small, loyal, trusted.")
    [(event, data)] = sent
    assert event == "page.published"
    assert data["page"] == {
        "id": micro.pk,
        "type": "glossary.GlossaryTermPage",
        "title": "Micro-influencer",
        "slug": "micro-influencer",
        "old_slug": None,
        "url": f"{SITE}micro-influencer/",
        "api_path": f"{CMS_TERMS}micro-influencer/",
    }
    changed = data["changed"]
    assert changed["everything"] is False
    nano = terms["nano"]
    assert set(changed["api_paths"]) == {
        CMS_TERMS,
        f"{CMS_TERMS}?letter=M",
        f"{CMS_TERMS}?category=audience",
        f"{CMS_TERMS}micro-influencer/",
        f"{CMS_TERMS}nano-influencer/",  # links to it and lists it as related
        "/api/glossary/letters/",
        "/api/glossary/categories/",
        "/api/glossary/tags/",
        "/api/glossary/search/",
        "/api/glossary/autocomplete/",
        "/api/v2/pages/",
        f"/api/v2/pages/{micro.pk}/",
        f"/api/v2/pages/{nano.pk}/",
        "/sitemap.xml",
    }
    assert changed["urls"] == [
        SITE,
        f"{SITE}letter/m/",  # the letter page lists it
        f"{SITE}micro-influencer/",
        f"{SITE}nano-influencer/",
    ]


def test_a_new_slug_is_one_publish_and_one_slug_change(terms, sent, committed):
    with committed():
        publish(terms["affiliate"], title="Tracked link", slug="tracked-link")
    # The letter page it joined lists it now.
    assert f"{SITE}letter/t/" in dict(sent)["page.published"]["changed"]["urls"]
    sent.clear()
    with committed():
        publish(terms["affiliate"], slug="partner-link")
    events = dict(sent)
    assert set(events) == {"page.published", "page.slug_changed"}
    for data in events.values():
        assert data["page"]["slug"] == "partner-link"
        assert data["page"]["old_slug"] == "tracked-link"
        assert f"{CMS_TERMS}tracked-link/" in data["changed"]["api_paths"]
        assert f"{SITE}tracked-link/" in data["changed"]["urls"]
    # The old title's letter is named too: the term left the T listing.
    assert f"{CMS_TERMS}?letter=T" in events["page.published"]["changed"]["api_paths"]


def test_unpublish_and_delete_are_told_apart(terms, sent, committed):
    with committed():
        terms["affiliate"].unpublish()
    with committed():
        Page.objects.get(pk=terms["number"].pk).delete()
    assert [(event, data["page"]["slug"]) for event, data in sent] == [
        ("page.unpublished", "affiliate-link"),
        ("page.deleted", "360-video"),
    ]


def test_a_rolled_back_publish_tells_nobody(terms, sent, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        publish(terms["micro"], short_definition="Never published.")
        raise RuntimeError("the editor's request failed")
    assert sent == []


def test_other_pages_change_everything(glossary, sent, committed):
    with committed():
        glossary.save_revision().publish()
    [(event, data)] = sent
    assert data["page"]["type"] == "glossary.GlossaryIndexPage"
    assert data["changed"]["everything"] is True
    assert data["changed"]["urls"] == []


def test_site_wide_settings_tell_receivers_everything_changed(
    terms, sent, committed, site_tree
):
    settings = GlossarySettings.for_site(site_tree["home"].get_site())
    settings.default_cta = CallToActionFactory()
    with committed():
        settings.save()
    [(event, data)] = sent
    assert event == "site.changed"
    assert "page" not in data
    assert data["changed"]["everything"] is True


def test_a_term_made_private_tells_receivers_everything_changed(terms, sent, committed):
    # The term's page on a frontend must go: only a change to everything
    # reaches a page that is no longer public.
    with committed():
        PageViewRestriction.objects.create(
            page=terms["micro"], restriction_type=PageViewRestriction.LOGIN
        )
    assert [event for event, _data in sent] == ["site.changed"]
    assert sent[0][1]["changed"]["everything"] is True


def test_a_moved_term_tells_receivers_everything_changed(
    terms, sent, committed, site_tree
):
    with committed():
        terms["micro"].move(site_tree["home"], pos="last-child")
    assert "site.changed" in [event for event, _data in sent]


def test_an_import_is_one_event_with_its_counts(glossary, sent, committed):
    with committed():
        write(as_file(term_doc("Reach"), term_doc("Reel")), "terms.json", publish=True)
    [(event, data)] = sent
    assert event == "import.finished"
    assert data["import"] == {
        "filename": "terms.json",
        "published": True,
        "counts": {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0},
        "terms": 2,
    }
    assert "page" not in data
    assert {f"{CMS_TERMS}reach/", f"{CMS_TERMS}reel/"} <= set(
        data["changed"]["api_paths"]
    )


def test_hidden_terms_are_named_to_nobody(terms, sent, committed):
    PageViewRestriction.objects.create(
        page=terms["affiliate"], restriction_type="password", password="x"
    )
    with committed():
        publish(terms["affiliate"], slug="secret-link")
        terms["affiliate"].unpublish()
    assert sent == []
    hidden = term_doc("Affiliate link", slug="affiliate-link")
    with committed():
        report = write(as_file(term_doc("Reach"), hidden), "terms.json", publish=True)
    assert report.counts()["updated"] == 1
    [(_event, data)] = sent
    paths = data["changed"]["api_paths"]
    assert f"{CMS_TERMS}reach/" in paths
    assert not [path for path in paths if "link" in path]


# To a real receiver ----------------------------------------------------------


def test_a_term_published_in_wagtail_reaches_the_receiver_signed(
    terms, receiver, endpoint, committed
):
    with committed():
        micro = publish(terms["micro"], short_definition="Small, loyal, trusted.")
    [request] = receiver.requests
    assert request["headers"]["X-Glossary-Event"] == "page.published"
    assert verify(SECRET, request["headers"]["X-Glossary-Signature"], request["body"])
    payload = json.loads(request["body"])
    assert payload["page"]["id"] == micro.pk
    assert payload["page"]["url"] == f"{SITE}micro-influencer/"
    assert f"{CMS_TERMS}nano-influencer/" in payload["changed"]["api_paths"]
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED


def test_fifty_terms_published_in_a_row_are_each_announced_once(
    glossary, receiver, endpoint, committed
):
    for number in range(50):
        term = GlossaryTermPageFactory(
            parent=glossary, title=f"Term {number}", slug=f"term-{number}"
        )
        with committed():
            publish(term, short_definition=f"Definition {number}.")
    slugs = [json.loads(r["body"])["page"]["slug"] for r in receiver.requests]
    assert sorted(slugs) == sorted(f"term-{number}" for number in range(50))
    assert len({r["headers"]["X-Glossary-Delivery"] for r in receiver.requests}) == 50
    assert set(Delivery.objects.values_list("status", "attempts")) == {
        (Delivery.Status.SUCCEEDED, 1)
    }


@WORKER_DB
def test_a_hanging_receiver_never_holds_up_a_publish(
    terms, receiver, endpoint, committed, settings
):
    settings.TASKS = DATABASE_QUEUE
    settings.WEBHOOKS = {**settings.WEBHOOKS, "BACKOFF_BASE": 30}
    receiver.answer("hang")
    started = time.monotonic()
    with committed():
        publish(terms["micro"], short_definition="Published without waiting.")
    assert time.monotonic() - started < settings.WEBHOOKS["TIMEOUT"]
    assert receiver.requests == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    run_worker()  # the receiver hangs: a timeout, and a retry queued
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.RETRYING
    assert delivery.last_error.startswith("No answer within")


def test_a_publish_scheduled_for_later_and_drafts_are_named_to_nobody(
    glossary, sent, committed
):
    import datetime

    from django.utils import timezone

    term = GlossaryTermPageFactory(
        parent=glossary, title="Reach", slug="reach", live=False
    )
    term.go_live_at = timezone.now() + datetime.timedelta(days=1)
    with committed():
        term.save_revision().publish()
    assert not GlossaryTermPage.objects.get(pk=term.pk).live
    assert sent == []
    with committed():
        write(as_file(term_doc("Reel")), "terms.json", publish=False)
    [(event, data)] = sent
    assert event == "import.finished"
    assert data["changed"] == {"everything": False, "urls": [], "api_paths": []}


def test_with_nobody_listening_no_message_is_put_together(
    terms, monkeypatch, committed
):
    monkeypatch.setattr(
        invalidation.Change,
        "page_data",
        lambda change: pytest.fail("a message made for nobody"),
    )
    with committed():
        publish(terms["micro"], short_definition="Small, loyal, trusted.")
    assert not Delivery.objects.exists()
