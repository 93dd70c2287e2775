"""A change renews what it reaches and nothing else, and never leaves a stale answer."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from glossary.delivery import cache as response_cache
from glossary.models import CallToAction, GlossaryCategory, GlossaryTermPage

from .factories import CategoryFactory
from .test_glossary_api import get, ok, titles

ALL_TERMS = [
    "terms/micro-influencer/",
    "terms/nano-influencer/",
    "terms/affiliate-link/",
    "terms/360-video/",
]


def is_cached(client, path):
    """True when the answer comes from the cache, without the database."""
    with CaptureQueriesContext(connection) as queries:
        response = get(client, path)
    assert response.status_code in (200, 404, 301)
    return len(queries) == 0


@pytest.fixture
def warm(client, terms):
    for path in [*ALL_TERMS, "terms/", "letters/", "search/?q=link"]:
        get(client, path)
    return terms


def cached(client, paths):
    return {path: is_cached(client, path) for path in paths}


def publish(page, **fields):
    page = GlossaryTermPage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_publishing_a_term_keeps_unrelated_terms_cached(client, warm):
    publish(warm["affiliate"], short_definition="A link that pays per sale.")
    assert cached(client, ALL_TERMS) == {
        "terms/micro-influencer/": True,
        "terms/nano-influencer/": True,
        "terms/affiliate-link/": False,
        "terms/360-video/": True,
    }
    assert ok(client, "terms/affiliate-link/")["short_definition"] == (
        "A link that pays per sale."
    )
    items = {i["slug"]: i for i in ok(client, "terms/")["items"]}
    assert items["affiliate-link"]["short_definition"] == "A link that pays per sale."


def test_publishing_a_term_renews_terms_linking_to_it(client, warm):
    publish(warm["micro"], title="Micro creator marketing")
    states = cached(client, ALL_TERMS)
    assert states["terms/affiliate-link/"] is True
    assert states["terms/nano-influencer/"] is False
    nano = ok(client, "terms/nano-influencer/")
    assert nano["related_terms"][0]["title"] == "Micro creator marketing"


def test_listings_searches_and_counts_are_renewed(client, warm):
    publish(warm["number"], title="Zero-click content")
    assert "Zero-click content" in titles(ok(client, "terms/"))
    counts = {item["letter"]: item["count"] for item in ok(client, "letters/")["items"]}
    assert (counts["Z"], counts["#"]) == (1, 0)
    assert "Zero-click content" not in titles(ok(client, "search/?q=link"))


def test_a_slug_change_retires_the_old_slugs_answer(
    client, warm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(warm["affiliate"], slug="tracked-link")
    moved = get(client, "terms/affiliate-link/")
    assert moved.status_code == 301
    assert moved["Location"].endswith("/terms/tracked-link/")
    assert ok(client, "terms/tracked-link/")["meta"]["slug"] == "tracked-link"
    assert is_cached(client, "terms/360-video/")


def test_unpublishing_and_deleting_hide_the_term_at_once(client, warm):
    warm["affiliate"].unpublish()
    assert get(client, "terms/affiliate-link/").status_code == 404
    assert "Affiliate link" not in titles(ok(client, "terms/"))
    assert is_cached(client, "terms/360-video/")
    Page.objects.get(pk=warm["micro"].pk).delete()
    assert get(client, "terms/micro-influencer/").status_code == 404
    assert ok(client, "terms/nano-influencer/")["related_terms"] == []


def test_site_wide_changes_renew_every_term(client, warm):
    category = GlossaryCategory.objects.get(slug="audience")
    category.name = "Reach"
    category.save()
    assert not any(cached(client, ALL_TERMS).values())
    assert ok(client, "terms/micro-influencer/")["category"]["name"] == "Reach"


def test_rows_nothing_shows_yet_renew_nothing(client, warm):
    Tag.objects.create(name="unused", slug="unused")
    CallToAction.objects.create(
        heading="Start", text="Make a page.", button_label="Go", url="https://a.b/"
    )
    assert all(cached(client, [*ALL_TERMS, "terms/"]).values())
    CategoryFactory(name="Growth", slug="growth")
    assert all(cached(client, ALL_TERMS).values())
    assert "Growth" in [c["name"] for c in ok(client, "categories/")["items"]]


def test_a_link_found_before_the_reference_index_catches_up(client, terms):
    """The worker may not have indexed a new link yet when its target changes."""
    affiliate = terms["affiliate"]
    with disable_reference_index_auto_update():
        publish(
            affiliate,
            definition=f'<p>Like a <a linktype="page" id="{terms["number"].pk}">'
            "video</a>.</p>",
        )
    assert ReferenceIndex.get_references_to(terms["number"]).exists()
    before = ok(client, "terms/affiliate-link/")["definition"]
    assert "/glossary/360-video/" in before
    publish(terms["number"], slug="video-360")
    after = ok(client, "terms/affiliate-link/")["definition"]
    assert "/glossary/video-360/" in after


def test_made_up_slugs_leave_no_versions_behind(client, terms):
    for n in range(20):
        assert get(client, f"terms/no-such-term-{n}/").status_code == 404
    keys = [response_cache.term_key(f"no-such-term-{n}") for n in range(20)]
    assert cache.get_many(keys) == {}
    ok(client, "terms/micro-influencer/")
    assert cache.get(response_cache.term_key("micro-influencer")) is not None


def test_if_modified_since_sees_changes_to_either_version(client, warm):
    first = get(client, "terms/360-video/")
    listing = get(client, "terms/")
    # A site-wide change dated "now" must still move every answer's date on.
    category = GlossaryCategory.objects.get(slug="money")
    category.description = "Getting paid."
    category.save()
    again = get(
        client, "terms/360-video/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 200
    publish(warm["affiliate"], short_definition="Paid per sale.")
    since = get(client, "terms/", HTTP_IF_MODIFIED_SINCE=listing["Last-Modified"])
    assert since.status_code == 200
    same = get(client, "terms/360-video/", HTTP_IF_NONE_MATCH=again["ETag"])
    assert same.status_code == 304


def test_a_search_answered_before_the_worker_indexed_the_term_is_renewed(
    client, terms, settings
):
    """The search index waits for the worker; no search outlives its update."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    ok(client, "search/?q=shoppable")
    publish(terms["affiliate"], short_definition="A shoppable link that pays.")
    # Queued, not run: the editor did not wait for the index.
    queued = [r for r in default_task_backend.results if r.task.name == "index_terms"]
    assert [r.args for r in queued] == [[[terms["affiliate"].pk]]]
    # Answered (and cached) from the index as it was until the worker runs...
    assert "Affiliate link" not in titles(ok(client, "search/?q=shoppable"))
    queued[0].task.func(*queued[0].args)
    # ...which renews every search answered meanwhile.
    assert "Affiliate link" in titles(ok(client, "search/?q=shoppable"))


def test_a_change_in_the_same_second_as_the_first_answer_moves_its_date(
    client, terms, monkeypatch
):
    """If-Modified-Since alone sees a change made the second a term was first read."""
    monkeypatch.setattr(response_cache.time, "time", lambda: 1_900_000_000.0)
    first = get(client, "terms/360-video/")
    publish(terms["number"], short_definition="Filmed in every direction.")
    again = get(
        client, "terms/360-video/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 200
    assert again["Last-Modified"] != first["Last-Modified"]


def test_reordering_keeps_a_restricted_term_hidden(client, terms, site_tree):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=terms["nano"], restriction_type="password", password="x"
    )
    assert get(client, "terms/nano-influencer/").status_code == 404
    assert "Micro-influencer" in titles(ok(client, "terms/"))
    # Dragging a term to the top shifts the tree paths of it and its siblings.
    Page.objects.get(pk=terms["nano"].pk).move(
        Page.objects.get(pk=terms["micro"].pk), pos="left"
    )
    assert get(client, "terms/nano-influencer/").status_code == 404
    listed = titles(ok(client, "terms/"))
    assert "Nano-influencer" not in listed and "Micro-influencer" in listed
