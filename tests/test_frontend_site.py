"""What a search engine without JavaScript reads on the reference site.

Plain HTTP against the frontend's production build, which reads a live CMS
holding a few terms. The CMS, its content and the frontend are made once for
the module: every test here only reads, so they share one warm cache, as
crawlers share a real site's.
"""

import hashlib
import json
import time
from base64 import b64encode
from dataclasses import dataclass
from unittest import mock
from urllib.parse import quote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from glossary.models import GlossaryRelatedTerm, GlossaryTermAlias
from seo.models import SEOSettings
from webhooks.signing import HEADER as SIGNATURE_HEADER

from .factories import CategoryFactory, GlossaryTermPageFactory, build_site
from .frontend import needs_frontend, start_frontend
from .live_site import (
    SITEMAP_NS,
    expire_everything,
    fetch,
    frontend_settings,
    signed_post,
)

# The tests only read, each in a transaction of its own; the module's content
# is committed once, by the ``site`` fixture.
pytestmark = [needs_frontend(), pytest.mark.django_db]

HOSTILE_TITLE = "Hacker </script><script>alert(1)</script> term"
DRAFT_SENTENCE = "A sentence only the draft has, never the public page."


# The site ------------------------------------------------------------------


@dataclass
class LiveSite:
    cms: str
    url: str
    frontend: object
    terms: dict
    preview_token: str
    expired_token: str

    def get(self, path, **kwargs):
        return fetch(self.url + path, **kwargs)

    def cms_json(self, path):
        """A CMS API answer, after the redirect pages/find/ answers with."""
        answer = fetch(self.cms + path)
        if answer.status == 302:
            answer = fetch(urljoin(self.cms + path, answer.header("Location")))
        assert answer.status == 200, (path, answer.status, answer.text)
        return answer.json()

    def titles_under(self, letter):
        """The CMS's terms under ``letter``, in its order."""
        listing = self.cms_json(f"/api/glossary/terms/?letter={letter}&limit=100")
        return [item["title"] for item in listing["items"]]


def build_content():
    """Five public terms (one renamed) and two hidden ones, under SEO settings."""
    home, glossary = build_site()
    home.title = "Creator Glossary"
    home.intro = "<p>Plain answers to the words creators hear every day.</p>"
    home.save_revision().publish()
    glossary.intro = "<p>Every word a creator meets, explained with an example.</p>"
    glossary.save_revision().publish()
    image = get_image_model().objects.create(
        title="Social card", file=get_test_image_file(size=(1600, 900))
    )
    seo = SEOSettings.for_site(Site.objects.get(is_default_site=True))
    seo.site_name = "Creator Glossary"
    seo.title_suffix = "— Creator Glossary"
    seo.default_social_image = image
    seo.save()
    metrics = CategoryFactory(name="Metrics", slug="metrics")

    def term(**fields):
        page = GlossaryTermPageFactory(parent=glossary, **fields)
        page.save_revision().publish()
        return page

    reach = term(
        title="Reach",
        short_definition="How many different people saw a piece of content.",
    )
    engagement = term(
        title="Engagement rate",
        slug="engagement-rate",
        short_definition="The share of viewers who like, comment, share or save.",
        definition="<p>Interactions divided by followers, times 100.</p>",
        why_it_matters="<p>Brands read it as a sign of trust.</p>",
        category=metrics,
        examples=[
            (
                "example",
                {
                    "title": "A post with 500 likes",
                    "body": "<p>500 likes on 10,000 followers is 5%.</p>",
                },
            ),
            ("example", {"title": "", "body": "<p>An untitled example.</p>"}),
        ],
        body=[
            (
                "section",
                {
                    "heading": "How to measure it",
                    "text": "<p>Count every interaction once.</p>",
                },
            ),
            (
                "faq",
                {
                    "question": "What is a good engagement rate?",
                    "answer": "<p>Between 1% and 5%, depending on size.</p>",
                },
            ),
            (
                "faq",
                {
                    "question": "Do saves count?",
                    "answer": "<p>Yes, and they count for more than likes.</p>",
                },
            ),
        ],
    )
    engagement.term_aliases = [GlossaryTermAlias(name="ER")]
    engagement.related_terms = [GlossaryRelatedTerm(term=reach)]
    engagement.save_revision().publish()
    elite = term(
        title="Élite creator programme",
        short_definition="An invitation-only scheme for a platform's top creators.",
    )
    hostile = term(
        title=HOSTILE_TITLE,
        slug="script-term",
        short_definition="A title that tries to end the page's script elements.",
    )
    renamed = term(title="Media kit", slug="press-kit")
    renamed.slug = "media-kit"
    renamed.save_revision().publish()

    # Hidden: a draft and a password-protected term, under letters no public
    # term has, so that a count of one would show.
    draft = GlossaryTermPageFactory(
        parent=glossary, title="Xylophone draft", live=False
    )
    private = term(title="Zebra private")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )

    # A preview of an unsaved change to the published Reach, as the admin
    # makes one, and a token for it that expired an hour ago.
    reach.short_definition = DRAFT_SENTENCE
    preview_token = reach.create_page_preview().token
    an_hour_ago = time.time() - settings.PREVIEW_TOKEN_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=an_hour_ago):
        expired_token = reach.get_preview_signer().sign(f"id={reach.pk}")

    terms = {
        "reach": reach,
        "engagement": engagement,
        "elite": elite,
        "hostile": hostile,
        "renamed": renamed,
        "draft": draft,
        "private": private,
    }
    return terms, preview_token, expired_token


def is_test_database():
    name = str(connection.settings_dict["NAME"])
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    return in_memory or name.startswith("test_")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The CMS on a live server with the module's content, and the frontend reading it.

    The database stays open for the whole module: the CMS answers from a
    thread of this process. What the module wrote is undone at the end.
    """
    with django_db_blocker.unblock():
        assert is_test_database(), connection.settings_dict["NAME"]
        before = connection.creation.serialize_db_to_string()
        terms, preview_token, expired_token = build_content()
        cms = LiveServer("127.0.0.1")
        frontend = None
        overrides = None
        try:
            frontend = start_frontend(cms.url, tmp_path_factory.mktemp("frontend"))
            overrides = override_settings(**frontend_settings(cms.url, frontend.url))
            overrides.enable()
            # Answers the CMS cached, and the frontend with them, while the
            # frontend's address was not yet known.
            cache.clear()
            expire_everything(frontend)
            yield LiveSite(
                cms.url, frontend.url, frontend, terms, preview_token, expired_token
            )
        finally:
            if frontend is not None:
                frontend.stop()
            cms.stop()
            if overrides is not None:
                overrides.disable()
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                allow_cascade=True,
                # As Django's own tests flush: the restored rows keep their
                # ids, and new rows must not be given them again.
                reset_sequences=False,
                # The restored rows hold the content types and permissions.
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(before)
            cache.clear()


# Reading pages ----------------------------------------------------------------


def meta(soup, *, name=None, prop=None):
    tag = soup.find("meta", attrs={"name": name} if name else {"property": prop})
    return tag["content"] if tag else None


def json_ld(soup):
    return [
        json.loads(script.string)
        for script in soup.find_all("script", type="application/ld+json")
    ]


def csp_directives(answer):
    policy = answer.header("Content-Security-Policy")
    assert policy, "no Content-Security-Policy on an HTML page"
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# The pages a crawler finds, with their og:type.
PAGES = {
    "home": ("/", "website"),
    "index": ("/glossary/", "website"),
    "letter": ("/glossary/letter/e/", "website"),
    "term": ("/glossary/engagement-rate/", "article"),
    "élite": ("/glossary/%C3%A9lite-creator-programme/", "article"),
}


def expected_head(site, path):
    """The seo object the CMS gives the page at ``path``.

    Letter pages are the frontend's own: their head is made from the
    glossary's, with the letter's heading.
    """
    if "/letter/" not in path:
        return site.cms_json(f"/api/v2/pages/find/?html_path={quote(path)}")["seo"]
    index = expected_head(site, "/glossary/")
    return {
        **index,
        "title": "Terms starting with E — Creator Glossary",
        "social_title": "Terms starting with E",
        "description": (
            "2 creator-economy terms starting with E, each explained in plain "
            "language with an example."
        ),
        "canonical_url": site.url + path,
    }


@pytest.mark.parametrize(("path", "og_type"), PAGES.values(), ids=PAGES.keys())
def test_every_page_has_the_head_a_search_engine_reads(site, path, og_type):
    answer = site.get(path)
    assert answer.status == 200
    assert answer.header("Content-Type").startswith("text/html")
    soup = answer.html()
    address = site.url + path
    seo = expected_head(site, path)

    assert soup.title.string == seo["title"]
    # The home page is named after the site: the suffix would say it twice.
    assert soup.title.string.endswith("Creator Glossary")
    assert meta(soup, name="description") == seo["description"]
    assert soup.find("link", rel="canonical")["href"] == address
    assert seo["canonical_url"] == address
    assert meta(soup, name="robots") == seo["robots"] == "index, follow"
    assert meta(soup, prop="og:title") == (seo.get("social_title") or seo["title"])
    # Shares show the title without the suffix the browser tab gets.
    assert " — " not in meta(soup, prop="og:title")
    assert meta(soup, prop="og:description") == seo["description"]
    assert meta(soup, prop="og:url") == address
    assert meta(soup, prop="og:type") == og_type
    assert meta(soup, prop="og:site_name") == seo["site_name"] == "Creator Glossary"
    assert seo["image"].startswith(site.cms + "/media/")
    assert meta(soup, prop="og:image") == seo["image"]
    assert meta(soup, name="twitter:card") == "summary_large_image"
    assert soup.html["lang"] == "en"
    assert len(soup.find_all("h1")) == 1
    # Letter pages are lists with nothing to describe as structured data.
    assert json_ld(soup) or "/letter/" in path


def test_a_term_page_has_every_section(site):
    soup = site.get("/glossary/engagement-rate/").html()
    article = soup.find("article")
    text = article.get_text(" ", strip=True)
    assert article.h1.get_text() == "Engagement rate"
    assert "Also called: ER" in text
    assert "The share of viewers who like, comment, share or save." in text
    headings = [h2.get_text(strip=True) for h2 in article.find_all("h2")]
    assert headings[:5] == [
        "What is an Engagement rate?",
        "Why is an Engagement rate important for creators?",
        "What is an example of an Engagement rate?",
        "How to measure it",
        "Frequently asked questions",
    ]
    assert "Related terms" in headings
    examples = article.find("section", attrs={"aria-labelledby": "examples"})
    # An example without a title gets no heading, not an empty one.
    assert [h3.get_text() for h3 in examples.find_all("h3")] == [
        "A post with 500 likes"
    ]
    assert "An untitled example." in examples.get_text()
    for words in (
        "Interactions divided by followers, times 100.",
        "Brands read it as a sign of trust.",
        "500 likes on 10,000 followers is 5%.",
        "Count every interaction once.",
        "Category: Metrics",
    ):
        assert words in text
    faq = article.find("section", class_="faq")
    questions = [summary.get_text() for summary in faq.find_all("summary")]
    assert questions == ["What is a good engagement rate?", "Do saves count?"]
    assert "Between 1% and 5%, depending on size." in faq.get_text()

    related = article.find("ul", class_="related").find_all("a")
    assert [(a.get_text(), a["href"]) for a in related] == [
        ("Reach", "/glossary/reach/")
    ]
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    trail = [(li.get_text(), li.a["href"] if li.a else None) for li in crumbs("li")]
    assert trail == [
        ("Creator Glossary", "/"),
        ("Glossary", "/glossary/"),
        ("Engagement rate", None),
    ]
    assert crumbs.find(attrs={"aria-current": "page"}).get_text() == "Engagement rate"
    assert article.find("a", string="E")["href"] == "/glossary/letter/e/"

    items = {item["@type"]: item for item in json_ld(soup)}
    assert set(items) == {"DefinedTerm", "BreadcrumbList", "FAQPage"}
    assert items["DefinedTerm"]["name"] == "Engagement rate"
    assert items["DefinedTerm"]["url"] == site.url + "/glossary/engagement-rate/"
    assert [q["name"] for q in items["FAQPage"]["mainEntity"]] == questions
    assert [c["item"] for c in items["BreadcrumbList"]["itemListElement"]] == [
        site.url + "/",
        site.url + "/glossary/",
        site.url + "/glossary/engagement-rate/",
    ]


def test_the_index_and_a_letter_page_list_terms_under_their_letters(site):
    index = site.get("/glossary/").html()
    groups = {
        section.h2.get_text(): [a.get_text() for a in section.find_all("a")]
        for section in index.find_all("section", class_="letter-group")
    }
    assert groups == {
        "E": site.titles_under("E"),
        "H": [HOSTILE_TITLE],
        "M": ["Media kit"],
        "R": ["Reach"],
    }
    assert set(groups["E"]) == {"Élite creator programme", "Engagement rate"}
    crumbs = index.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [li.get_text() for li in crumbs("li")] == ["Creator Glossary", "Glossary"]

    letter = site.get("/glossary/letter/e/").html()
    assert letter.h1.get_text() == "Terms starting with E"
    listed = letter.find("ul", class_="term-list").find_all("a")
    hrefs = {
        "Élite creator programme": "/glossary/%C3%A9lite-creator-programme/",
        "Engagement rate": "/glossary/engagement-rate/",
    }
    assert [(a.get_text(), a["href"]) for a in listed] == [
        (title, hrefs[title]) for title in site.titles_under("E")
    ]
    nav = letter.find("nav", attrs={"aria-label": "Terms by first letter"})
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "E"
    assert nav.find("a", string="E")["aria-label"] == "E: 2 terms"
    crumbs = letter.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [li.get_text() for li in crumbs("li")] == [
        "Glossary",
        "Terms starting with E",
    ]


def test_json_ld_cannot_be_broken_out_of(site):
    answer = site.get("/glossary/script-term/")
    assert answer.status == 200
    assert "</script><script>alert(1)" not in answer.text
    soup = answer.html()
    assert soup.h1.get_text() == HOSTILE_TITLE
    assert soup.title.string.startswith(HOSTILE_TITLE)
    scripts = soup.find_all("script")
    # Every script element is one Next.js or the page meant to print: none
    # holds the title's "alert(1)" as code.
    assert not [s for s in scripts if (s.string or "").strip() == "alert(1)"]
    items = json_ld(soup)
    assert {item["@type"] for item in items} == {"DefinedTerm", "BreadcrumbList"}
    defined = next(item for item in items if item["@type"] == "DefinedTerm")
    assert defined["name"] == HOSTILE_TITLE
    raw = [s.string for s in scripts if s.get("type") == "application/ld+json"]
    assert all("<" not in text for text in raw)
    assert any("\\u003c/script\\u003e" in text for text in raw)


# Addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/glossary/no-such-term/",
        "/glossary/letter/zz/",
        "/glossary/letter/x/",  # a letter whose only term is a draft
        "/glossary/letter/%C3%A9/",
        "/no-such-page/",
    ],
)
def test_unknown_addresses_are_404_and_never_indexed(site, path):
    answer = site.get(path)
    assert answer.status == 404
    soup = answer.html()
    assert soup.title.string == "Page not found"
    robots = [tag["content"] for tag in soup.find_all("meta", attrs={"name": "robots"})]
    assert robots and all(value.startswith("noindex") for value in robots)
    assert not soup.find("link", rel="canonical")


def test_an_address_nothing_answers_says_where_to_go(site):
    # Pages that find nothing in the CMS call notFound(): Next.js sends their
    # status and head at once and draws the body in the browser (the browser
    # tests read it there). An address no route matches is drawn here.
    soup = site.get("/no-such-page/").html()
    main = soup.find("main")
    assert main.h1.get_text() == "Page not found"
    assert "renamed or removed" in main.get_text()
    assert main.find("a", href="/glossary/")
    assert soup.find("form", role="search")["action"] == "/search/"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/glossary/er/", "/glossary/engagement-rate/"),
        ("/glossary/press-kit/", "/glossary/media-kit/"),
    ],
    ids=["other name", "old slug"],
)
def test_other_names_and_old_slugs_move_permanently(site, path, target):
    answer = site.get(path)
    assert answer.status == 301
    assert urljoin(site.url + path, answer.header("Location")) == site.url + target
    assert site.get(target).status == 200


def test_the_élite_term_is_at_its_encoded_address(site):
    address = site.url + "/glossary/%C3%A9lite-creator-programme/"
    soup = site.get("/glossary/%C3%A9lite-creator-programme/").html()
    assert soup.h1.get_text() == "Élite creator programme"
    assert soup.find("link", rel="canonical")["href"] == address
    assert meta(soup, prop="og:url") == address


def test_robots_txt_allows_pages_and_names_the_sitemap(site):
    answer = site.get("/robots.txt")
    assert answer.status == 200
    assert answer.header("Content-Type").startswith("text/plain")
    lines = answer.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /api/" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {site.url}/sitemap.xml" in lines


def test_the_icon_answers_at_the_address_browsers_try_first(site):
    answer = site.get("/favicon.ico")
    assert answer.status == 200
    assert answer.header("Content-Type").startswith("image/")


def test_the_sitemap_lists_every_public_page_and_each_answers(site):
    answer = site.get("/sitemap.xml")
    assert answer.status == 200
    assert "xml" in answer.header("Content-Type")
    root = ElementTree.fromstring(answer.text.encode())
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert set(locations) == {
        site.url + path
        for path in (
            "/",
            "/glossary/",
            "/glossary/letter/e/",
            "/glossary/letter/h/",
            "/glossary/letter/m/",
            "/glossary/letter/r/",
            "/glossary/reach/",
            "/glossary/engagement-rate/",
            "/glossary/%C3%A9lite-creator-programme/",
            "/glossary/script-term/",
            "/glossary/media-kit/",
        )
    }
    for location in locations:
        assert fetch(location).status == 200, location


# Security headers -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        *(path for path, _type in PAGES.values()),
        "/glossary/script-term/",
        "/search/?q=reach",
        "/nowhere/",
    ],
)
def test_html_pages_allow_exactly_their_own_inline_scripts(site, path):
    answer = site.get(path)
    assert answer.header("Content-Type").startswith("text/html")
    directives = csp_directives(answer)
    scripts = directives["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    # JSON-LD is data the browser never runs: it needs no hash, and gets none.
    inline = [
        s.string or ""
        for s in answer.html().find_all("script")
        if not s.get("src") and s.get("type") != "application/ld+json"
    ]
    assert inline, "Next.js pages carry inline scripts"
    hashes = {
        f"'sha256-{b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in inline
    }
    assert hashes == {source for source in scripts if source.startswith("'sha256-")}
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("Referrer-Policy") == "strict-origin-when-cross-origin"


# Hidden terms ------------------------------------------------------------------


def test_hidden_terms_never_show(site):
    hidden = [site.terms["draft"], site.terms["private"]]
    for page in hidden:
        assert site.get(f"/glossary/{page.slug}/").status == 404
    for path in ("/", "/glossary/", "/glossary/letter/e/", "/sitemap.xml"):
        text = site.get(path).text
        for page in hidden:
            assert page.title not in text, (path, page.title)
            assert f"/glossary/{page.slug}/" not in text, (path, page.slug)
    nav = site.get("/glossary/").html().find("nav", class_="letters")
    entries = {item.get_text(): item for item in nav.find_all("li")}
    for letter in ("X", "Z"):
        # Shown, not linked, and read out as empty.
        entry = entries[f"{letter}: no terms yet"]
        assert entry.find("a") is None
    for page in hidden:
        word = page.title.split()[0]
        results = site.get(f"/search/?q={word}")
        assert results.status == 200
        assert "No terms match." in results.text
        assert page.title not in results.text
        suggestions = site.get(f"/api/autocomplete/?q={word}").json()
        assert suggestions["items"] == []
    # The search works: a public term is found the same way.
    found = site.get("/search/?q=media").html().find("ol", class_="results")
    assert [a.get_text() for a in found.find_all("a")] == ["Media kit"]


# The webhook route ------------------------------------------------------------


def test_a_signed_message_is_accepted(site):
    answer = signed_post(site.frontend, json.dumps({"event": "webhook.test"}))
    assert answer.status == 200
    assert answer.json() == {"revalidated": []}


@pytest.mark.parametrize(
    ("sender", "status"),
    [
        ("unsigned", 401),
        ("wrong secret", 401),
        ("garbage signature", 401),
        ("an hour old", 401),
        ("signed, not JSON", 400),
        ("signed, a JSON list", 400),
        ("signed, empty", 400),
    ],
)
def test_the_webhook_route_refuses_what_the_cms_did_not_send(site, sender, status):
    message = json.dumps({"event": "page.published", "changed": {"everything": True}})
    frontend = site.frontend
    if sender == "unsigned":
        answer = fetch(frontend.url + "/api/revalidate/", method="POST", body=message)
    elif sender == "wrong secret":
        answer = signed_post(frontend, message, secret="not-the-secret")
    elif sender == "garbage signature":
        answer = fetch(
            frontend.url + "/api/revalidate/",
            method="POST",
            body=message,
            headers={SIGNATURE_HEADER: "t=abc,v1=%ZZ" + "0" * 500 + ",t=,v1="},
        )
    elif sender == "an hour old":
        answer = signed_post(frontend, message, timestamp=time.time() - 3600)
    elif sender == "signed, not JSON":
        answer = signed_post(frontend, "{not json")
    elif sender == "signed, a JSON list":
        answer = signed_post(frontend, "[]")
    else:
        answer = signed_post(frontend, "")
    assert answer.status == status, answer.text
    assert answer.header("Content-Type").startswith("application/json")
    assert answer.json()["message"]


def test_the_webhook_route_only_takes_posts(site):
    answer = site.get("/api/revalidate/")
    assert answer.status == 405


# Previews --------------------------------------------------------------------

DRAFT_COOKIES = {"__prerender_bypass", "glossary-preview"}


def test_a_preview_link_shows_the_draft_to_that_browser_only(site):
    reach = site.terms["reach"]
    answer = site.get(
        "/api/preview/?content_type=glossary.glossarytermpage"
        f"&token={quote(site.preview_token)}"
    )
    assert answer.status in (302, 307)
    assert urlsplit(answer.header("Location")).path == "/glossary/reach/"
    set_cookies = answer.headers.get_all("Set-Cookie")
    assert DRAFT_COOKIES <= answer.cookies()
    for line in set_cookies:
        # The CMS frames the preview: inside another site's page only a
        # partitioned cookie is kept.
        attributes = {part.strip().lower() for part in line.split(";")[1:]}
        assert {"httponly", "secure", "samesite=none", "partitioned"} <= attributes
    cookie = "; ".join(value.split(";", 1)[0] for value in set_cookies)
    draft = site.get("/glossary/reach/", headers={"Cookie": cookie})
    assert draft.status == 200
    soup = draft.html()
    assert DRAFT_SENTENCE in soup.find("p", class_="lead").get_text()
    assert "Preview" in soup.find(class_="preview-banner").get_text()
    assert meta(soup, name="robots") == "noindex, nofollow"
    # A preview is framed by the CMS, and by nothing else.
    assert csp_directives(draft)["frame-ancestors"] == [site.cms]
    public = site.get("/glossary/reach/").text
    assert DRAFT_SENTENCE not in public
    assert reach.title in public
    assert "preview-banner" not in public

    # The cookies last as long as a preview token does.
    for line in set_cookies:
        assert "max-age=3600" in {p.strip().lower() for p in line.split(";")}
    # Leaving the preview deletes both cookies, as partitioned as they were set.
    left = site.get(
        "/api/preview/exit/?path=/glossary/reach/", headers={"Cookie": cookie}
    )
    assert left.status in (302, 307)
    assert left.header("Location") == "/glossary/reach/"
    assert DRAFT_COOKIES <= left.cookies()
    for line in left.headers.get_all("Set-Cookie"):
        attributes = {part.strip().lower() for part in line.split(";")[1:]}
        assert "partitioned" in attributes
        assert "max-age=0" in attributes


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("content_type=glossary.glossarytermpage", 400),
        ("content_type=glossary.glossarytermpage&token=garbage", 400),
        ("content_type=glossary.glossarytermpage&token=a%00b", 400),
        ("content_type=no.such&token=x:y:" + "z" * 30, 404),
        ("content_type=glossary.glossarytermpage&token=id%3D1:1bcdef:" + "z" * 43, 403),
        ("content_type=glossary.glossarytermpage&token={expired}", 410),
        ("content_type=home.homepage&token={valid}", 404),
    ],
    ids=[
        "nothing",
        "no token",
        "garbage token",
        "NUL in token",
        "unknown page type",
        "forged token",
        "expired token",
        "token for another type",
    ],
)
def test_a_bad_preview_link_is_refused_without_draft_mode(site, query, status):
    query = query.format(
        expired=quote(site.expired_token), valid=quote(site.preview_token)
    )
    answer = site.get(f"/api/preview/?{query}")
    assert answer.status == status, answer.text
    assert not DRAFT_COOKIES & answer.cookies()
    assert "Preview" in answer.text
    assert answer.header("Cache-Control") == "no-store"


# Hostile input -----------------------------------------------------------------

LONG = "a" * 5000


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/glossary/%00/", {404}),
        ("/glossary/a%00b/", {404}),
        ("/glossary/%ZZ/", {400}),
        ("/glossary/letter/%ZZ/", {400}),
        ("/glossary/%C3%28/", {400}),
        ("/%E0%A4%A/", {400}),
        (f"/glossary/{LONG}/", {404}),
        (f"/glossary/letter/{LONG}/", {404}),
        ("/glossary/%F0%9F%98%80/", {404}),
        ("/glossary/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/", {404}),
        ("/glossary/../../etc/passwd", {404, 308, 301}),
        ("/search/?q=%00", {200}),
        ("/search/?q=%ZZ", {200}),
        (f"/search/?q={LONG}", {200}),
        ("/search/?q=reach&offset=9223372036854775808", {200}),
        ("/search/?q=reach&offset=-1", {200}),
        ("/search/?q=reach&offset=1e99", {200}),
        ("/search/?q=reach&q=reach", {200}),
        ("/api/autocomplete/?q=%00", {400, 422}),
        (f"/api/autocomplete/?q={LONG}", {200, 400, 422}),
        ("/api/autocomplete/?q=%F0%9F%98%80", {200}),
        ("/glossary/?letter=%00&offset=99999999999999999999", {200}),
        ("/api/preview/exit/?path=//evil.example/", {302, 307}),
    ],
)
def test_hostile_input_never_breaks_the_site(site, path, expected):
    answer = site.get(path)
    assert answer.status in expected, (answer.status, answer.text[:300])
    if answer.status in (301, 302, 307, 308):
        location = urljoin(site.url + "/", answer.header("Location"))
        assert location.startswith(site.url + "/"), location


def test_leaving_preview_never_sends_the_reader_to_another_site(site):
    for target in ("//evil.example/", "/\t/evil.example", "https://evil.example/"):
        left = site.get(f"/api/preview/exit/?path={quote(target)}")
        assert left.status in (302, 307)
        assert left.header("Location") == "/"


def test_an_expired_preview_shows_the_published_page(site):
    answer = site.get(
        "/api/preview/?content_type=glossary.glossarytermpage"
        f"&token={quote(site.preview_token)}"
    )
    bypass = next(
        line.split(";", 1)[0].split("=", 1)[1]
        for line in answer.headers.get_all("Set-Cookie")
        if line.startswith("__prerender_bypass=")
    )
    # Draft Mode still on, but the token no longer opens anything (expired,
    # or its preview cleared): the published page, never an error.
    ticket = quote(
        '{"contentType":"glossary.glossarytermpage",'
        '"token":"id=1:1abcde:' + "x" * 43 + '","path":"/glossary/reach/"}'
    )
    cookie = f"__prerender_bypass={bypass}; glossary-preview={ticket}"
    page = site.get("/glossary/reach/", headers={"Cookie": cookie})
    assert page.status == 200
    assert site.terms["reach"].title in page.text
    assert DRAFT_SENTENCE not in page.text
