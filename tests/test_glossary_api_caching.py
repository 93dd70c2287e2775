"""The delivery API's caches: validators, 304s, never a stale copy, CDN purges."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Page, PageViewRestriction

from glossary.models import GlossaryRelatedTerm

from .factories import GlossaryTermPageFactory, build_site
from .test_glossary_api import get, ok, titles

# Caching ------------------------------------------------------------------


def test_responses_carry_validators_and_cache_control(client, terms, settings):
    response = get(client, "terms/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert response["Cache-Control"] == (
        f"public, max-age={settings.GLOSSARY_API_MAX_AGE}, "
        f"s-maxage={settings.GLOSSARY_API_MAX_AGE * 5}"
    )


@pytest.mark.parametrize(
    "path", ["terms/", "terms/micro-influencer/", "letters/", "search/?q=micro"]
)
def test_conditional_requests_get_304_without_the_database(
    client, terms, path, django_assert_num_queries
):
    first = get(client, path)
    with django_assert_num_queries(0):
        again = get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        since = get(client, path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_cached_answers_skip_the_database(client, terms, django_assert_num_queries):
    get(client, "terms/")
    with django_assert_num_queries(0):
        assert get(client, "terms/").status_code == 200


def test_publish_fetch_unpublish_fetch_never_serves_the_old_copy(client, terms):
    micro = terms["micro"]
    before = get(client, "terms/micro-influencer/")
    assert before.status_code == 200
    assert "Micro-influencer" in titles(ok(client, "terms/"))
    micro.unpublish()
    assert get(client, "terms/micro-influencer/").status_code == 404
    assert "Micro-influencer" not in titles(ok(client, "terms/"))
    assert ok(client, "letters/")["total"] == 3
    stale = get(client, "terms/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert stale.status_code == 200
    micro.save_revision().publish()
    assert get(client, "terms/micro-influencer/").status_code == 200


def test_editing_a_term_refreshes_terms_that_link_to_it(client, terms):
    assert ok(client, "terms/nano-influencer/")["related_terms"][0]["title"] == (
        "Micro-influencer"
    )
    ok(client, "search/?q=micro")
    micro = terms["micro"]
    micro.title = "Micro creator marketing"
    micro.save_revision().publish()
    nano = ok(client, "terms/nano-influencer/")
    assert nano["related_terms"][0]["title"] == "Micro creator marketing"
    assert "Micro creator marketing" in titles(ok(client, "search/?q=micro"))


def test_moving_or_deleting_a_term_refreshes_listings(client, terms, site_tree):
    def urls():
        return {item["slug"]: item["url"] for item in ok(client, "terms/")["items"]}

    assert urls()["affiliate-link"].endswith("/glossary/affiliate-link/")
    terms["affiliate"].move(site_tree["home"], pos="last-child")
    assert urls()["affiliate-link"] == "https://glossary.example.com/affiliate-link/"
    Page.objects.get(pk=terms["number"].pk).delete()
    assert "360-video" not in urls()


def test_category_changes_refresh_listings(client, terms):
    ok(client, "categories/")
    category = terms["micro"].category
    category.name = "Reach & audience"
    category.save()
    names = [c["name"] for c in ok(client, "categories/")["items"]]
    assert "Reach & audience" in names


def test_restricting_a_term_refreshes_listings(client, terms):
    ok(client, "terms/")
    PageViewRestriction.objects.create(
        page=terms["micro"], restriction_type="password", password="x"
    )
    assert "Micro-influencer" not in titles(ok(client, "terms/"))


def test_cache_can_be_switched_off(client, terms, settings):
    settings.GLOSSARY_API_CACHE = False
    get(client, "letters/")
    with CaptureQueriesContext(connection) as queries:
        get(client, "letters/")
    assert len(queries) > 0


# CDN purge ----------------------------------------------------------------


class RecordingBackend(BaseBackend):
    purged = []

    def purge_batch(self, urls):
        RecordingBackend.purged.extend(urls)

    def purge(self, url):
        RecordingBackend.purged.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.test_glossary_api_caching.RecordingBackend"}
    }
    RecordingBackend.purged = []
    return RecordingBackend.purged


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_purges_listings_and_linking_terms(client, purged):

    _home, glossary = build_site()
    micro = GlossaryTermPageFactory(parent=glossary, title="Micro", slug="micro")
    nano = GlossaryTermPageFactory(parent=glossary, title="Nano", slug="nano")
    nano.related_terms = [GlossaryRelatedTerm(term=micro)]
    nano.save_revision().publish()
    purged.clear()
    micro.slug = "micro-creator"
    micro.save_revision().publish()
    cms = "http://cms.test"
    expected = {
        f"{cms}/api/glossary/terms/",
        f"{cms}/api/glossary/letters/",
        f"{cms}/api/glossary/categories/",
        f"{cms}/api/glossary/tags/",
        f"{cms}/api/glossary/terms/micro-creator/",
        f"{cms}/api/glossary/terms/micro/",
        f"{cms}/api/glossary/terms/nano/",
        f"{cms}/api/v2/pages/{micro.pk}/",
        f"{cms}/api/v2/pages/{nano.pk}/",
        "https://glossary.example.com/glossary/nano/",
    }
    assert expected <= set(purged)
