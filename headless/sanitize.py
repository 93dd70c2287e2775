"""What the API may hand a frontend that inserts its HTML and URLs as they are.

Draftail only ever writes a few tags and checked links, but content also
arrives through the ORM, imports and scripts, which no editor has cleaned.
Everything the API outputs as rich text or as a URL passes :func:`clean_rich_text`
or :func:`safe_url`, so the same rules hold whatever the source of the content.
"""

import html
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from rest_framework.fields import Field
from wagtail.api.rich_text import APIRichText
from wagtail.rich_text import expand_db_html
from wagtail.rich_text import features as feature_registry

from .prefetch import object_id

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
C0_CONTROL_OR_SPACE = "".join(chr(code) for code in range(0x21))

# The elements Draftail writes for each rich text feature. Features that embed
# media (image, embed) are left out on purpose: their markup carries src URLs
# and sizes, and no field of this site offers them.
FEATURE_TAGS = {
    "bold": {"b", "strong"},
    "italic": {"i", "em"},
    "link": {"a"},
    "document-link": {"a"},
    "h2": {"h2"},
    "h3": {"h3"},
    "h4": {"h4"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "blockquote": {"blockquote"},
    "hr": {"hr"},
    "code": {"code"},
    "superscript": {"sup"},
    "subscript": {"sub"},
    "strikethrough": {"s"},
}
# Draftail writes paragraphs and soft line breaks whatever the features.
BASE_TAGS = {"p", "br"}
# Draftail marks each block with a key; frontends may use it to track blocks.
BLOCK_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote"}
# Markup whose content is code or a document of its own, never text to show.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "template",
    "noscript",
    "svg",
    "math",
}


def safe_url(url):
    """``url`` if following it cannot run script, else None.

    Allows http, https, mailto, tel and relative URLs. Browsers ignore tabs and
    newlines anywhere in a URL, and spaces or control characters around it, and
    a value may be HTML-decoded again on its way to a page; the scheme is
    judged after all of that, the way a browser would see it.
    """
    if not isinstance(url, str):
        return None
    seen = html.unescape(url).strip(C0_CONTROL_OR_SPACE)
    for character in "\t\n\r":
        seen = seen.replace(character, "")
    if not seen:
        return None
    try:
        scheme = urlsplit(seen).scheme
    except ValueError:
        return None
    return url if scheme in SAFE_URL_SCHEMES or not scheme else None


# An id no object can have: Wagtail's converters treat it as a broken link.
MISSING_ID = "0"


def _attribute_filter(tag, attribute, value):
    if attribute == "href":
        return safe_url(value)
    if attribute == "id" and tag == "a":
        # Stored links name pages and documents by id; one that cannot be an
        # id ("abc", past 2^63) would make the format converters fail.
        return value if object_id(value) is not None else MISSING_ID
    return value


@lru_cache(maxsize=32)
def _cleaner(features, references):
    tags = set(BASE_TAGS)
    for feature in features:
        tags |= FEATURE_TAGS.get(feature, set())
    attributes = {tag: {"data-block-key"} for tag in BLOCK_TAGS & tags}
    if "a" in tags:
        # linktype and id are how Wagtail stores links to its own pages and
        # documents, before they are expanded into URLs.
        attributes["a"] = {"href", "linktype", "id"} if references else {"href"}
    return nh3.Cleaner(
        tags=tags,
        attributes=attributes,
        attribute_filter=_attribute_filter,
        url_schemes=set(SAFE_URL_SCHEMES),
        clean_content_tags=DROPPED_WITH_CONTENT,
        # rel="noopener" only matters with target, which is never kept, and
        # "noreferrer" would hide the glossary from the sites it links to.
        link_rel=None,
    )


def clean_rich_text(markup, features=None, *, references=False):
    """Rich text HTML reduced to what Draftail writes for ``features``.

    ``features`` is the field's feature list (Wagtail's defaults when None).
    With ``references``, Wagtail's stored page and document links are kept,
    for output formats that carry them.
    """
    if not markup:
        return markup
    if features is None:
        features = feature_registry.get_default_features()
    return _cleaner(frozenset(features), references).clean(str(markup))


def requested_format(context=None):
    """The rich text format an API response was asked for, or the default."""
    context = context or {}
    # Wagtail's view validates ?rich_text_format= once and leaves it here; the
    # delivery API sets its own. Stream blocks would otherwise read the query
    # again and could disagree with the fields beside them.
    if context.get("_wagtail_rich_text_format"):
        return context["_wagtail_rich_text_format"]
    request = context.get("request")
    query = request.GET.get("rich_text_format") if request is not None else None
    return APIRichText.resolve_format(query)


def rich_text_for_api(source, features=None, context=None):
    """Stored rich text in the response's format, cleaned to ``features``."""
    rich_text_format = requested_format(context)
    if rich_text_format == APIRichText.FORMAT_HTML:
        # Cleaned after expansion: what leaves the API is what gets checked.
        return clean_rich_text(expand_db_html(source), features)
    source = clean_rich_text(source, features, references=True)
    return APIRichText.serialize(source, format=rich_text_format, features=features)


class RichTextAPIField(Field):
    """A RichTextField in the API, cleaned to the field's own feature list.

    Use as ``APIField("intro", serializer=RichTextAPIField())`` in place of
    Wagtail's default, which outputs the stored HTML unchecked.
    """

    def __init__(self, **kwargs):
        # The whole page, so the field's features are read from the model the
        # value came from.
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        field = page._meta.get_field(self.field_name)
        value = field.value_from_object(page)
        if value is None:
            return None
        return rich_text_for_api(value, field.features, self.context)
