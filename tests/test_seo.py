"""What search engines read: the seo object, JSON-LD, the sitemap, and editor checks."""

import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from glossary.models import GlossaryRelatedTerm, GlossaryTermAlias
from seo.checks import DESCRIPTION_MAX, seo_checks

from .test_api_pages import detail, hidden_pages

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
    assert seo["title"] == "Micro-influencer"
    assert len(seo["description"]) <= DESCRIPTION_MAX
    assert seo["description"].endswith("…")
    assert LONG_DEFINITION.startswith(seo["description"][:-1].rstrip())
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
        "description": "Who micro-influencers are and why brands love them.",
        "canonical_url": "https://blog.example.com/micro-influencers/",
        "image": seo["image"],
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
    assert set(entries) == {
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
    advice = checks_by_label(term)["Meta description"].advice
    assert f"first {DESCRIPTION_MAX}" in advice


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
