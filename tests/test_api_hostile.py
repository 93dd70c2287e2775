"""Hostile requests to /api/: a JSON refusal with a message, never a 500 or HTML."""

import logging
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

from glossary.delivery.api import api as glossary_api
from headless.api import GlossaryPagesAPIViewSet

from .factories import CategoryFactory, GlossaryIndexPageFactory
from .test_api_pages import hidden_pages

BIG = "99999999999999999999"  # past 2**63: SQLite raises OverflowError on it
TOO_BIG = "9223372036854775808"  # 2**63, one past the largest bigint
NUL = "\x00"


@pytest.fixture
def client():
    # A crash must show up as the 500 a caller would get, not as an exception.
    return Client(raise_request_exception=False)


@pytest.fixture
def content(make_term, image):
    """One of everything the v2 endpoints list, so searches and filters run."""
    category = CategoryFactory()
    term = make_term(title="Reach", category=category)
    get_document_model().objects.create(
        title="Rate card", file=ContentFile(b"rates", name="rates.pdf")
    )
    Redirect.objects.create(old_path="/old-reach", redirect_page=term)
    return {"term": term, "category": category}


def assert_json_refusal(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


HOSTILE = [
    # Paging past what a bigint holds, on every listing.
    ("/api/v2/pages/", {"offset": BIG}, 400),
    ("/api/v2/pages/", {"offset": TOO_BIG}, 400),
    ("/api/v2/pages/", {"search": "reach", "offset": BIG}, 400),
    ("/api/v2/images/", {"offset": BIG}, 400),
    ("/api/v2/documents/", {"offset": BIG}, 400),
    ("/api/v2/redirects/", {"offset": BIG}, 400),
    ("/api/v2/redirects/", {"offset": TOO_BIG, "limit": "1"}, 400),
    # find/ by an id that is not one.
    ("/api/v2/pages/find/", {"id": "abc"}, 400),
    ("/api/v2/pages/find/", {"id": "1e20"}, 400),
    ("/api/v2/pages/find/", {"id": BIG}, 400),
    ("/api/v2/pages/find/", {"id": "-1"}, 400),
    ("/api/v2/images/find/", {"id": "abc"}, 400),
    ("/api/v2/documents/find/", {"id": "abc"}, 400),
    ("/api/v2/redirects/find/", {"id": "abc"}, 400),
    ("/api/v2/redirects/find/", {"id": BIG}, 400),
    # NUL, which PostgreSQL refuses in any text.
    ("/api/v2/pages/find/", {"html_path": f"/glossary/reach{NUL}/"}, 400),
    ("/api/v2/pages/find/", {"html_path": "/", "site": NUL}, 400),
    ("/api/v2/pages/", {"site": f"localhost{NUL}"}, 400),
    ("/api/v2/pages/", {"search": [NUL, "reach"]}, 400),
    ("/api/v2/images/", {"search": NUL}, 400),
    ("/api/v2/documents/", {"search": NUL}, 400),
    ("/api/v2/redirects/", {"search": NUL}, 400),
    ("/api/v2/redirects/find/", {"html_path": f"/old-reach{NUL}"}, 400),
    # Search options the backend would take as a programming error.
    ("/api/v2/images/", {"search": "x", "search_operator": "xor"}, 400),
    ("/api/v2/documents/", {"search": "x", "search_operator": "xor"}, 400),
    ("/api/v2/images/", {"search": "x" * 5000}, 400),
    # Numeric filters; through a foreign key Django does no range check.
    ("/api/v2/pages/", {"id": BIG}, 400),
    ("/api/v2/pages/", {"alias_of": BIG}, 400),
    ("/api/v2/pages/", {"type": "glossary.GlossaryTermPage", "category": BIG}, 400),
    (
        "/api/v2/pages/",
        {"type": "glossary.GlossaryTermPage", "category": f"-{BIG}"},
        400,
    ),
    ("/api/v2/pages/", {"type": "glossary.GlossaryTermPage", "cta": BIG}, 400),
    ("/api/v2/images/", {"id": BIG}, 400),
    # Not found, said in JSON.
    ("/api/v2/pages/abc/", {}, 404),
    ("/api/v2/pages/-1/", {}, 404),
    ("/api/v2/redirects/find/", {"html_path": "/never-existed"}, 404),
    ("/api/v2/pages/", {"format": "xml"}, 404),
    ("/api/v2/nope/", {}, 404),
    ("/api/v2/", {}, 404),
    ("/api/", {}, 404),
    ("/api/glossary/nope/", {}, 404),
]


@pytest.mark.parametrize(
    "url,params,status", HOSTILE, ids=[f"{u}?{p}" for u, p, _ in HOSTILE]
)
def test_hostile_request_gets_a_json_refusal(client, content, url, params, status):
    assert_json_refusal(client.get(url, params), status)


# Refused already by Wagtail's own checks; kept so the shared guard in front
# of them does not let any of them through.
REFUSED_BEFORE = [
    ("/api/v2/redirects/", {"limit": BIG}, 400),
    ("/api/v2/redirects/", {"offset": "abc"}, 400),
    ("/api/v2/redirects/", {"limit": "-1"}, 400),
    ("/api/v2/pages/", {"locale": NUL}, 400),
    ("/api/v2/pages/", {"search": "a", NUL: "1"}, 400),
    ("/api/v2/pages/", {"id": "1e20"}, 400),
    ("/api/v2/pages/", {"child_of": BIG}, 400),
    ("/api/v2/pages/", {"child_of": "1e20"}, 400),
    ("/api/v2/pages/", {"descendant_of": BIG}, 400),
    ("/api/v2/pages/", {"ancestor_of": BIG}, 400),
    ("/api/v2/pages/", {"translation_of": BIG}, 400),
    (f"/api/v2/pages/{BIG}/", {}, 404),
    (f"/api/v2/redirects/{BIG}/", {}, 404),
    ("/api/v2/pages/find/", {"html_path": "/no/such/page/"}, 404),
]


@pytest.mark.parametrize(
    "url,params,status",
    REFUSED_BEFORE,
    ids=[f"{u}?{p}" for u, p, _ in REFUSED_BEFORE],
)
def test_inputs_refused_before_stay_refused(client, content, url, params, status):
    assert_json_refusal(client.get(url, params), status)


def test_unknown_api_path_without_slash_ends_in_a_json_404(client, site_tree):
    response = client.get("/api/nope", follow=True)
    assert_json_refusal(response, 404)


def test_wrong_method_and_media_type_are_json_with_a_message(client, site_tree):
    assert_json_refusal(client.post("/api/v2/pages/"), 405)
    assert_json_refusal(client.delete("/api/v2/redirects/1/"), 405)
    assert_json_refusal(client.get("/api/v2/images/", HTTP_ACCEPT="text/xml"), 406)


def test_a_bad_host_under_api_is_a_json_400(client, site_tree):
    assert_json_refusal(client.get("/api/v2/pages/", HTTP_HOST="bad host"), 400)
    html = client.get("/admin/login/", HTTP_HOST="bad host")
    assert html.status_code == 400
    assert html["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "url,params",
    [
        ("/api/v2/pages/", {"offset": "9223372036854775807"}),
        ("/api/v2/redirects/", {"offset": "9223372036854775807", "limit": "100"}),
        ("/api/v2/pages/", {"child_of": "root"}),
        ("/api/v2/pages/", {"descendant_of": "root"}),
        ("/api/v2/pages/", {"locale": "en"}),
        ("/api/v2/pages/", {"id": "0"}),
    ],
)
def test_the_largest_values_and_keywords_still_answer(client, content, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert "items" in response.json()


def test_real_ids_still_filter_and_find(client, content):
    term, category = content["term"], content["category"]
    listed = client.get(
        "/api/v2/pages/",
        {"type": "glossary.GlossaryTermPage", "category": str(category.pk)},
    ).json()
    assert [item["id"] for item in listed["items"]] == [term.pk]
    found = client.get("/api/v2/pages/find/", {"id": str(term.pk)})
    assert found.status_code == 302
    assert urlsplit(found["Location"]).path == f"/api/v2/pages/{term.pk}/"


@pytest.mark.parametrize("endpoint", ["images", "documents", "redirects"])
@pytest.mark.parametrize("search", ['"', "'\"\\", 'say "hi'])
def test_search_syntax_is_plain_text_on_every_endpoint(
    client, content, endpoint, search
):
    response = client.get(f"/api/v2/{endpoint}/", {"search": search})
    assert response.status_code == 200, response.content[:300]
    assert "items" in response.json()


def test_api_crash_is_a_bare_json_500_and_is_logged(
    client, site_tree, monkeypatch, caplog
):
    def crash(self, request):
        raise RuntimeError("password=hunter2 in /srv/secret.py")

    monkeypatch.setattr(GlossaryPagesAPIViewSet, "listing_view", crash)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v2/pages/")

    assert response.status_code == 500
    assert response.json() == {"message": "internal error"}
    assert b"hunter2" not in response.content
    # The details go to the log, where operators look, not to the caller.
    logged = [r.exc_info[1] for r in caplog.records if r.exc_info]
    assert any("hunter2" in str(exc) for exc in logged)


def test_glossary_api_crash_is_a_json_500(client, site_tree, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(glossary_api, "get_openapi_schema", crash)
    response = client.get("/api/glossary/openapi.json")
    assert response.status_code == 500
    assert response.json() == {"message": "internal error"}


def test_errors_outside_api_keep_django_pages(client, site_tree, monkeypatch):
    missing = client.get("/admin/no-such-screen/")
    assert missing.status_code in (302, 404)  # the admin asks to sign in first
    assert not missing["Content-Type"].startswith("application/json")

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Site, "find_for_request", crash)
    broken = client.get("/sitemap.xml")
    assert broken.status_code == 500
    assert broken["Content-Type"].startswith("text/html")


# Redirects: a restricted or unpublished page's path must never leak.

REDIRECTS = "/api/v2/redirects/"


@pytest.fixture
def public_redirects(make_term, site_tree):
    # A second site from the start: adding one later would turn every page
    # URL absolute and change the answer for a reason other than privacy.
    Site.objects.create(hostname="other.example", port=80, root_page=site_tree["home"])
    term = make_term(title="Reach")
    Redirect.objects.create(old_path="/old-reach", redirect_page=term)
    Redirect.objects.create(old_path="/old-blog", redirect_link="https://x.example/")
    return term


def hide_behind_redirects(make_term, site_tree):
    """Redirects to every kind of page an anonymous visitor may not see."""
    pages = hidden_pages(make_term)
    login_only = make_term(title="Members term")
    PageViewRestriction.objects.create(page=login_only, restriction_type="login")
    members = GlossaryIndexPageFactory(
        parent=site_tree["home"], title="Members", slug="members"
    )
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    under_members = make_term(title="Insider term", parent=members)
    pages += [login_only, under_members]
    redirects = [
        Redirect.objects.create(old_path=f"/old-{page.slug}", redirect_page=page)
        for page in pages
    ]
    redirects.append(
        Redirect.objects.create(
            old_path="/other-site-only",
            site=Site.objects.get(hostname="other.example"),
            redirect_link="https://other.example/",
        )
    )
    return pages, redirects


def test_hidden_pages_change_no_public_redirect_answer(
    client, make_term, site_tree, public_redirects
):
    queries = [{}, {"limit": "1"}, {"offset": "1"}, {"fields": "*"}]
    before = [client.get(REDIRECTS, query).json() for query in queries]
    assert before[0]["meta"]["total_count"] == 2

    pages, redirects = hide_behind_redirects(make_term, site_tree)

    after = [client.get(REDIRECTS, query).json() for query in queries]
    assert after == before
    listing = client.get(REDIRECTS, {"limit": "100"}).content.decode()
    for page in pages:
        assert page.slug not in listing

    nowhere = client.get(f"{REDIRECTS}find/", {"html_path": "/never-existed"})
    unknown_id = client.get(f"{REDIRECTS}999999/")
    for redirect in redirects:
        found = client.get(f"{REDIRECTS}find/", {"html_path": redirect.old_path})
        assert (found.status_code, found.json()) == (404, nowhere.json())
        by_id = client.get(f"{REDIRECTS}find/", {"id": str(redirect.pk)})
        assert (by_id.status_code, by_id.json()) == (404, nowhere.json())
        detail = client.get(f"{REDIRECTS}{redirect.pk}/")
        assert (detail.status_code, detail.json()) == (404, unknown_id.json())
        filtered = client.get(REDIRECTS, {"old_path": redirect.old_path}).json()
        assert filtered["meta"]["total_count"] == 0


def test_redirect_to_a_public_page_is_listed_and_found(client, public_redirects):
    listing = client.get(REDIRECTS).json()
    assert {item["old_path"]: item["location"] for item in listing["items"]} == {
        "/old-reach": "https://glossary.example.com/glossary/reach/",
        "/old-blog": "https://x.example/",
    }
    found = client.get(f"{REDIRECTS}find/", {"html_path": "/old-reach"})
    assert found.status_code == 302
    assert (
        client.get(urlsplit(found["Location"]).path).json()["old_path"] == "/old-reach"
    )


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.domain)",
        " JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ],
)
def test_redirects_to_script_addresses_are_never_handed_out(
    client, public_redirects, link
):
    before = client.get(REDIRECTS).json()
    bad = Redirect.objects.create(old_path="/go", redirect_link=link)
    assert client.get(REDIRECTS).json() == before
    assert client.get(f"{REDIRECTS}{bad.pk}/").status_code == 404
    found = client.get(f"{REDIRECTS}find/", {"html_path": "/go"})
    assert found.status_code == 404


def test_redirect_appears_once_its_page_is_published(client, make_term, site_tree):
    draft = make_term(title="Soon", live=False)
    Redirect.objects.create(old_path="/old-soon", redirect_page=draft)
    assert client.get(REDIRECTS).json()["meta"]["total_count"] == 0
    draft.save_revision().publish()
    assert client.get(REDIRECTS).json()["meta"]["total_count"] == 1


def test_redirect_listing_query_count_does_not_grow(client, make_term, site_tree):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(REDIRECTS, {"limit": "100"})
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["meta"]["total_count"]

    for i in range(2):
        Redirect.objects.create(old_path=f"/a{i}", redirect_page=make_term())
    count_queries()  # the first request also caches the site root paths
    few = count_queries()
    for i in range(8):
        Redirect.objects.create(old_path=f"/b{i}", redirect_page=make_term())
    many = count_queries()
    assert (few[1], many[1]) == (2, 10)
    assert many[0] == few[0]
