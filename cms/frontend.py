"""Which host each URL handed out by the headless CMS points at."""

from django.conf import settings


class FrontendURLMixin:
    """Page URLs point at the public frontend, which serves the HTML.

    Routing on the CMS host is unchanged; only the root of absolute URLs
    (API ``html_url``, rich text links, "View live" in the admin) moves.
    """

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or not settings.FRONTEND_URL:
            return parts
        site_id, _root_url, page_path = parts
        return site_id, settings.FRONTEND_URL, page_path


def absolute_cms_url(url, request=None):
    """Images and documents are served by the CMS, not by the frontend's host."""
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL + url
