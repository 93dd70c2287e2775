"""The glossary's own page: one per site, with the A–Z list of terms below it."""

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
