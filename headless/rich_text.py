"""Rich text link handling for a headless site."""

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .frontend import absolute_cms_url
from .prefetch import fetch_known, prefetched


class KnownIdsMixin:
    """Links and embeds whose id cannot be a database id resolve to nothing.

    Stock handlers pass every stored id to the database, so rich text written
    outside the editor (``id="abc"``, an id past 2^63) would end in a 500.
    """

    @classmethod
    def get_many(cls, attrs_list):
        return fetch_known(
            super().get_many, attrs_list, id_of=lambda attrs: attrs.get("id")
        )


class CheckedImageEmbedHandler(KnownIdsMixin, ImageEmbedHandler):
    pass


class FrontendPageLinkHandler(KnownIdsMixin, PageLinkHandler):
    """Internal links in rich text become absolute frontend URLs in the API.

    Stock Wagtail writes a site-relative path, which breaks for API clients
    that do not live on the frontend's host (apps, newsletters, feeds).
    """

    @classmethod
    def get_many(cls, attrs_list):
        pages = prefetched(Page, [attrs.get("id") for attrs in attrs_list])
        return pages if pages is not None else super().get_many(attrs_list)

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(page.localized.full_url)}">' if page else "<a>"
            for page in cls.get_many(attrs_list)
        ]


class CMSDocumentLinkHandler(KnownIdsMixin, DocumentLinkHandler):
    """Document links point at the CMS host, where documents are served.

    Stock Wagtail writes a host-relative path, which a frontend on another
    host would resolve against itself and break.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(absolute_cms_url(doc.url))}">' if doc else "<a>"
            for doc in cls.get_many(attrs_list)
        ]
