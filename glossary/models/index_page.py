"""The glossary's own page: one per site, with the A–Z list of terms below it."""

from django.db.models import Max
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from headless.frontend import FrontendURLMixin
from headless.preview import PreviewMixin
from headless.sanitize import RichTextAPIField
from seo import schema_org
from seo.api import SEO_API_FIELDS
from seo.models import SEOMixin

from ..blocks import SECTION_FEATURES
from ..letters import letter_url
from ..text import LETTERS
from .term_page import GlossaryTermPage


class GlossaryIndexPage(FrontendURLMixin, PreviewMixin, SEOMixin, Page):
    """The glossary's home: an introduction above the A–Z list of terms."""

    intro = RichTextField(
        features=SECTION_FEATURES,
        blank=True,
        help_text="A short welcome shown above the A–Z list of terms.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    api_fields = [
        APIField("intro", serializer=RichTextAPIField()),
        *SEO_API_FIELDS,
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["glossary.GlossaryTermPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "glossary"

    def seo_fallback_description(self):
        return self.intro

    def permissions_for_user(self, user):
        # Editors' rights on this page are for its terms (glossary/permissions.py).
        from ..permissions import SectionPermissionTester

        return SectionPermissionTester(user, self)

    def json_ld(self, request=None):
        return schema_org.glossary(self, request)

    def get_sitemap_urls(self, request=None):
        """The glossary, then each letter page that lists at least one term.

        A letter page shows the live, public terms under this glossary whose
        title files under that letter, so it changed when the last of them was
        published. A glossary left out of the sitemap takes its letters along.
        """
        entries = super().get_sitemap_urls(request)
        if not entries:
            return entries
        published = dict(
            GlossaryTermPage.objects.child_of(self)
            .live()
            .public()
            .order_by()
            .values_list("letter")
            .annotate(lastmod=Max("last_published_at"))
        )
        glossary_url = entries[0]["location"]
        return entries + [
            {"location": letter_url(glossary_url, letter), "lastmod": published[letter]}
            for letter in LETTERS
            if letter in published
        ]
