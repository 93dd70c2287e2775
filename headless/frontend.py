"""Which host each URL handed out by the headless CMS points at."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
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
    if parts is None:
        return None
    _site_id, root_url, page_path = parts
    return root_url + page_path


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
