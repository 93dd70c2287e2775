"""The SEO team's fields on every page type, and what they produce.

Every page type mixes in :class:`SEOMixin`: the Promote tab's fields and
checks, the ``seo`` object the API returns (``seo.api``) and the page's
sitemap entry. Site-wide defaults (site name, title suffix, social image) are
the :class:`~seo.site_settings.SEOSettings` site setting. The checklist lives
in ``seo.checks``, the Promote tab's live counts, search-result preview and
checks in ``seo.panels`` and ``seo.views``, the schema.org objects in
``seo.schema_org``.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model_string

from headless.frontend import encoded_url
from headless.sanitize import safe_url

from .checks import DESCRIPTION_MAX, DESCRIPTION_MIN, SEO_TITLE_MAX
from .panels import LengthFieldPanel, SEOChecksPanel
from .site_settings import SOCIAL_IMAGE_SPEC, SEOSettings
from .text import plain_text, shorten

__all__ = ["SOCIAL_IMAGE_SPEC", "SEOMixin", "SEOSettings"]


class SEOMixin(models.Model):
    """Promote-tab fields owned by the SEO team, on every page type."""

    canonical_url = models.URLField(
        max_length=500,
        blank=True,
        verbose_name="canonical URL",
        help_text="Leave empty: the page's own address is canonical. Fill in only "
        "when the main copy of this content lives at another address.",
    )
    social_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture shown when the page is shared on social networks. "
        "Use a landscape image of at least 1200×630 pixels.",
    )
    noindex = models.BooleanField(
        default=False,
        verbose_name="hide from search engines",
        help_text="Tick to keep this page out of search results and the sitemap. "
        "Readers can still open it.",
    )

    class Meta:
        abstract = True

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                LengthFieldPanel(
                    "seo_title",
                    counts="title",
                    help_text="The title in search results, browser tabs and shares. "
                    "Search results and tabs show it with the site's title suffix "
                    f"(SEO settings); keep both together under {SEO_TITLE_MAX} "
                    "characters. Leave empty to use the title.",
                ),
                LengthFieldPanel(
                    "search_description",
                    counts="description",
                    help_text="The snippet under the title in search results: "
                    f"{DESCRIPTION_MIN}–{DESCRIPTION_MAX} characters that make "
                    "people click. Leave empty to use the short definition or intro.",
                ),
                FieldPanel("canonical_url"),
                FieldPanel(
                    "social_image",
                    help_text="The picture shown when the page is shared on social "
                    "networks, at least 1200×630 pixels. Leave empty to use the "
                    "site's default image (SEO settings).",
                ),
                FieldPanel("noindex"),
            ],
            heading="For search engines",
        ),
        SEOChecksPanel(heading="SEO checks"),
    ]

    # What stands in for an unwritten meta description, in the checks' words.
    seo_fallback_label = "the introduction"

    def seo_fallback_description(self):
        """Plain text used when the editor wrote no meta description."""
        return ""

    def seo_content_checks(self):
        """Checks of the page's own content; page types add theirs."""
        return []

    def seo_description(self):
        text = plain_text(self.search_description or self.seo_fallback_description())
        return shorten(text, DESCRIPTION_MAX)

    def seo_canonical_url(self, request=None):
        # An address that would run script counts as none given; one typed
        # with accents is handed out encoded, like every other page URL.
        override = safe_url(self.canonical_url)
        return encoded_url(override) if override else self.get_full_url(request)

    def seo_settings(self, request=None):
        """The site-wide SEO defaults that apply to this page."""
        return SEOSettings.for_page(self, request)

    def seo_search_result(self):
        """The page as a search engine lists it: title tag, address, description.

        With the page's own site's settings, as the checks use them, whichever
        host the admin is opened on.
        """
        title = self.seo_title or self.title or ""
        return {
            "title": self.seo_settings().full_title(title),
            "url": self.seo_canonical_url() or "",
            "description": self.seo_description(),
        }

    def seo_place_under(self, parent):
        """Give a page being edited the address its slug, as typed, will have.

        A new page has none until it is saved, and one whose slug is being
        changed has the old one. Without a slug yet, the parent's address.
        """
        if self.slug:
            self.set_url_path(parent)
        else:
            self.url_path = parent.url_path

    def seo_site_name(self, request=None):
        return self.seo_settings(request).name()

    def seo_data(self, request=None):
        site_seo = self.seo_settings(request)
        social_title = self.seo_title or self.title
        return {
            "title": site_seo.full_title(social_title),
            "social_title": social_title,
            "description": self.seo_description(),
            "canonical_url": self.seo_canonical_url(request),
            "image": site_seo.image_url(self.social_image),
            "site_name": site_seo.name(),
            "robots": "noindex, follow" if self.noindex else "index, follow",
        }

    def get_sitemap_urls(self, request=None):
        # Hidden pages, and pages whose canonical copy is elsewhere, stay out.
        if self.noindex:
            return []
        own_url = self.get_full_url(request)
        if self.seo_canonical_url(request) != own_url:
            return []
        return super().get_sitemap_urls(request)
