"""Draft previews: the admin hands the frontend a token; the API returns the draft."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import rich_text
from wagtail_headless_preview.models import PagePreview

from headless.preview import preview_signer

from .factories import term_form

PREVIEW_API = "/api/v2/page_preview/"


@pytest.fixture
def term(make_term):
    return make_term(
        title="Micro-influencer",
        slug="micro-influencer",
        definition="<p>Published definition.</p>",
    )


def click_preview(client, page, data, host="localhost"):
    """Do what the admin's Preview button does; return the frontend URL it opens."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = client.post(url, data, HTTP_HOST=host)
    assert response.json()["is_valid"], response.content
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return html.unescape(re.search(r'src="([^"]+)"', response.text).group(1))


def preview_params(preview_url):
    query = parse_qs(urlsplit(preview_url).query)
    return {"content_type": query["content_type"][0], "token": query["token"][0]}


def draft_form(text="Draft definition."):
    return term_form(
        title="Micro-influencer",
        slug="micro-influencer",
        definition=rich_text(f"<p>{text}</p>"),
    )


@pytest.fixture
def preview(admin_client, term):
    url = click_preview(admin_client, term, draft_form())
    return url, preview_params(url)


def test_preview_opens_the_frontend_with_a_token(preview):
    url, params = preview
    assert url.startswith("https://glossary.example.com/api/preview/?")
    assert params["content_type"] == "glossary.glossarytermpage"


def test_site_hostnames_preview_on_their_own_frontend(admin_client, term):
    Site.objects.update(hostname="staging-cms.test")
    url = click_preview(admin_client, term, draft_form())
    assert url.startswith("https://staging.glossary.example.com/api/preview/?")


def test_preview_returns_the_draft_in_the_published_detail_shape(client, term, preview):
    _url, params = preview
    response = client.get(PREVIEW_API, params)
    assert response.status_code == 200, response.content
    draft = response.json()
    published = client.get(f"/api/v2/pages/{term.pk}/").json()
    assert "Draft definition." in draft["definition"]
    assert "Published definition." in published["definition"]
    assert draft.keys() == published.keys()
    assert draft["meta"].keys() == published["meta"].keys()
    assert draft["id"] == term.pk
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_preview_of_a_term_not_yet_created(admin_client, client, glossary):
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["glossary", "glossarytermpage", glossary.pk],
    )
    response = admin_client.post(url, draft_form("Brand new."))
    assert response.json()["is_valid"], response.content
    page_html = admin_client.get(url).text
    preview_url = html.unescape(re.search(r'src="([^"]+)"', page_html).group(1))
    response = client.get(PREVIEW_API, preview_params(preview_url))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["id"] is None
    assert "Brand new." in data["definition"]
    assert data["meta"]["type"] == "glossary.GlossaryTermPage"


def forged(identifier):
    return preview_signer().sign(identifier)


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "required"),
        ({"content_type": "glossary.glossarytermpage"}, 400, "required"),
        ({"token": "x"}, 400, "required"),
        ({"content_type": "glossary", "token": "x"}, 400, "app_label.model"),
        ({"content_type": "nope.nothing", "token": "x"}, 404, "no previewable"),
        ({"content_type": "auth.user", "token": "x"}, 404, "no previewable"),
        ({"content_type": "glossary.glossarytermpage", "token": "x"}, 400, "malformed"),
        (
            {"content_type": "glossary.glossarytermpage", "token": "id=1\x00:a:b"},
            400,
            "malformed",
        ),
        (
            {"content_type": "glossary.glossarytermpage", "token": "a" * 5000},
            400,
            "malformed",
        ),
    ],
)
def test_bad_requests_get_a_json_error(client, db, params, status, message):
    response = client.get(PREVIEW_API, params)
    assert response.status_code == status
    assert message in response.json()["message"]
    assert response["Cache-Control"] == "private, no-store"


def test_tampered_token_is_refused(client, preview, term):
    _url, params = preview
    identifier, timestamp, signature = params["token"].split(":")
    tampered = f"id={term.pk + 1}:{timestamp}:{signature}"
    response = client.get(PREVIEW_API, {**params, "token": tampered})
    assert response.status_code == 403
    assert "not valid" in response.json()["message"]


def test_package_default_tokens_are_not_accepted(client, preview, term):
    _url, params = preview
    package_token = signing.TimestampSigner(salt="headlesspreview.token").sign(
        f"id={term.pk}"
    )
    PagePreview.objects.filter(token=params["token"]).update(token=package_token)
    response = client.get(PREVIEW_API, {**params, "token": package_token})
    assert response.status_code == 403


def test_unknown_token_is_404(client, preview):
    _url, params = preview
    response = client.get(PREVIEW_API, {**params, "token": forged("id=999999")})
    assert response.status_code == 404
    assert "no preview" in response.json()["message"]


def test_token_for_another_content_type_is_404(client, preview):
    _url, params = preview
    response = client.get(
        PREVIEW_API, {**params, "content_type": "glossary.glossaryindexpage"}
    )
    assert response.status_code == 404


def test_token_only_opens_the_page_it_was_made_for(client, preview, make_term):
    """A signed token whose stored draft belongs to another page shows nothing."""
    _url, params = preview
    other = make_term(title="Reach", slug="reach")
    token = forged(f"id={other.pk}")
    PagePreview.objects.filter(token=params["token"]).update(token=token)
    response = client.get(PREVIEW_API, {**params, "token": token})
    assert response.status_code == 403
    assert "does not belong" in response.json()["message"]


def test_expired_token_is_410_and_its_draft_is_deleted(client, preview, settings):
    _url, params = preview
    settings.PREVIEW_TOKEN_MAX_AGE = -1
    response = client.get(PREVIEW_API, params)
    assert response.status_code == 410
    assert "expired" in response.json()["message"]
    assert not PagePreview.objects.filter(token=params["token"]).exists()


def test_expired_previews_are_cleared_by_command_and_on_use(
    admin_client, preview, term, settings
):
    settings.PREVIEW_TOKEN_MAX_AGE = -1
    call_command("clear_expired_previews", stdout=open("/dev/null", "w"))
    assert not PagePreview.objects.exists()
    # Stale rows also go whenever an editor previews again.
    settings.PREVIEW_TOKEN_MAX_AGE = 3600
    stale = PagePreview.objects.create(
        token=forged("id=1") + "x",
        content_type_id=term.content_type_id,
        content_json="{}",
    )
    click_preview(admin_client, term, draft_form())
    assert not PagePreview.objects.filter(pk=stale.pk).exists()
    assert PagePreview.objects.count() == 1


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://glossary.example.com", True),
        ("https://staging.glossary.example.com", True),
        ("https://evil.example.com", False),
    ],
)
def test_cors_allows_configured_frontends_only(client, glossary, origin, allowed):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=origin)
    assert response.status_code == 200
    assert (response.get("Access-Control-Allow-Origin") == origin) is allowed
