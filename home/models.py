"""The site root."""

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.frontend import FrontendURLMixin
from cms.preview import PreviewMixin


class HomePage(FrontendURLMixin, PreviewMixin, Page):
    """The front page of the site; the glossary lives below it."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A sentence or two welcoming readers on the front page.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["glossary.GlossaryIndexPage"]
    max_count = 1
