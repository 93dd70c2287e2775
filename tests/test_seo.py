"""What search engines read: the seo object, JSON-LD, the sitemap, and editor checks."""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from glossary.models import GlossaryRelatedTerm, GlossaryTermAlias
from seo.checks import DESCRIPTION_MAX, STANDALONE_TITLE_MIN, seo_checks
from seo.models import SEOSettings
from seo.text import shorten

from .test_api_pages import detail, hidden_pages
from .test_precise_invalidation import is_cached

LONG_DEFINITION = (
    "A micro-influencer is a creator with a modest but engaged following, usually "
    "somewhere between ten thousand and one hundred thousand people, whose "
    "recommendations feel personal because they answer comments themselves."
)


@pytest.fixture
def term(make_term):
    term = make_term(
        title="Micro-influencer",
        slug="micro-influencer",
        short_definition=LONG_DEFINITION,
        body=[
            ("faq", {"question": "How many followers?", "answer": "<p>10k–100k.</p>"})
        ],
    )
    term.term_aliases = [
        GlossaryTermAlias(name="Micro creator"),
        GlossaryTermAlias(name="Micro influencer"),
    ]
    term.save()
    return term


def test_seo_falls_back_to_title_and_a_shortened_definition(client, term):
    seo = detail(client, term)["seo"]
    assert seo["title"] == seo["social_title"] == "Micro-influencer"
    assert len(seo["description"]) <= DESCRIPTION_MAX
    assert seo["description"].endswith("…")
    kept = seo["description"][:-1]
    assert LONG_DEFINITION.startswith(kept)
    # Cut after a whole word: "whose", not "whose recommen".
    assert LONG_DEFINITION[len(kept)] == " "
    assert kept.endswith("one hundred thousand people, whose")
    assert (
        seo["canonical_url"]
        == "https://glossary.example.com/glossary/micro-influencer/"
    )
    assert seo["image"] is None
    assert seo["robots"] == "index, follow"


def test_seo_uses_what_the_seo_team_wrote(client, term, image):
    term.seo_title = "Micro-influencers explained"
    term.search_description = "Who micro-influencers are and why brands love them."
    term.canonical_url = "https://blog.example.com/micro-influencers/"
    term.social_image = image
    term.noindex = True
    term.save()
    seo = detail(client, term)["seo"]
    assert seo == {
        "title": "Micro-influencers explained",
        "social_title": "Micro-influencers explained",
        "description": "Who micro-influencers are and why brands love them.",
        "canonical_url": "https://blog.example.com/micro-influencers/",
        "image": seo["image"],
        "site_name": None,
        "robots": "noindex, follow",
    }
    assert re.match(r"^http://cms\.test/media/images/.*fill-1200x630", seo["image"])


def test_term_json_ld_defined_term_breadcrumbs_and_faq(client, term):
    defined, breadcrumbs, faq = detail(client, term)["json_ld"]
    url = "https://glossary.example.com/glossary/micro-influencer/"
    assert defined == {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": f"{url}#term",
        "name": "Micro-influencer",
        "description": LONG_DEFINITION,
        "url": url,
        "alternateName": ["Micro creator", "Micro influencer"],
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "@id": "https://glossary.example.com/glossary/#glossary",
            "name": "Glossary",
            "url": "https://glossary.example.com/glossary/",
        },
    }
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [
        (item["position"], item["name"], item["item"])
        for item in breadcrumbs["itemListElement"]
    ] == [
        (1, "Home", "https://glossary.example.com/"),
        (2, "Glossary", "https://glossary.example.com/glossary/"),
        (3, "Micro-influencer", url),
    ]
    assert faq == {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": "How many followers?",
                "acceptedAnswer": {"@type": "Answer", "text": "<p>10k–100k.</p>"},
            }
        ],
    }


def test_no_faq_page_without_faq_blocks(client, make_term):
    types = [item["@type"] for item in detail(client, make_term())["json_ld"]]
    assert types == ["DefinedTerm", "BreadcrumbList"]


def test_glossary_index_is_a_defined_term_set(client, glossary):
    glossary.intro = "<p>Every word a creator needs.</p>"
    glossary.save()
    data = detail(client, glossary)
    term_set, breadcrumbs = data["json_ld"]
    assert term_set["@type"] == "DefinedTermSet"
    assert term_set["@id"] == "https://glossary.example.com/glossary/#glossary"
    assert term_set["description"] == "Every word a creator needs."
    assert data["seo"]["description"] == "Every word a creator needs."
    assert len(breadcrumbs["itemListElement"]) == 2


def test_home_is_a_website(client, site_tree):
    (website,) = detail(client, site_tree["home"])["json_ld"]
    assert website["@type"] == "WebSite"
    assert website["url"] == "https://glossary.example.com/"


def sitemap_entries(client):
    """{location: lastmod or None} from /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in ElementTree.fromstring(response.content).findall("s:url", ns)
    }


def test_sitemap_lists_public_pages_at_frontend_urls(client, term, make_term):
    hidden = hidden_pages(make_term)
    noindex = make_term(title="Hidden", noindex=True)
    moved = make_term(title="Moved", canonical_url="https://blog.example.com/x/")
    term.save_revision().publish()
    entries = sitemap_entries(client)
    base = "https://glossary.example.com"
    pages = {url for url in entries if "/letter/" not in url}
    assert pages == {
        f"{base}/",
        f"{base}/glossary/",
        f"{base}/glossary/micro-influencer/",
    }
    term.refresh_from_db()
    assert entries[f"{base}/glossary/micro-influencer/"] == (
        term.last_published_at.date().isoformat()
    )
    for page in [*hidden, noindex, moved]:
        assert not any(page.slug in url for url in entries)


def test_sitemap_leaves_out_whole_private_sections(client, term, glossary):
    PageViewRestriction.objects.create(
        page=glossary, restriction_type="password", password="x"
    )
    assert set(sitemap_entries(client)) == {"https://glossary.example.com/"}


def checks_by_label(page):
    return {check.label: check for check in seo_checks(page)}


def test_checks_flag_what_an_seo_editor_would(make_term):
    bare = make_term(title="Reach", short_definition="People who saw it.")
    checks = checks_by_label(bare)
    assert not checks["Short definition"].passed
    assert "4 words" in checks["Short definition"].advice
    assert not checks["Examples"].passed
    assert not checks["Related terms"].passed
    assert not checks["Social image"].passed
    assert checks["Title tag"].passed is False  # 5 characters is too short
    assert checks["Meta description"].passed  # short enough to use as is
    assert "Search engines" not in checks


def test_checks_pass_for_a_complete_term(make_term, image):
    other = make_term(title="Nano-influencer")
    term = make_term(
        title="Micro-influencer",
        short_definition=LONG_DEFINITION,
        search_description="Who micro-influencers are, what they charge, and why "
        "brands choose them over celebrities.",
        social_image=image,
        examples=[("example", {"title": "A coach", "body": "<p>x</p>"})],
    )
    term.related_terms = [GlossaryRelatedTerm(term=other)]
    term.save()
    failed = [check for check in seo_checks(term) if not check.passed]
    assert failed == []
    term.noindex = True
    term.search_description = "x" * 200
    checks = checks_by_label(term)
    assert not checks["Search engines"].passed
    assert "200 characters: too long" in checks["Meta description"].advice


def test_long_fallback_description_is_flagged(term):
    check = checks_by_label(term)["Meta description"]
    assert not check.passed
    assert f"cut to fit {DESCRIPTION_MAX} characters, after a whole word" in (
        check.advice
    )


def test_editor_sees_checks_for_the_draft_in_the_promote_tab(admin_client, term):
    term.short_definition = "Now a very short draft."
    term.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[term.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "SEO checks" in page
    assert "data-seo-checks" in page
    assert "5 words: aim for 30–60" in page
    assert "Missing: shares on social networks will show no picture." in page
    for field in ("canonical_url", "social_image", "noindex"):
        assert f'name="{field}"' in page


def test_every_page_type_has_the_seo_fields_and_checks(admin_client, site_tree):
    for page in site_tree.values():
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "data-seo-checks" in html
        assert 'name="canonical_url"' in html
        assert 'name="noindex"' in html


# Meta descriptions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short enough.", 13, "Short enough."),
        (
            "Brands pay creators money, usually per post.",
            30,
            "Brands pay creators money…",
        ),
        (
            "Brands pay creators money — usually per post.",
            31,
            "Brands pay creators money…",
        ),
        ("One two three", 12, "One two…"),
        ("One two three", 8, "One two…"),
        ("One two three", 7, "One…"),
        ("https://example.com/a-very-long-address", 12, "https://exa…"),
    ],
)
def test_descriptions_are_cut_after_a_whole_word(text, limit, expected):
    assert shorten(text, limit) == expected
    assert len(expected) <= limit


def test_the_glossary_intro_is_cut_at_a_word_too(client, glossary):
    glossary.intro = "<p>" + "Creators and brands meet here every day. " * 6 + "</p>"
    glossary.save()
    description = detail(client, glossary)["seo"]["description"]
    assert len(description) <= DESCRIPTION_MAX
    assert description.endswith("every day. Creators and brands meet here every…")


# Site-wide SEO settings ------------------------------------------------------


@pytest.fixture
def site_seo(site_tree, image):
    settings = SEOSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name = "Creator Glossary"
    settings.title_suffix = "— Creator Glossary"
    settings.default_social_image = image
    settings.save()
    return settings


def test_title_has_the_suffix_and_the_social_title_does_not(client, term, site_seo):
    seo = detail(client, term)["seo"]
    assert list(seo) == [
        "title",
        "social_title",
        "description",
        "canonical_url",
        "image",
        "site_name",
        "robots",
    ]
    assert seo["title"] == "Micro-influencer — Creator Glossary"
    assert seo["social_title"] == "Micro-influencer"
    assert seo["site_name"] == "Creator Glossary"
    assert re.match(r"^http://cms\.test/media/images/.*fill-1200x630", seo["image"])
    # The same answer from the glossary API.
    delivered = client.get("/api/glossary/terms/micro-influencer/").json()["seo"]
    assert delivered == seo


def test_a_page_image_wins_over_the_default(client, term, site_seo, image):
    default = detail(client, term)["seo"]["image"]
    own = get_image_model().objects.create(
        title="Own", file=get_test_image_file(filename="own.png", size=(1300, 700))
    )
    term.social_image = own
    term.save()
    image_url = detail(client, term)["seo"]["image"]
    assert image_url != default
    assert "/own" in image_url


def test_seo_titles_keep_the_suffix_once(client, term, site_tree, site_seo):
    term.seo_title = "Micro-influencers explained | Creator Glossary"
    term.save()
    seo = detail(client, term)["seo"]
    assert seo["title"] == "Micro-influencers explained | Creator Glossary"
    assert seo["social_title"] == seo["title"]
    home = site_tree["home"]  # titled "Home": gets the suffix
    assert detail(client, home)["seo"]["title"] == "Home — Creator Glossary"
    home.title = "Creator glossary"
    home.save()
    assert detail(client, home)["seo"]["title"] == "Creator glossary"


def test_without_settings_the_site_name_comes_from_the_site(client, term):
    assert detail(client, term)["seo"]["site_name"] is None
    Site.objects.filter(is_default_site=True).update(site_name="Glossary Site")
    seo = detail(client, term)["seo"]
    assert seo["site_name"] == "Glossary Site"
    assert seo["title"] == "Micro-influencer"  # no suffix set: none added
    assert seo["image"] is None


def test_the_home_page_names_the_website_by_the_site_name(client, site_tree, site_seo):
    (website,) = detail(client, site_tree["home"])["json_ld"]
    assert website["name"] == "Creator Glossary"


def test_changing_seo_settings_renews_every_cached_answer(client, term, site_seo):
    term.save_revision().publish()
    path = "terms/micro-influencer/"
    before = client.get(f"/api/glossary/{path}").json()["seo"]
    assert is_cached(client, path)
    site_seo.title_suffix = "| Glossary"
    site_seo.site_name = "The Glossary"
    site_seo.default_social_image = None
    site_seo.save()
    assert not is_cached(client, path)
    after = client.get(f"/api/glossary/{path}").json()["seo"]
    assert before["title"] == "Micro-influencer — Creator Glossary"
    assert after["title"] == "Micro-influencer | Glossary"
    assert after["site_name"] == "The Glossary"
    assert after["image"] is None


def test_renaming_the_site_renews_the_site_name_it_falls_back_on(client, term):
    term.save_revision().publish()
    path = "terms/micro-influencer/"
    assert client.get(f"/api/glossary/{path}").json()["seo"]["site_name"] is None
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed"
    site.save()
    assert client.get(f"/api/glossary/{path}").json()["seo"]["site_name"] == "Renamed"


def test_deleting_the_default_image_renews_answers(client, term, site_seo, image):
    term.save_revision().publish()
    path = "terms/micro-influencer/"
    assert client.get(f"/api/glossary/{path}").json()["seo"]["image"]
    image.delete()
    assert client.get(f"/api/glossary/{path}").json()["seo"]["image"] is None


def test_default_image_costs_no_query_per_page(client, make_term, site_seo):
    for i in range(12):
        make_term(title=f"Word {i}")
    listing = "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=seo"
    client.get(f"{listing}&limit=2")  # the rendition is made once
    counts = []
    for limit in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            items = client.get(f"{listing}&limit={limit}").json()["items"]
        assert {item["seo"]["image"] for item in items} == {items[0]["seo"]["image"]}
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Title checks -----------------------------------------------------------------


def test_checks_say_when_a_title_cannot_stand_alone(make_term, site_seo):
    short = make_term(title="Reach")
    checks = checks_by_label(short)
    # With the suffix the title tag is long enough ...
    assert checks["Title tag"].passed
    assert "Counted with “— Creator Glossary”" in checks["Title tag"].advice
    # ... but shared on its own, "Reach" says too little.
    alone = checks["Title on its own"]
    assert not alone.passed
    assert "5 characters: too short to stand alone" in alone.advice
    assert "Social networks show the title without the site's name" in alone.advice
    assert f"under {STANDALONE_TITLE_MIN} characters" in alone.advice
    short.seo_title = "Reach explained for creators"
    assert checks_by_label(short)["Title on its own"].passed
    assert len("Micro-influencer") >= STANDALONE_TITLE_MIN
    assert checks_by_label(make_term(title="Micro-influencer"))[
        "Title on its own"
    ].passed


def test_a_suffix_that_makes_the_title_too_long_is_flagged(make_term, site_seo):
    term = make_term(title="Sponsored content disclosure rules in 2026")
    tag = checks_by_label(term)["Title tag"]
    assert not tag.passed
    assert "61 characters: too long" in tag.advice


def test_the_default_image_satisfies_the_social_image_check(make_term, site_seo):
    check = checks_by_label(make_term())["Social image"]
    assert check.passed
    assert check.advice == "Not set: shares show the site's default."


def test_editors_see_the_settings_in_the_admin(admin_client, site_seo):
    url = reverse("wagtailsettings:edit", args=["seo", "seosettings"])
    response = admin_client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("site_name", "title_suffix", "default_social_image"):
        assert f'name="{field}"' in html
    assert "Shares on social networks show the title without it." in html


# Letter pages in the sitemap ---------------------------------------------------


def test_letters_with_public_terms_are_in_the_sitemap(client, make_term):
    days = {"Brand deal": 5, "Bio link": 1, "360 video": 2}
    published = {
        title: timezone.now() - datetime.timedelta(days=ago)
        for title, ago in days.items()
    }
    for title, when in published.items():
        make_term(title=title, last_published_at=when)
    hidden = hidden_pages(make_term)
    assert sorted(page.letter for page in hidden) == ["D", "E", "P"]
    entries = sitemap_entries(client)
    letters = {url: lastmod for url, lastmod in entries.items() if "/letter/" in url}
    base = "https://glossary.example.com/glossary/letter"
    # Each letter changed when its latest term was published.
    assert letters == {
        f"{base}/b/": published["Bio link"].date().isoformat(),
        f"{base}/0-9/": published["360 video"].date().isoformat(),
    }


def test_a_glossary_hidden_from_search_engines_takes_its_letters(
    client, glossary, make_term
):
    make_term(title="Brand deal")
    assert "https://glossary.example.com/glossary/letter/b/" in sitemap_entries(client)
    glossary.noindex = True
    glossary.save()
    assert not [url for url in sitemap_entries(client) if "/letter/" in url]


def test_a_letter_query_never_becomes_part_of_a_canonical(client, glossary):
    canonical = "https://glossary.example.com/glossary/"
    assert detail(client, glossary)["seo"]["canonical_url"] == canonical
    with_query = client.get(f"/api/v2/pages/{glossary.pk}/", {"letter": "B"})
    assert with_query.json()["seo"]["canonical_url"] == canonical
    for html_path in ("/glossary/?letter=B", "/glossary/#letter-b"):
        found = client.get("/api/v2/pages/find/", {"html_path": html_path})
        assert found.status_code == 302, html_path
        answer = client.get(found["Location"]).json()
        assert answer["id"] == glossary.pk
        assert answer["seo"]["canonical_url"] == canonical
        assert answer["meta"]["html_url"] == canonical
    found = client.get(
        "/api/v2/pages/find/", {"html_path": "/glossary/", "letter": "B"}
    )
    assert client.get(found["Location"]).json()["seo"]["canonical_url"] == canonical
