"""Every URL the API hands out: on FRONTEND_URL, in one form, found again by find/.

Page URLs are percent-encoded UTF-8 (``/glossary/%C3%A9lite-…/``), the form
Wagtail builds and the one that is valid in HTML, sitemaps and headers.
``find/?html_path=`` takes a path encoded or decoded; hostile paths get a
JSON 400 or 404.
"""

import copy
import re
from urllib.parse import quote, urlsplit

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from glossary.delivery.changes import Change
from glossary.letters import letter_url
from glossary.models import GlossaryRelatedTerm, GlossaryTermAlias

from .factories import GlossaryIndexPageFactory
from .test_api_pages import detail
from .test_seo import sitemap_entries

FRONTEND = "https://glossary.example.com"
SLUG = "élite-creator-programme"
ENCODED = "%C3%A9lite-creator-programme"
URL = f"{FRONTEND}/glossary/{ENCODED}/"


@pytest.fixture
def elite(make_term):
    term = make_term(
        title="Élite creator programme",
        slug=SLUG,
        body=[("faq", {"question": "Who gets in?", "answer": "<p>Few.</p>"})],
    )
    term.term_aliases = [GlossaryTermAlias(name="Élite programme")]
    term.save_revision().publish()
    return term


@pytest.fixture
def linking(make_term, elite):
    """A term that links to the Élite term in its text and its related terms."""
    term = make_term(
        title="Brand deal",
        definition=f'<p>See <a linktype="page" id="{elite.pk}">élite</a>.</p>',
    )
    term.related_terms = [GlossaryRelatedTerm(term=elite)]
    term.save_revision().publish()
    return term


def find(client, html_path):
    return client.get("/api/v2/pages/find/", {"html_path": html_path})


def found_id(client, html_path):
    response = find(client, html_path)
    assert response.status_code == 302, (html_path, response.content)
    return int(urlsplit(response["Location"]).path.rstrip("/").rsplit("/", 1)[1])


# One form everywhere -------------------------------------------------------


def test_every_url_of_a_unicode_term_is_the_same_encoded_url(client, elite, linking):
    data = detail(client, elite)
    assert data["meta"]["html_url"] == URL
    assert data["seo"]["canonical_url"] == URL
    term, breadcrumbs, _faq = data["json_ld"]
    assert term["url"] == URL
    assert term["@id"] == f"{URL}#term"
    assert breadcrumbs["itemListElement"][-1]["item"] == URL
    assert URL in sitemap_entries(client)

    other = detail(client, linking)
    assert other["related_terms"][0]["url"] == URL
    assert f'href="{URL}"' in other["definition"]

    listing = client.get("/api/glossary/terms/").json()
    assert {item["slug"]: item["url"] for item in listing["items"]}[SLUG] == URL
    suggested = client.get("/api/glossary/autocomplete/", {"q": "élite"}).json()
    assert suggested["items"][0]["url"] == URL
    searched = client.get("/api/glossary/search/", {"q": "élite"}).json()
    assert searched["items"][0]["url"] == URL


def test_urls_the_api_hands_out_are_ascii(client, elite, linking):
    answers = [
        client.get(f"/api/v2/pages/{elite.pk}/").content,
        client.get(f"/api/v2/pages/{linking.pk}/").content,
        client.get("/api/glossary/terms/").content,
        client.get("/sitemap.xml").content,
    ]
    for answer in answers:
        for url in re.findall(rb"https?://[^\"'<\s]+", answer):
            assert url.decode().isascii(), url


@pytest.mark.parametrize(
    "html_path",
    [
        f"/glossary/{SLUG}/",
        f"/glossary/{ENCODED}/",
        f"/glossary/{ENCODED.lower()}/",
        "/glossary/%C3%a9lite-creator-programme/",
        f"/glossary/{quote(SLUG)}",
        f"glossary/{SLUG}",
        f"/glossary/{ENCODED}/?utm_source=newsletter",
    ],
)
def test_find_takes_the_path_encoded_or_decoded(client, elite, html_path):
    assert found_id(client, html_path) == elite.pk


def test_find_takes_the_html_url_it_handed_out(client, elite):
    html_url = detail(client, elite)["meta"]["html_url"]
    assert found_id(client, urlsplit(html_url).path) == elite.pk


def test_an_encoded_path_in_an_encoded_query_is_decoded_once(client, elite):
    # What URLSearchParams sends for location.pathname: the path's own
    # escapes escaped again; Django undoes the query's, find/ the path's.
    response = client.get(f"/api/v2/pages/find/?html_path=/glossary/{quote(ENCODED)}/")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("html_path", "status", "message"),
    [
        ("/glossary/%ZZ/", 400, "does not start an escape"),
        ("/glossary/%C3/", 400, "not percent-encoded UTF-8"),
        ("/glossary/%C3%28/", 400, "not percent-encoded UTF-8"),
        ("/glossary/%E9lite/", 400, "not percent-encoded UTF-8"),
        ("/glossary/élite%", 400, "does not start an escape"),
        ("/glossary/%00/", 400, "control character"),
        ("/glossary/%0A/", 400, "control character"),
        ("/glossary/\x00/", 400, "NUL"),
        ("/" + "a/" * 1100, 400, "limited to 2048 characters"),
        (f"/glossary/{quote(ENCODED)}/", 404, "not found"),
        ("/glossary/%2e%2e/%2e%2e/", 404, "not found"),
        ("/glossary/letter/b/", 404, "not found"),
    ],
)
def test_bad_html_paths_get_a_clear_json_answer(
    client, elite, html_path, status, message
):
    response = find(client, html_path)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["message"]


def test_a_private_page_is_not_found_by_any_spelling_of_its_path(client, elite):
    nowhere = find(client, "/glossary/no-such-term/").json()
    PageViewRestriction.objects.create(
        page=elite, restriction_type="password", password="x"
    )
    for html_path in (f"/glossary/{SLUG}/", f"/glossary/{ENCODED}/"):
        response = find(client, html_path)
        assert (response.status_code, response.json()) == (404, nowhere)


@pytest.mark.parametrize("spelling", [SLUG, ENCODED, ENCODED.lower()])
def test_the_glossary_api_takes_the_slug_encoded_or_decoded(client, elite, spelling):
    response = client.get(f"/api/glossary/terms/{spelling}/")
    assert response.status_code == 200
    assert response.json()["id"] == elite.pk
    assert response.json()["meta"]["html_url"] == URL


def test_both_spellings_share_one_cached_answer(client, elite):
    first = client.get(f"/api/glossary/terms/{SLUG}/")
    second = client.get(f"/api/glossary/terms/{ENCODED}/")
    assert first["ETag"] == second["ETag"]
    assert first.content == second.content


def test_an_other_name_redirects_to_the_encoded_address(client, elite):
    response = client.get("/api/glossary/terms/élite-programme/")
    assert response.status_code == 301
    assert response["Location"] == f"/api/glossary/terms/{ENCODED}/"
    assert response.json()["slug"] == SLUG


def test_a_canonical_url_typed_with_accents_is_handed_out_encoded(client, elite):
    elite.canonical_url = f"{FRONTEND}/glossary/{SLUG}/"
    elite.save_revision().publish()
    assert detail(client, elite)["seo"]["canonical_url"] == URL
    # Its own address, so it stays in the sitemap.
    assert URL in sitemap_entries(client)
    elite.canonical_url = "https://blog.example.com/wiki/Élite?q=é#crème"
    elite.save_revision().publish()
    assert detail(client, elite)["seo"]["canonical_url"] == (
        "https://blog.example.com/wiki/%C3%89lite?q=%C3%A9#cr%C3%A8me"
    )


def test_purges_and_webhooks_name_the_encoded_addresses(elite):
    change = Change([elite], old_slugs=["ancien-élite"])
    assert change.frontend_urls == [
        f"{FRONTEND}/glossary/",
        f"{FRONTEND}/glossary/{ENCODED}/",
        f"{FRONTEND}/glossary/ancien-%C3%A9lite/",
        f"{FRONTEND}/glossary/letter/e/",
    ]
    assert change.page_data()["url"] == URL


def test_a_retitled_term_purges_the_letter_page_it_left(elite):
    before = copy.copy(elite)
    before.title, before.letter = "Brand élite", "B"
    urls = Change([elite], before=before).frontend_urls
    assert f"{FRONTEND}/glossary/letter/b/" in urls
    assert f"{FRONTEND}/glossary/letter/e/" in urls


# Every URL on the frontend ------------------------------------------------------


def test_the_parent_of_a_term_is_on_the_frontend(client, elite, site_tree):
    parent = detail(client, elite)["meta"]["parent"]
    assert parent["id"] == site_tree["index"].pk
    assert parent["meta"]["html_url"] == f"{FRONTEND}/glossary/"
    home = detail(client, site_tree["index"])["meta"]["parent"]
    assert home["meta"]["html_url"] == f"{FRONTEND}/"
    delivered = client.get(f"/api/glossary/terms/{SLUG}/").json()
    assert delivered["meta"]["parent"]["meta"]["html_url"] == f"{FRONTEND}/glossary/"


def test_an_untyped_listing_puts_every_page_on_the_frontend(client, elite):
    items = client.get("/api/v2/pages/").json()["items"]
    assert {item["meta"]["html_url"] for item in items} == {
        f"{FRONTEND}/",
        f"{FRONTEND}/glossary/",
        URL,
    }
    searched = client.get("/api/v2/pages/", {"search": "élite"}).json()["items"]
    assert [item["meta"]["html_url"] for item in searched] == [URL]


def test_an_alias_points_at_its_original_on_the_frontend(client, elite, site_tree):
    other = GlossaryIndexPageFactory(parent=site_tree["home"], slug="words")
    copy = elite.create_alias(parent=other, update_slug="elite-copy")
    alias_of = detail(client, copy)["meta"]["alias_of"]
    assert alias_of["id"] == elite.pk
    assert alias_of["meta"]["html_url"] == URL


def test_redirects_to_pages_are_absolute_frontend_urls(client, elite):
    Redirect.objects.create(old_path="/old-élite", redirect_page=elite)
    Redirect.objects.create(old_path="/old-path", redirect_link="/glossary/")
    Redirect.objects.create(old_path="/away", redirect_link="https://x.example/")
    Redirect.objects.create(old_path="/typed", redirect_link=f"/glossary/{SLUG}/")
    listing = client.get("/api/v2/redirects/").json()["items"]
    assert {item["old_path"]: item["location"] for item in listing} == {
        "/old-élite": URL,
        "/old-path": f"{FRONTEND}/glossary/",
        "/away": "https://x.example/",
        "/typed": URL,
    }


def test_preview_answers_put_the_parent_on_the_frontend(client, elite):
    draft = Page.objects.get(pk=elite.pk).specific
    preview = draft.create_page_preview()
    response = client.get(
        "/api/v2/page_preview/",
        {"content_type": "glossary.glossarytermpage", "token": preview.token},
    )
    assert response.status_code == 200
    meta = response.json()["meta"]
    assert meta["html_url"] == URL
    assert meta["parent"]["meta"]["html_url"] == f"{FRONTEND}/glossary/"


# Letter pages -------------------------------------------------------------------


def test_letters_name_their_frontend_pages(client, elite, make_term):
    make_term(title="360 video")
    items = client.get("/api/glossary/letters/").json()["items"]
    urls = {item["letter"]: item["url"] for item in items}
    assert urls["E"] == f"{FRONTEND}/glossary/letter/e/"
    assert urls["#"] == f"{FRONTEND}/glossary/letter/0-9/"
    assert urls["Z"] == f"{FRONTEND}/glossary/letter/z/"  # empty, but has an address
    assert len(set(urls.values())) == 27


def test_a_private_glossary_gives_letters_no_address(client, elite, glossary):
    before = client.get("/api/glossary/letters/").json()
    assert before["total"] == 1
    PageViewRestriction.objects.create(page=glossary, restriction_type="login")
    after = client.get("/api/glossary/letters/").json()
    assert after["total"] == 0
    assert {item["url"] for item in after["items"]} == {None}


def test_a_hidden_page_changes_no_letters_answer(client, elite, make_term):
    before = client.get("/api/glossary/letters/").json()
    draft = make_term(title="Zebra", live=False)
    private = make_term(title="Yak")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    assert draft.letter == "Z"
    assert client.get("/api/glossary/letters/").json() == before


@pytest.mark.parametrize(
    ("letter", "code"),
    [("A", "a"), ("Z", "z"), ("#", "0-9"), ("", "0-9"), ("É", "0-9"), ("b", "0-9")],
)
def test_letter_codes(letter, code):
    assert letter_url(f"{FRONTEND}/glossary/", letter) == (
        f"{FRONTEND}/glossary/letter/{code}/"
    )
