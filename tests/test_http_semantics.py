"""HTTP as RFC 9110 has it, security headers everywhere, a cache no one can flood."""

import time

import pytest
from django.core.cache import cache
from django.utils.http import http_date

from .factories import GlossaryTermPageFactory

API = "/api/glossary"


@pytest.fixture
def term(glossary, image):
    return GlossaryTermPageFactory(
        parent=glossary,
        title="Link in bio",
        slug="link-in-bio",
        short_definition="One link on a profile that leads to many.",
        social_image=image,
    )


def lifetimes():
    """Seconds each glossary API answer in the cache has left, longest first."""
    if hasattr(cache, "_expire_info"):  # local memory
        left = [
            expires - time.time()
            for key, expires in cache._expire_info.items()
            if ":glossary-api:response:" in key
        ]
    else:
        left = [cache.ttl(key) for key in cache.keys("glossary-api:response:*")]
    return sorted(left, reverse=True)


def stored_answers():
    return len(lifetimes())


# Conditional requests ------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_IF_NONE_MATCH": "*"},
        {"HTTP_IF_MODIFIED_SINCE": http_date(time.time() + 365 * 86400)},
    ],
)
def test_a_missing_term_is_404_whatever_the_conditions(client, term, header):
    response = client.get(f"{API}/terms/no-such-term/", **header)
    assert response.status_code == 404
    assert response.json()["message"]


def test_if_none_match_star_is_304_only_when_the_term_exists(client, term):
    first = client.get(f"{API}/terms/link-in-bio/", HTTP_IF_NONE_MATCH="*")
    assert first.status_code == 304
    cached = client.get(f"{API}/terms/link-in-bio/", HTTP_IF_NONE_MATCH="*")
    assert cached.status_code == 304


def test_a_date_in_the_future_is_ignored(client, term):
    client.get(f"{API}/terms/link-in-bio/")  # cached, then asked again
    for _ in range(2):
        future = http_date(time.time() + 365 * 86400)
        response = client.get(
            f"{API}/terms/link-in-bio/", HTTP_IF_MODIFIED_SINCE=future
        )
        assert response.status_code == 200
        assert response.json()["title"] == "Link in bio"


def test_our_own_last_modified_still_gets_a_304(client, term):
    first = client.get(f"{API}/letters/")
    again = client.get(f"{API}/letters/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize(
    "path", ["terms/", "terms/link-in-bio/", "letters/", "search/?q=bio"]
)
def test_head_is_get_without_the_body(client, term, path, warm):
    if warm:
        client.get(f"{API}/{path}")
    get = client.get(f"{API}/{path}")
    head = client.head(f"{API}/{path}")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == "application/json"
    assert head["ETag"] == get["ETag"]
    assert int(head["Content-Length"]) == len(get.content)


def test_head_of_a_missing_term_is_404(client, term):
    assert client.head(f"{API}/terms/missing/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap.xml",
        f"{API}/openapi.json",
        f"{API}/docs/",
        f"{API}/terms/",
        "/api/v2/pages/",
        "/admin/login/",
        "/media/images/x.png",
    ],
)
@pytest.mark.parametrize("method", ["TRACE", "CONNECT"])
def test_trace_and_connect_are_refused(client, term, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"]
    assert b"Link in bio" not in response.content


@pytest.mark.parametrize(
    "path", ["/sitemap.xml", f"{API}/openapi.json", f"{API}/terms/", "/api/v2/pages/"]
)
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_public_reads_refuse_writes(client, term, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_api_errors_for_methods_are_json(client, db):
    response = client.delete(f"{API}/terms/")
    assert response["Content-Type"] == "application/json"
    assert "DELETE" in response.json()["message"]


# What the cache keeps --------------------------------------------------------


def test_not_found_answers_are_not_kept(client, term):
    for n in range(20):
        assert client.get(f"{API}/terms/made-up-{n}/").status_code == 404
    assert stored_answers() == 0
    client.get(f"{API}/terms/link-in-bio/")
    assert stored_answers() == 1


def test_search_answers_are_kept_briefly(client, term, settings):
    assert client.get(f"{API}/search/?q=bio").json()["count"] == 1
    assert client.get(f"{API}/autocomplete/?q=lin").status_code == 200
    assert client.get(f"{API}/letters/").status_code == 200
    letters, *searches = lifetimes()
    assert letters > settings.GLOSSARY_API_SEARCH_CACHE_TIMEOUT
    assert len(searches) == 2
    assert all(
        0 < left <= settings.GLOSSARY_API_SEARCH_CACHE_TIMEOUT for left in searches
    )


# Absolute URLs -----------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_X_FORWARDED_PROTO": "https"},
        {"HTTP_HOST": "cms.test:8443"},
        {"HTTP_HOST": "evil.example"},
        {"SERVER_PORT": "8080"},
    ],
)
def test_image_urls_never_follow_the_request(client, term, settings, headers):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    data = client.get(f"/api/v2/pages/{term.pk}/", **headers).json()
    detail = client.get(f"{API}/terms/link-in-bio/", **headers).json()
    for answer in (data, detail):
        image = answer["seo"]["image"]
        assert image.startswith(f"{settings.WAGTAILADMIN_BASE_URL}/media/images/")


def test_block_image_urls_are_on_the_cms_base_url(client, term, image, settings):
    term.examples = [
        ("example", {"title": "Shop", "body": "<p>One link.</p>", "image": image})
    ]
    term.save_revision().publish()
    answer = client.get(
        f"{API}/terms/link-in-bio/", HTTP_X_FORWARDED_PROTO="https", SERVER_PORT="81"
    ).json()
    renditions = answer["examples"][0]["value"]["image"]["renditions"]
    for rendition in renditions.values():
        assert rendition["url"].startswith(f"{settings.WAGTAILADMIN_BASE_URL}/media/")


# Security headers ----------------------------------------------------------------


SECURITY_HEADERS = ["X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"]


@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize(
    "path",
    [
        f"{API}/terms/",
        f"{API}/terms/link-in-bio/",
        f"{API}/terms/missing/",
        "/api/v2/pages/",
        "/api/v2/pages/abc/",
        "/sitemap.xml",
    ],
)
def test_every_api_answer_carries_the_security_headers(client, term, path, warm):
    if warm:
        client.get(path)
    response = client.get(path)
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    if path.startswith("/api/"):
        assert "default-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy


def test_the_admin_has_a_policy_it_works_under(admin_client, term):
    response = admin_client.get(f"/admin/pages/{term.pk}/edit/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    # Previews load the frontend inside the admin.
    assert "https://glossary.example.com" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_304_carries_the_security_headers_too(client, term):
    first = client.get(f"{API}/letters/")
    again = client.get(f"{API}/letters/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    for header in SECURITY_HEADERS:
        assert again.has_header(header), header


def test_free_text_in_terms_is_kept_briefly_and_redirects_not_at_all(
    client, term, settings
):
    term.term_aliases.create(name="Bio link")
    term.save_revision().publish()
    assert client.get(f"{API}/terms/?q=junk-words").status_code == 200
    assert client.get(f"{API}/terms/bio-link/").status_code == 301
    assert client.get(f"{API}/terms/BIO-LINK/").status_code == 301
    [left] = lifetimes()
    assert 0 < left <= settings.GLOSSARY_API_SEARCH_CACHE_TIMEOUT


def test_cached_answers_say_how_long_they_are(client, term):
    first = client.get(f"{API}/letters/")
    cached = client.get(f"{API}/letters/")
    assert int(cached["Content-Length"]) == len(cached.content) == len(first.content)


@pytest.mark.parametrize("path", [f"{API}/letters/", "/api/v2/pages/", "/sitemap.xml"])
def test_options_says_what_may_be_done(client, db, path):
    response = client.options(path)
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_password_protected_documents_can_still_be_opened(client, db):
    response = client.post("/documents/authenticate_with_password/1/")
    assert response.status_code != 405
