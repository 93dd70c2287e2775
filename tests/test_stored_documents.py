"""A term's answer is kept ready when it is published, and never served out of date."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from glossary.delivery import documents
from glossary.delivery.documents import refresh_documents
from glossary.models import GlossaryTermPage, TermDocument

V2_LISTING = "/api/v2/pages/?type=glossary.GlossaryTermPage"


@pytest.fixture(autouse=True)
def cache_off(settings):
    settings.GLOSSARY_API_CACHE = False


def answers(client, terms):
    """Every public answer that a stored document can give, by address."""
    paths = [
        f"{V2_LISTING}&fields=*",
        V2_LISTING,
        f"{V2_LISTING}&fields=title,related_terms,-slug&order=-title&limit=2",
        f"{V2_LISTING}&fields=_,title,tags&offset=1",
    ]
    for term in terms:
        paths += [f"/api/v2/pages/{term.pk}/", f"/api/glossary/terms/{term.slug}/"]
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = response.content
    return found


def built_answers(client, terms):
    """The same answers with no document stored: built from the pages."""
    kept = list(TermDocument.objects.all())
    TermDocument.objects.all().delete()
    try:
        return answers(client, terms)
    finally:
        TermDocument.objects.bulk_create(kept)


@pytest.mark.django_db
def test_publishing_stores_the_answer_both_apis_give_byte_for_byte(client, terms):
    stored = TermDocument.objects.filter(stale=False).values_list("page_id")
    # The other two were made live by the factory, without a publish.
    assert set(stored) == {(terms["micro"].pk,), (terms["nano"].pk,)}
    refresh_documents.func()

    live = list(terms.values())
    assert answers(client, live) == built_answers(client, live)


@pytest.mark.django_db
def test_a_stored_answer_is_one_query(client, terms):
    refresh_documents.func()
    micro = terms["micro"]
    client.get(f"/api/glossary/terms/{micro.slug}/")  # the site, remembered
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/glossary/terms/{micro.slug}/")
    assert response.json()["title"] == "Micro-influencer"
    assert len(queries) == 1
    assert "glossary_termdocument" in queries[0]["sql"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_saved_outside_a_publish_is_shown_at_once(client, terms):
    """Rows written by a script: the documents that show them are rebuilt.

    Its own is marked at once, those of the terms linking to it when the
    save commits, and one refresh is queued for the whole transaction.
    """
    micro, nano = terms["micro"], terms["nano"]
    refresh_documents.func()
    micro = GlossaryTermPage.objects.get(pk=micro.pk)
    micro.title = "Micro creator (renamed)"
    with transaction.atomic():
        micro.save()
        assert TermDocument.objects.get(page=micro).stale
        assert not TermDocument.objects.get(page=nano).stale
        queued = [
            f
            for _s, f, _r in transaction.get_connection().run_on_commit
            if isinstance(f, documents._OnCommit)
        ]
        assert len(queued) == 1 and queued[0].linked_to == {micro.pk}
    # Committed: the refresh ran (tasks run at once here) and rebuilt both.
    assert not TermDocument.objects.filter(stale=True).exists()

    related = client.get(f"/api/v2/pages/{nano.pk}/").json()["related_terms"]
    assert [item["title"] for item in related] == ["Micro creator (renamed)"]
    detail = client.get(f"/api/glossary/terms/{micro.slug}/").json()
    assert detail["title"] == "Micro creator (renamed)"


@pytest.mark.django_db
def test_a_term_made_private_leaves_every_stored_answer_at_once(client, terms):
    refresh_documents.func()
    micro, nano = terms["micro"], terms["nano"]
    PageViewRestriction.objects.create(
        page=micro, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert not TermDocument.objects.filter(stale=False).exists()
    nano_answer = client.get(f"/api/glossary/terms/{nano.slug}/").json()
    assert nano_answer["related_terms"] == []
    assert (
        "Micro-influencer" not in client.get(f"{V2_LISTING}&fields=*").content.decode()
    )
    assert client.get(f"/api/v2/pages/{micro.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_refresh_rebuilds_stale_answers_exactly(client, terms):
    refresh_documents.func()
    documents.mark_stale()
    assert refresh_documents.func() == len(terms)
    assert not TermDocument.objects.filter(stale=True).exists()
    live = list(terms.values())
    assert answers(client, live) == built_answers(client, live)


@pytest.mark.django_db
def test_a_refresh_does_not_keep_what_it_read_before_a_newer_change(terms, monkeypatch):
    """A change lands while the refresh builds: the refresh's copy is dropped."""
    nano = terms["nano"]
    documents.mark_stale([nano.pk])
    build = documents._build

    def build_then_change(ids):
        built = build(ids)
        documents.mark_stale([nano.pk])  # an editor's change, meanwhile
        return built

    monkeypatch.setattr(documents, "_build", build_then_change)
    refresh_documents.func()
    assert TermDocument.objects.get(page=nano).stale


@pytest.mark.django_db
def test_unpublished_and_draft_content_never_leaves_a_stored_answer(client, terms):
    refresh_documents.func()
    micro, nano = terms["micro"], terms["nano"]
    draft = GlossaryTermPage.objects.get(pk=nano.pk)
    draft.short_definition = "Draft words nobody may read yet."
    draft.save_revision()
    assert "Draft words" not in client.get(f"/api/v2/pages/{nano.pk}/").content.decode()

    GlossaryTermPage.objects.get(pk=micro.pk).unpublish()
    assert client.get(f"/api/v2/pages/{micro.pk}/").status_code == 404
    assert client.get(f"/api/glossary/terms/{micro.slug}/").status_code == 404
    related = client.get(f"/api/glossary/terms/{nano.slug}/").json()["related_terms"]
    assert related == []


@pytest.mark.django_db
def test_hostile_ids_and_sessions_get_the_built_answers(client, terms):
    assert client.get(f"/api/v2/pages/{2**64}/").status_code == 404
    assert client.get("/api/v2/pages/0/").status_code == 404
    refresh_documents.func()
    micro = terms["micro"]
    client.cookies["sessionid"] = "anything"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v2/pages/{micro.pk}/")
    assert response.status_code == 200
    assert not any("glossary_termdocument" in q["sql"] for q in queries)


@pytest.mark.django_db
def test_the_command_builds_what_is_missing(terms):
    out = StringIO()
    call_command("refresh_documents", stdout=out)
    assert out.getvalue().strip() == "Stored answers built: 2."
    assert TermDocument.objects.filter(stale=False).count() == len(terms)


@pytest.mark.django_db
def test_answers_built_for_another_frontend_are_not_served(client, terms, settings):
    refresh_documents.func()
    micro = terms["micro"]
    settings.FRONTEND_URL = "https://new-frontend.example.com"
    answer = client.get(f"/api/glossary/terms/{micro.slug}/").json()
    assert answer["meta"]["html_url"].startswith("https://new-frontend.example.com/")
    detail = client.get(f"/api/v2/pages/{micro.pk}/").json()
    assert detail["meta"]["html_url"].startswith("https://new-frontend.example.com/")
    # The background refresh leaves them; the command rebuilds them for the
    # settings now in force.
    assert refresh_documents.func() == 0
    call_command("refresh_documents", stdout=StringIO())
    assert set(TermDocument.objects.values_list("built_for", flat=True)) == {
        documents.fingerprint()
    }
