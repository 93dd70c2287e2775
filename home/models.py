"""The site root."""

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


class HomePage(FrontendURLMixin, PreviewMixin, SEOMixin, Page):
    """The front page of the site; the glossary lives below it."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A sentence or two welcoming readers on the front page.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    api_fields = [APIField("intro", serializer=RichTextAPIField()), *SEO_API_FIELDS]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["glossary.GlossaryIndexPage"]
    max_count = 1

    def seo_fallback_description(self):
        return self.intro

    def json_ld(self, request=None):
        return schema_org.website(self, request)
