"""The SEO team's fields on every page type, and what they produce.

Every page type mixes in :class:`SEOMixin`: the Promote tab's fields and
checks, the ``seo`` object the API returns (``seo.api``) and the page's
sitemap entry. The checklist lives in ``seo.checks``, the schema.org objects
in ``seo.schema_org``.
"""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model_string

from headless.frontend import absolute_cms_url
from headless.sanitize import safe_url

from .checks import DESCRIPTION_MAX, DESCRIPTION_MIN, SEO_TITLE_MAX, SEOChecksPanel

SOCIAL_IMAGE_SPEC = "fill-1200x630"


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
                FieldPanel(
                    "seo_title",
                    help_text="The title in search results and browser tabs. Keep it "
                    f"under {SEO_TITLE_MAX} characters. Leave empty to use the title.",
                ),
                FieldPanel(
                    "search_description",
                    help_text="The snippet under the title in search results: "
                    f"{DESCRIPTION_MIN}–{DESCRIPTION_MAX} characters that make "
                    "people click. Leave empty to use the short definition or intro.",
                ),
                FieldPanel("canonical_url"),
                FieldPanel("social_image"),
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
        text = self.search_description or self.seo_fallback_description()
        text = " ".join(strip_tags(text).split())
        return Truncator(text).chars(DESCRIPTION_MAX)

    def seo_canonical_url(self, request=None):
        # An address that would run script counts as none given.
        return safe_url(self.canonical_url) or self.get_full_url(request)

    def seo_data(self, request=None):
        image = self.social_image
        image_url = None
        if image is not None:
            image_url = absolute_cms_url(image.get_rendition(SOCIAL_IMAGE_SPEC).url)
        return {
            "title": self.seo_title or self.title,
            "description": self.seo_description(),
            "canonical_url": self.seo_canonical_url(request),
            "image": image_url,
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
