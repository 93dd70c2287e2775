"""Which host each URL handed out by the headless CMS points at, and in what form.

Page URLs are handed out percent-encoded (UTF-8), the one form that is valid in
HTML, sitemaps and HTTP headers alike: ``/glossary/%C3%A9lite/``, never
``/glossary/élite/``. Wagtail builds them that way (``reverse()`` encodes), and
:func:`frontend_path_url` does the same for URLs built from stored paths.
"""

import re
from urllib.parse import quote, unquote_to_bytes, urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.encoding import iri_to_uri
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page


class FrontendURLMixin:
    """Page URLs point at the public frontend, which serves the HTML.

    Routing on the CMS host is unchanged; only the root of absolute URLs
    (API ``html_url``, rich text links, "View live" in the admin) moves.
    """

    def get_url_parts(self, request=None):
        return on_frontend(super().get_url_parts(request))


def on_frontend(url_parts):
    """Wagtail's (site_id, root_url, page_path) with the root moved to the frontend."""
    if url_parts is None or not settings.FRONTEND_URL:
        return url_parts
    site_id, _root_url, page_path = url_parts
    return site_id, settings.FRONTEND_URL, page_path


def frontend_url(page, request=None):
    """The public URL of any page, specific or not, without loading its subclass."""
    parts = on_frontend(Page.get_url_parts(page, request))
    if parts is None or parts[2] is None:  # outside every site, or not routable
        return None
    _site_id, root_url, page_path = parts
    return root_url + page_path


# What Django's reverse() leaves unencoded in a path, so that URLs built from
# stored paths match the ones Wagtail builds character for character.
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def encode_path(path):
    """A page path (``/glossary/élite/``) percent-encoded as Wagtail's URLs are."""
    return quote(path, safe=_PATH_SAFE)


def frontend_path_url(path):
    """The frontend URL of a page path within its site, e.g. ``/glossary/élite/``."""
    return settings.FRONTEND_URL + encode_path(path)


def encoded_url(url):
    """An address an editor typed with accents, in the form page URLs have.

    Path, query and fragment are percent-encoded; the host is left as typed
    (encoding it would need IDNA, not percent-encoding). An ASCII address,
    encoded already or not, comes back unchanged.
    """
    if url.isascii():
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit(
        parts._replace(
            path=iri_to_uri(parts.path),
            query=iri_to_uri(parts.query),
            fragment=iri_to_uri(parts.fragment),
        )
    )


# Longer than any URL a browser or a CDN handles well; paths past it are refused
# before any lookup.
MAX_PATH_LENGTH = 2048
_BROKEN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def requested_path(value):
    """The page path a client asks for (``?html_path=``), decoded once.

    Accepts the path as the browser's address bar shows it (``/glossary/élite/``)
    or as it travels (``/glossary/%C3%A9lite/``, hex in either case), and drops
    a query or fragment (``/glossary/?letter=B``): they never name a page.
    Raises ``ValueError`` saying what is wrong with anything else; a path that
    is still encoded after one decoding (``%25C3``) names no page, and is left
    for the lookup to miss.
    """
    if len(value) > MAX_PATH_LENGTH:
        raise ValueError(f"is limited to {MAX_PATH_LENGTH} characters")
    path = re.split(r"[?#]", value, maxsplit=1)[0]
    if _BROKEN_ESCAPE.search(path):
        raise ValueError("holds a “%” that does not start an escape such as %C3")
    try:
        path = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("is not percent-encoded UTF-8") from None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        raise ValueError("holds a control character")
    return path


def absolute_cms_url(url):
    """Images and documents are served by the CMS, not by the frontend's host.

    Always on ``WAGTAILADMIN_BASE_URL``, never on the request's host, scheme or
    port: answers are cached and shared, so one client's ``X-Forwarded-Proto``
    or port must not end up in another's image URLs.
    """
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL + url


# The CMS's own addresses, which are never the frontend's.
CMS_PREFIXES = ("/admin/", "/api/", "/documents/", "/media/")


def to_frontend(request, page_path=""):
    """A page address on the CMS host: the same address on the frontend.

    The CMS serves no public HTML. Every path is sent on without looking it
    up, so the answer says nothing about which pages exist or are private.
    """
    if request.path_info.startswith(CMS_PREFIXES):
        raise Http404("no such address")
    return HttpResponseRedirect(settings.FRONTEND_URL + request.get_full_path())
