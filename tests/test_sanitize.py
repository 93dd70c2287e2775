"""Content that never went through the editor leaves the API as the editor allows.

Hostile HTML and URLs are written straight through the ORM, as a script or an
import would, and every way the API hands out a term must drop what a browser
would run while passing clean content through unchanged.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import get_page_models
from wagtail.rich_text import expand_db_html

from glossary.blocks import APIRichTextBlock
from headless.sanitize import RichTextAPIField, clean_rich_text, safe_url

from .factories import CallToActionFactory, set_default_cta
from .test_seo import sitemap_entries

PREVIEW_API = "/api/v2/page_preview/"
FRONTEND = Path(__file__).resolve().parent.parent / "frontend"

HOSTILE_HTML = (
    '<p>Before <img src=x onerror="alert(1)">'
    '<iframe srcdoc="<script>alert(2)</script>"></iframe>'
    "<script>alert(3)</script>"
    '<a href="javascript:alert(4)">plain</a> '
    '<a href=" JaVaScRiPt:alert(5)">mixed case</a> '
    '<a href="java&#x09;script:alert(6)">encoded tab</a> '
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a> '
    '<a href="vbscript:msgbox(7)">vb</a> '
    '<svg onload="alert(8)"><circle r="1"></circle></svg>'
    '<span style="background:url(javascript:alert(9))">styled</span> '
    '<b onclick="alert(10)">bold</b> after</p>'
)
# Lower-case traces of HOSTILE_HTML that must not reach a reader.
HOSTILE_MARKERS = [
    "alert",
    "msgbox",
    "javascript",
    "vbscript",
    "data:text",
    "onerror",
    "onload",
    "onclick",
    "srcdoc",
    "style=",
    "<img",
    "<iframe",
    "<script",
    "<svg",
]
BAD_URL = "javascript:alert(11)"


def assert_harmless(data):
    text = json.dumps(data).lower()
    found = [marker for marker in HOSTILE_MARKERS if marker in text]
    assert not found, found


@pytest.fixture
def hostile_term(make_term):
    cta = CallToActionFactory(
        url=BAD_URL,
        app_store_url=" JaVaScRiPt:alert(12)",
        play_store_url="data:text/html,<script>alert(13)</script>",
    )
    term = make_term(
        title="Engagement rate",
        slug="engagement-rate",
        definition=HOSTILE_HTML,
        why_it_matters=HOSTILE_HTML,
        cta=cta,
        examples=[
            (
                "example",
                {
                    "title": "One post",
                    "body": HOSTILE_HTML,
                    "link": {"label": "More", "page": None, "url": BAD_URL},
                },
            )
        ],
        body=[
            ("section", {"heading": "More", "text": HOSTILE_HTML}),
            ("faq", {"question": "Is it safe?", "answer": HOSTILE_HTML}),
            ("cta", cta),
        ],
    )
    write_unchecked(term, canonical_url=BAD_URL)
    return term


def write_unchecked(page, **fields):
    """Save fields the way an import or script would: no form, no validation."""
    for name, value in fields.items():
        setattr(page, name, value)
    page.save(clean=False)


def v2_detail(client, term):
    response = client.get(f"/api/v2/pages/{term.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def v2_listing(client, term):
    response = client.get("/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*")
    assert response.status_code == 200, response.content
    (item,) = [item for item in response.json()["items"] if item["id"] == term.pk]
    return item


def glossary_detail(client, term):
    response = client.get(f"/api/glossary/terms/{term.slug}/")
    assert response.status_code == 200, response.content
    return response.json()


def preview(client, term):
    draft = term.create_page_preview()
    response = client.get(
        PREVIEW_API,
        {"content_type": "glossary.glossarytermpage", "token": draft.token},
    )
    assert response.status_code == 200, response.content
    return response.json()


READERS = [v2_detail, v2_listing, glossary_detail, preview]


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__)
def test_hostile_content_leaves_no_trace(client, hostile_term, read):
    data = read(client, hostile_term)

    assert_harmless(data)
    example = data["examples"][0]["value"]
    section, faq, cta_block = (block["value"] for block in data["body"])
    # Text around the dropped markup is still there for the reader.
    for html in (
        data["definition"],
        data["why_it_matters"],
        example["body"],
        section["text"],
        faq["answer"],
    ):
        assert html.startswith("<p>Before ")
        assert "<b>bold</b> after</p>" in html
        assert "<a>plain</a>" in html
    assert example["link"] is None
    for cta in (data["cta"], cta_block):
        assert (cta["url"], cta["app_store_url"], cta["play_store_url"]) == (
            None,
            None,
            None,
        )
        assert cta["button_label"] == "Create your profile now"
    own_url = "https://glossary.example.com/glossary/engagement-rate/"
    assert data["seo"]["canonical_url"] == own_url
    defined_term = data["json_ld"][0]
    assert (defined_term["url"], defined_term["@id"]) == (own_url, f"{own_url}#term")


def test_every_endpoint_agrees_on_the_cleaned_term(client, hostile_term):
    assert glossary_detail(client, hostile_term) == v2_detail(client, hostile_term)


def test_faq_answers_in_json_ld_are_cleaned(client, hostile_term):
    faq_page = v2_detail(client, hostile_term)["json_ld"][-1]
    assert faq_page["@type"] == "FAQPage"
    answer = faq_page["mainEntity"][0]["acceptedAnswer"]["text"]
    assert answer.startswith("<p>Before ")
    assert_harmless(answer)


@pytest.mark.parametrize("rich_text_format", ["db_html", "markdown", "db_markdown"])
def test_other_rich_text_formats_are_cleaned_too(
    client, make_term, hostile_term, rich_text_format
):
    other = make_term(title="Reach", slug="reach")
    write_unchecked(
        hostile_term,
        definition=f'<p><a linktype="page" id="{other.pk}">reach</a></p>{HOSTILE_HTML}',
    )
    response = client.get(
        f"/api/v2/pages/{hostile_term.pk}/?rich_text_format={rich_text_format}"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert_harmless(data)
    if rich_text_format == "db_html":
        # The stored reference to another page survives for clients that resolve it.
        assert f'<a linktype="page" id="{other.pk}">reach</a>' in data["definition"]


def test_glossary_and_home_introductions_are_cleaned(client, site_tree):
    for page in site_tree.values():
        write_unchecked(page, intro=HOSTILE_HTML)
        intro = v2_detail(client, page)["intro"]
        assert_harmless(intro)
        assert intro.startswith("<p>Before ")


EDITOR_HTML = (
    '<h3 data-block-key="a1">How it is worked out</h3>'
    '<p data-block-key="a2">Divide <b>interactions</b> by <i>reach</i>: see '
    '<a href="https://example.com/guide?step=1&amp;lang=en">the guide</a>, '
    '<a href="mailto:team@example.com">write to us</a>, '
    '<a href="tel:+441234567890">call</a>, '
    '<a href="/glossary/">the glossary</a> or '
    '<a linktype="page" id="{reach}">reach</a>.</p>'
    '<ol><li data-block-key="a3">Count</li><li data-block-key="a4">Divide</li></ol>'
    '<ul><li data-block-key="a5">Likes</li></ul>'
    '<h4 data-block-key="a6">Caveats</h4>'
)
FAQ_HTML = (
    '<p data-block-key="b1"><b>Yes</b>, <i>usually</i>: see '
    '<a href="https://example.com/faq">the FAQ</a>.</p>'
)


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__)
def test_what_the_editor_writes_comes_through_unchanged(client, make_term, read):
    reach = make_term(title="Reach", slug="reach")
    source = EDITOR_HTML.format(reach=reach.pk)
    cta = CallToActionFactory(
        url="https://example.com/signup",
        app_store_url="https://apps.apple.com/app/id1",
        play_store_url="https://play.google.com/store/apps/details?id=x",
    )
    term = make_term(
        title="Engagement rate",
        slug="engagement-rate",
        definition=source,
        why_it_matters=source,
        canonical_url="https://blog.example.com/engagement/",
        cta=cta,
        examples=[
            (
                "example",
                {
                    "title": "One post",
                    "body": source,
                    "link": {"label": "More", "page": None, "url": "mailto:a@b.c"},
                },
            )
        ],
        body=[
            ("section", {"heading": "More", "text": source}),
            ("faq", {"question": "Is it safe?", "answer": FAQ_HTML}),
        ],
    )
    data = read(client, term)

    expected = expand_db_html(source)
    assert 'href="https://glossary.example.com/glossary/reach/"' in expected
    assert data["definition"] == expected
    assert data["why_it_matters"] == expected
    assert data["examples"][0]["value"]["body"] == expected
    assert data["examples"][0]["value"]["link"]["url"] == "mailto:a@b.c"
    assert data["body"][0]["value"]["text"] == expected
    assert data["body"][1]["value"]["answer"] == FAQ_HTML
    assert data["cta"]["url"] == "https://example.com/signup"
    assert data["cta"]["app_store_url"] == "https://apps.apple.com/app/id1"
    assert data["cta"]["play_store_url"] == cta.play_store_url
    assert data["seo"]["canonical_url"] == "https://blog.example.com/engagement/"


def test_rich_text_keeps_only_what_its_editor_offers(client, make_term):
    # FAQ answers offer bold, italic and links: no headings or lists.
    answer = '<h3 data-block-key="c1">Heading</h3><ul><li>Item</li></ul>'
    term = make_term(body=[("faq", {"question": "Q?", "answer": answer})])
    assert v2_detail(client, term)["body"][0]["value"]["answer"] == "HeadingItem"


def test_unsafe_canonical_url_counts_as_none(client, make_term):
    term = make_term(title="Reach", slug="reach")
    write_unchecked(term, canonical_url=BAD_URL)
    assert "https://glossary.example.com/glossary/reach/" in sitemap_entries(client)


def test_search_snippets_show_hostile_markup_as_text(client, make_term):
    make_term(
        title="Engagement rate",
        short_definition="Engagement <img src=x onerror=alert(1)> explained.",
        why_it_matters=HOSTILE_HTML,
    )
    response = client.get("/api/glossary/search/?q=engagement")
    assert response.status_code == 200, response.content
    hit = response.json()["items"][0]
    # The snippet is HTML: only its own <mark> tags may be markup.
    snippet = hit["highlight"]["snippet"].replace("<mark>", "").replace("</mark>", "")
    assert "<" not in snippet


@pytest.mark.parametrize(
    ("first_name", "last_name", "shown"),
    [("Jane", "Doe", "Jane Doe"), ("", "", None), (" ", "", None)],
)
def test_reviewer_shows_a_full_name_or_nothing(
    client, make_term, first_name, last_name, shown
):
    reviewer = get_user_model().objects.create_user(
        username="jdoe-login",
        email="jdoe@example.com",
        first_name=first_name,
        last_name=last_name,
    )
    term = make_term(reviewed_by=reviewer)
    data = v2_detail(client, term)
    assert data["reviewed_by"] == shown
    assert "jdoe" not in json.dumps(data)


def test_default_cta_urls_are_checked_too(client, make_term):
    set_default_cta(CallToActionFactory(url=BAD_URL))
    assert v2_detail(client, make_term())["cta"]["url"] is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " JaVaScRiPt:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "jav&#x61;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "http://[::1",
        "",
        "   ",
        None,
    ],
)
def test_safe_url_refuses(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a?b=1&c=2#d",
        "http://example.com/",
        "HTTPS://EXAMPLE.COM/",
        "mailto:team@example.com",
        "tel:+441234567890",
        "/glossary/reach/",
        "reach/",
        "#faq",
        "?letter=b",
    ],
)
def test_safe_url_keeps(url):
    assert safe_url(url) == url


def test_clean_rich_text_drops_href_but_keeps_the_words():
    html = '<p><a href="javascript:alert(1)" target="_blank">words</a></p>'
    assert clean_rich_text(html, ["link"]) == "<p><a>words</a></p>"


def test_every_rich_text_the_api_serves_goes_through_the_cleaner():
    """A new rich text field or block cannot skip cleaning unnoticed."""

    def rich_text_blocks(block):
        if isinstance(block, blocks.RichTextBlock):
            yield block
        for child in getattr(block, "child_blocks", {}).values():
            yield from rich_text_blocks(child)
        if isinstance(block, blocks.ListBlock):
            yield from rich_text_blocks(block.child_block)

    for model in get_page_models():
        for api_field in getattr(model, "api_fields", []):
            try:
                field = model._meta.get_field(api_field.name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, RichTextField):
                assert isinstance(api_field.serializer, RichTextAPIField), (
                    model,
                    api_field.name,
                )
            if isinstance(field, StreamField):
                for block in rich_text_blocks(field.stream_block):
                    assert isinstance(block, APIRichTextBlock), (model, field.name)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_frontend_prints_json_ld_escaped():
    result = subprocess.run(
        ["node", "--test", str(FRONTEND)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
