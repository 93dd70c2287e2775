"""The reference frontend and a live CMS wired together, for tests that read both.

``tests/frontend.py`` starts the frontend; this module points the CMS at it,
speaks HTTP to both exactly as a crawler would, and signs messages as the
CMS's webhooks do.
"""

import http.client
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.conf import settings

from webhooks.signing import HEADER as SIGNATURE_HEADER
from webhooks.signing import sign

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


# Wiring the CMS and the frontend together -----------------------------------


def frontend_settings(cms_url, frontend_url):
    """The CMS settings that make its URLs, previews and images meet the frontend."""
    return {
        "FRONTEND_URL": frontend_url,
        "WAGTAILADMIN_BASE_URL": cms_url,
        "WAGTAILAPI_BASE_URL": cms_url,
        "WAGTAIL_HEADLESS_PREVIEW": {
            **settings.WAGTAIL_HEADLESS_PREVIEW,
            "CLIENT_URLS": {"default": frontend_url + settings.PREVIEW_ROUTE},
            "SERVE_BASE_URL": frontend_url,
        },
        "CORS_ALLOWED_ORIGINS": [frontend_url],
    }


def signed_post(frontend, body, *, secret=None, timestamp=None):
    """POST ``body`` to the frontend's webhook route, signed as the CMS signs."""
    body = body.encode() if isinstance(body, str) else body
    signature = sign(
        frontend.secret if secret is None else secret,
        time.time() if timestamp is None else timestamp,
        body,
    )
    return fetch(
        frontend.url + "/api/revalidate/",
        method="POST",
        body=body,
        headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature},
    )


def expire_everything(frontend):
    """Empty the frontend's cache of CMS answers and pages, as a site-wide change does.

    A frontend that outlives one test's database must not serve the pages it
    rendered from the last one.
    """
    message = json.dumps({"event": "page.published", "changed": {"everything": True}})
    answer = signed_post(frontend, message)
    assert answer.status == 200, answer.text
    assert answer.json() == {"revalidated": ["cms"]}


# HTTP ----------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name):
        return self.headers.get(name)

    def json(self):
        return json.loads(self.text)

    def html(self):
        return BeautifulSoup(self.text, "html.parser")

    def cookies(self):
        """The names of the cookies this answer sets."""
        return {
            value.split("=", 1)[0].strip()
            for value in self.headers.get_all("Set-Cookie") or []
        }


def fetch(url, *, method="GET", headers=None, body=None, timeout=30):
    """One request, sent exactly as given: no redirects followed, no re-encoding."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return Answer(response.status, response.headers, text)
    finally:
        conn.close()
