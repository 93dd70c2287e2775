"""The public site is a separate frontend; the CMS only hands out its URLs."""

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
