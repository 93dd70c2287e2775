"""StreamField blocks for term pages, with API output a frontend can render as is."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from headless.images import image_data
from headless.prefetch import fetch_known, prefetched
from headless.sanitize import rich_text_for_api, safe_url

from .serializers import cta_data

SECTION_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
SHORT_FEATURES = ["bold", "italic", "link"]


class APIImageChooserBlock(ImageChooserBlock):
    """An image picker whose API value carries rendition URLs, not a bare id."""

    def bulk_to_python(self, values):
        images = prefetched(self.model_class, values)
        if images is None:
            images = fetch_known(super().bulk_to_python, values)
        return images

    def get_api_representation(self, value, context=None):
        return image_data(value)


class APIPageChooserBlock(blocks.PageChooserBlock):
    """A page picker that reuses pages the API already fetched for the batch."""

    def bulk_to_python(self, values):
        pages = prefetched(Page, values)
        if pages is None:
            pages = fetch_known(super().bulk_to_python, values)
        return pages


class APIRichTextBlock(blocks.RichTextBlock):
    """Rich text whose API value holds only what the editor could have written."""

    def get_api_representation(self, value, context=None):
        return rich_text_for_api(value.source, self.features, context)


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page of this site or to any web address."""

    label = blocks.CharBlock(
        required=False, help_text="The link text, e.g. “See the full case study”."
    )
    page = APIPageChooserBlock(required=False, help_text="Link to a page of this site…")
    url = blocks.URLBlock(required=False, help_text="…or to any web address.")

    class Meta:
        icon = "link"
        label = "Link"

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError("Choose a page or a web address, not both.")
                }
            )
        if value.get("label") and not (value.get("page") or value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError("Choose where the link goes.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        href = page.specific.full_url if page else safe_url(value.get("url"))
        if not href:
            return None
        return {"label": value.get("label") or "", "url": href}


class ExampleBlock(blocks.StructBlock):
    """One worked example of a term, e.g. a creator's sponsored post."""

    title = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text="Optional: a short name for the example, e.g. “A skincare "
        "brand's nano-influencer campaign”.",
    )
    body = APIRichTextBlock(
        features=SECTION_FEATURES,
        help_text="Tell the example as a short story: who, what they did, "
        "what happened.",
    )
    image = APIImageChooserBlock(
        required=False, help_text="Optional: a screenshot or photo."
    )
    link = LinkBlock(required=False, help_text="Optional: where readers can see more.")

    class Meta:
        icon = "pick"
        label = "Example"


class SectionBlock(blocks.StructBlock):
    """An extra section with its own heading."""

    heading = blocks.CharBlock(
        max_length=120, help_text="The section's heading, phrased as readers search."
    )
    text = APIRichTextBlock(features=SECTION_FEATURES)

    class Meta:
        icon = "doc-full"
        label = "Section"


class FAQBlock(blocks.StructBlock):
    """A question and its answer; search engines may show these as FAQ results."""

    question = blocks.CharBlock(
        max_length=200, help_text="Write it as a reader would ask it."
    )
    answer = APIRichTextBlock(
        features=SHORT_FEATURES, help_text="Answer in two or three sentences."
    )

    class Meta:
        icon = "help"
        label = "FAQ"


class QuoteBlock(blocks.StructBlock):
    """A quotation from a creator or expert."""

    quote = blocks.TextBlock(
        help_text="The words exactly as said, without quotation marks."
    )
    attribution = blocks.CharBlock(
        required=False, help_text="Who said it, e.g. “Maya Chen, lifestyle creator”."
    )

    class Meta:
        icon = "openquote"
        label = "Quote"


class FigureBlock(blocks.StructBlock):
    """An image with a caption."""

    image = APIImageChooserBlock()
    caption = blocks.CharBlock(
        required=False, help_text="Optional: a line shown under the image."
    )

    class Meta:
        icon = "image"
        label = "Image"


class CTAChooserBlock(SnippetChooserBlock):
    """A call to action placed inside the page body."""

    def __init__(self, **kwargs):
        super().__init__("glossary.CallToAction", **kwargs)

    def bulk_to_python(self, values):
        return fetch_known(super().bulk_to_python, values)

    def get_api_representation(self, value, context=None):
        return cta_data(value)

    class Meta:
        icon = "pick"
        label = "Call to action"


class ExamplesBlock(blocks.StreamBlock):
    """The "What is an example of …?" section: one or more examples."""

    example = ExampleBlock()


class BodyBlock(blocks.StreamBlock):
    """Optional sections after the three fixed ones."""

    section = SectionBlock()
    faq = FAQBlock()
    quote = QuoteBlock()
    image = FigureBlock()
    cta = CTAChooserBlock()


# Only the API output differs from the stock block, so migrations record the
# stock block and stored data stays readable without this module.
DECONSTRUCT_ALIASES = {APIRichTextBlock: "wagtail.blocks.RichTextBlock"}
