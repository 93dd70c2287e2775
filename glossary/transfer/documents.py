"""A term as a document and back: what exports write and imports read.

Three forms of one term:

- the *page* (a saved term, or a revision of one);
- its *stored values*: a dict keyed like the document, holding what the
  database stores (rich text with page ids, stream blocks' raw data, ids of
  categories and images);
- its *document*: the same keys in file form (rich text as HTML with site
  paths, categories by slug, related terms by slug).

An export turns pages into stored values into documents. An import checks a
document into stored values, and judges "unchanged" by exporting both sides
and comparing: what the export would write is the one truth.
"""

import datetime
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Revision
from wagtail.snippets.blocks import SnippetChooserBlock

from ..blocks import BodyBlock, ExamplesBlock, LinkBlock
from ..models import (
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermPage,
    GlossaryTermTag,
)
from ..text import ARTICLE_CHOICES
from . import richtext
from .fields import (
    API_ONLY_KEYS,
    DOCUMENT_KEYS,
    HEADING_FIELDS,
    REQUIRED_KEYS,
    SEO_FIELDS,
)
from .lookups import token_for

STREAMS = {"examples": ExamplesBlock(), "body": BodyBlock()}
RICH_TEXT_FIELDS = ("definition", "why_it_matters")
PLAIN_FIELDS = (
    "title",
    "short_definition",
    *HEADING_FIELDS,
    "seo_title",
    "search_description",
    "canonical_url",
)
SLUG = re.compile(r"^[\w-]+$")


def _limit(name):
    field = GlossaryTermPage._meta.get_field(name)
    return field.max_length


# Stored values → document -------------------------------------------------


def _in_order(children):
    return sorted(children, key=lambda child: (child.sort_order or 0, child.pk or 0))


def children_in_memory(page):
    """Other names, tag ids and related term ids a page object holds.

    For a page rebuilt from a revision, whose children live in the revision.
    """
    return {
        "aliases": [alias.name for alias in _in_order(page.term_aliases.all())],
        "tags": [item.tag_id for item in page.tagged_items.all()],
        "related_terms": [link.term_id for link in _in_order(page.related_terms.all())],
    }


def saved_children(ids):
    """The same for saved pages, read in three queries whatever their number."""
    children = {pk: {"aliases": [], "tags": [], "related_terms": []} for pk in ids}
    for page_id, name in (
        GlossaryTermAlias.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "name")
    ):
        children[page_id]["aliases"].append(name)
    for page_id, tag_id in GlossaryTermTag.objects.filter(
        content_object_id__in=ids
    ).values_list("content_object_id", "tag_id"):
        children[page_id]["tags"].append(tag_id)
    for page_id, term_id in (
        GlossaryRelatedTerm.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "term_id")
    ):
        children[page_id]["related_terms"].append(term_id)
    return children


def latest_versions(pages):
    """Each page as editors last saved it: its latest revision when it has
    unpublished changes, else the page itself; with its children."""
    drafts = [page.latest_revision_id for page in pages if page.has_unpublished_changes]
    revisions = Revision.objects.in_bulk([pk for pk in drafts if pk])
    saved = saved_children([page.pk for page in pages])
    for page in pages:
        revision = revisions.get(page.latest_revision_id)
        if page.has_unpublished_changes and revision is not None:
            latest = revision.as_object()
            yield page, latest, children_in_memory(latest)
        else:
            yield page, page, saved[page.pk]


def stored_from_page(page, lookups, children):
    """A term page (saved, or rebuilt from a revision) as stored values."""
    return {
        "title": page.title,
        "slug": page.slug,
        "short_definition": page.short_definition,
        "definition": page.definition,
        "why_it_matters": page.why_it_matters,
        "examples": list(page.examples.raw_data),
        "body": list(page.body.raw_data),
        **{name: getattr(page, name) for name in HEADING_FIELDS},
        "aliases": children["aliases"],
        "tags": [lookups.tag_name.get(tag_id) for tag_id in children["tags"]],
        "related_terms": children["related_terms"],
        "category": page.category_id,
        "cta": page.cta_id,
        "reviewed_by": page.reviewed_by_id,
        "last_reviewed_at": page.last_reviewed_at,
        **{name: getattr(page, name) for name in SEO_FIELDS},
        "social_image": page.social_image_id,
        "noindex": page.noindex,
    }


def _rich_text_file(stored, lookups):
    return richtext.to_file(stored, lookups.paths_for)


def _block_value_file(block, value, lookups):
    """One block's raw value in file form, child block by child block."""
    if isinstance(block, LinkBlock):
        value = value or {}
        if value.get("page"):
            url = lookups.paths_for([value["page"]])[0] or ""
        else:
            url = value.get("url") or ""
        label = value.get("label") or ""
        return {"label": label, "url": url} if (url or label) else None
    if isinstance(block, blocks.StructBlock):
        value = value or {}
        return {
            name: _block_value_file(child, value.get(name), lookups)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return _rich_text_file(value or "", lookups)
    if isinstance(block, SnippetChooserBlock):
        return lookups.cta_name.get(value)
    if isinstance(block, ImageChooserBlock):
        return value if value in lookups.image_ids else None
    return value if value is not None else ""


def _stream_file(stream_block, raw_blocks, lookups):
    out = []
    for raw in raw_blocks:
        child = stream_block.child_blocks.get(raw.get("type"))
        if child is None:
            continue
        out.append(
            {
                "type": raw["type"],
                "value": _block_value_file(child, raw.get("value"), lookups),
                "id": raw.get("id"),
            }
        )
    return out


def document_from_stored(stored, lookups):
    """Stored values in file form, keys in export order."""
    related = [lookups.slug_for(ref) for ref in stored["related_terms"]]
    reviewed = stored["last_reviewed_at"]
    document = {
        **{name: stored.get(name) or "" for name in ("title", "slug")},
        "short_definition": stored["short_definition"] or "",
        **{name: _rich_text_file(stored[name], lookups) for name in RICH_TEXT_FIELDS},
        **{
            name: _stream_file(STREAMS[name], stored[name], lookups) for name in STREAMS
        },
        **{name: stored[name] or "" for name in HEADING_FIELDS},
        "aliases": list(stored["aliases"]),
        "tags": sorted((t for t in stored["tags"] if t), key=str.lower),
        "related_terms": [slug for slug in related if slug],
        "category": lookups.category_slug.get(stored["category"]),
        "cta": lookups.cta_name.get(stored["cta"]),
        "reviewed_by": lookups.username.get(stored["reviewed_by"]),
        "last_reviewed_at": reviewed.isoformat() if reviewed else None,
        **{name: stored[name] or "" for name in SEO_FIELDS if name != "social_image"},
        "social_image": stored["social_image"]
        if stored["social_image"] in lookups.image_ids
        else None,
        "noindex": bool(stored["noindex"]),
    }
    return {name: document[name] for name in DOCUMENT_KEYS}


def without_block_ids(document):
    """For comparing: block ids are new on every import of a spreadsheet."""
    return {
        key: [{**b, "id": None} for b in value] if key in STREAMS else value
        for key, value in document.items()
    }


# Document → stored values ----------------------------------------------------


class Checker:
    """Reads one document into stored values, collecting every problem."""

    def __init__(self, lookups, row):
        self.lookups = lookups
        self.row = row
        self.problems = []

    def problem(self, column, message):
        self.problems.append((self.row, column, message))

    def text(self, document, name, limit=None, required=False):
        value = document.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            else:
                self.problem(name, "must be text")
                return ""
        if "\x00" in value:
            self.problem(name, "holds a NUL character")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(name, "is required")
        if limit and len(value) > limit:
            self.problem(name, f"is {len(value)} characters long; the limit is {limit}")
        return value

    def rich_text(self, value, column, features, required=False):
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(column, "must be HTML or plain text")
            return ""
        if "\x00" in value:
            self.problem(column, "holds a NUL character")
            return ""
        stored, markup_problems = richtext.to_database(
            value, features, self.lookups.link_target
        )
        for message in markup_problems:
            self.problem(column, message)
        if required and not stored:
            self.problem(column, "is required")
        return stored

    def strings(self, document, name, limit):
        value = document.get(name)
        if value is None:
            return []
        if isinstance(value, str):
            value = [part.strip() for part in value.split("|")]
        if not isinstance(value, list):
            self.problem(name, "must be a list of names")
            return []
        out = []
        for item in value:
            if isinstance(item, dict) and name == "related_terms":
                item = item.get("slug")
            if not isinstance(item, str):
                self.problem(name, f"holds {item!r}, which is not a name")
                continue
            item = item.strip()
            if "\x00" in item:
                self.problem(name, "holds a NUL character")
            elif len(item) > limit:
                self.problem(name, f"“{item[:40]}…” is longer than {limit} characters")
            elif item:
                out.append(item)
        return out

    def reference(self, document, name, table, what):
        value = document.get(name)
        if isinstance(value, dict):
            value = value.get("slug") or value.get("name") or value.get("username")
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            self.problem(name, f"must name the {what}")
            return None
        key = value.strip().casefold()
        if key not in table:
            self.problem(name, f"there is no {what} “{value}”")
        elif table[key] is None:
            self.problem(name, f"more than one {what} is called “{value}”")
        return table.get(key)

    def image(self, value, column):
        if isinstance(value, dict):
            value = value.get("id")
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(column, "must be an image id (a whole number)")
            return None
        if value not in self.lookups.image_ids:
            self.problem(column, f"there is no image {value}")
            return None
        return value

    def date(self, document, name):
        value = document.get(name)
        if value in (None, ""):
            return None
        try:
            return datetime.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            self.problem(name, f"“{value}” is not a date (write YYYY-MM-DD)")
            return None

    def url(self, value, column):
        if not value:
            return ""
        kind, target = self.lookups.link_target(value)
        if kind is None:
            self.problem(column, target)
            return ""
        try:
            URLValidator()(value) if kind == "url" else None
        except ValidationError:
            self.problem(column, f"“{value[:80]}” is not a web address")
        return target if kind == "url" else value

    # Blocks ----------------------------------------------------------------

    def stream(self, document, name):
        value = document.get(name)
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.problem(name, "must be a list of blocks")
            return []
        stream_block = STREAMS[name]
        out = []
        for place, item in enumerate(value, start=1):
            column = f"{name} {place}"
            if not isinstance(item, dict):
                self.problem(column, "must be an object")
                continue
            if "type" not in item and name == "examples":
                item = {"type": "example", "value": item}
            block_type = item.get("type")
            child = stream_block.child_blocks.get(block_type)
            if child is None:
                known = ", ".join(stream_block.child_blocks)
                self.problem(column, f"unknown block type {block_type!r} ({known})")
                continue
            block_id = item.get("id")
            if not isinstance(block_id, str) or not block_id.strip():
                block_id = str(uuid.uuid4())
            out.append(
                {
                    "type": block_type,
                    "value": self.block_value(child, item.get("value"), column),
                    "id": block_id[:64],
                }
            )
        return out

    def block_value(self, block, value, column):
        label = f"{column} {block.name}".strip() if block.name else column
        if isinstance(block, LinkBlock):
            return self.link(value, label)
        if isinstance(block, blocks.StructBlock):
            if not isinstance(value, dict):
                self.problem(column, "must be an object")
                value = {}
            unknown = set(value) - set(block.child_blocks)
            for key in sorted(unknown):
                self.problem(column, f"unknown field {key!r}")
            return {
                name: self.block_value(child, value.get(name), column)
                for name, child in block.child_blocks.items()
            }
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(value, label, block.features, block.required)
        if isinstance(block, SnippetChooserBlock):
            return self.reference(
                {block.name: value}, block.name, self.lookups.cta_id, "call to action"
            )
        if isinstance(block, ImageChooserBlock):
            image = self.image(value, label)
            if block.required and image is None and not value:
                self.problem(label, "is required")
            return image
        text = self.text(
            {label: value},
            label,
            limit=getattr(block.field, "max_length", None),
            required=block.required,
        )
        return text

    def link(self, value, column):
        empty = {"label": "", "page": None, "url": ""}
        if value in (None, ""):
            return empty
        if not isinstance(value, dict):
            self.problem(column, "must be an object with a label and a url")
            return empty
        label = self.text(value, "label", limit=None)
        url = (
            (value.get("url") or "").strip()
            if isinstance(value.get("url"), str)
            else ""
        )
        if not url:
            if label:
                self.problem(column, "has a label but no url")
            return {**empty, "label": label}
        kind, target = self.lookups.link_target(url)
        if kind == "page":
            return {"label": label, "page": target, "url": ""}
        if kind == "url":
            return {"label": label, "page": None, "url": self.url(url, column)}
        self.problem(column, target)
        return {**empty, "label": label}


def _headings_from_api(document):
    """An API answer's computed headings, as overrides where they differ."""
    headings = document.get("headings")
    if not isinstance(headings, dict):
        return {}
    from ..text import default_headings

    automatic = default_headings(
        str(document.get("title") or ""), str(document.get("article") or "")
    )
    return {
        f"{key}_heading": value
        for key, value in headings.items()
        if key in automatic and isinstance(value, str) and value != automatic[key]
    }


def unknown_keys(document):
    known = {*DOCUMENT_KEYS, *API_ONLY_KEYS}
    return [key for key in document if key not in known]


def stored_from_document(document, lookups, row):
    """A document checked into stored values; returns (stored, problems)."""
    checker = Checker(lookups, row)
    for key in unknown_keys(document):
        from difflib import get_close_matches

        close = get_close_matches(str(key), DOCUMENT_KEYS, n=1)
        hint = f" — did you mean “{close[0]}”?" if close else ""
        checker.problem(str(key), f"is not a field of a term{hint}")
    document = {**_headings_from_api(document), **document}
    for name in REQUIRED_KEYS:
        if name not in document:
            checker.problem(name, "is missing")

    stored = {
        name: checker.text(document, name, limit=_limit(name)) for name in PLAIN_FIELDS
    }
    for name in ("title", "short_definition"):
        if not stored[name] and name in document:
            checker.problem(name, "is required")
    slug = checker.text(document, "slug", limit=_limit("slug"))
    stored["slug"] = slug or slugify(stored["title"], allow_unicode=True)
    if stored["title"] and not SLUG.match(stored["slug"]):
        checker.problem(
            "slug", f"“{stored['slug']}” may hold only letters, digits, - and _"
        )
    if stored["article"] not in {value for value, _ in ARTICLE_CHOICES}:
        choices = ", ".join(repr(v) for v, _ in ARTICLE_CHOICES)
        checker.problem("article", f"must be one of {choices}")
    features = GlossaryTermPage._meta.get_field("definition").features
    stored["definition"] = checker.rich_text(
        document.get("definition"), "definition", features, required=True
    )
    stored["why_it_matters"] = checker.rich_text(
        document.get("why_it_matters"), "why_it_matters", features
    )
    stored["canonical_url"] = checker.url(stored["canonical_url"], "canonical_url")
    for name in STREAMS:
        stored[name] = checker.stream(document, name)
    alias_limit = GlossaryTermAlias._meta.get_field("name").max_length
    stored["aliases"] = checker.strings(document, "aliases", alias_limit)
    stored["tags"] = [
        lookups.tag_spelling.get(tag.casefold(), tag)
        for tag in checker.strings(document, "tags", 100)
    ]
    related = checker.strings(document, "related_terms", 255)
    stored["related_terms"] = []
    for slug in related:
        ref = lookups.term_ref(slug)
        if slug == stored["slug"]:
            checker.problem("related_terms", "a term cannot be related to itself")
        elif ref is None:
            checker.problem("related_terms", f"there is no term with the slug “{slug}”")
        elif ref in stored["related_terms"]:
            checker.problem("related_terms", f"“{slug}” is listed twice")
        else:
            stored["related_terms"].append(ref)
    stored["category"] = checker.reference(
        document, "category", lookups.category_id, "category"
    )
    stored["cta"] = checker.reference(document, "cta", lookups.cta_id, "call to action")
    stored["reviewed_by"] = checker.reference(
        document, "reviewed_by", lookups.user_id, "user"
    )
    stored["last_reviewed_at"] = checker.date(document, "last_reviewed_at")
    stored["social_image"] = checker.image(document.get("social_image"), "social_image")
    noindex = document.get("noindex", False)
    if not isinstance(noindex, bool):
        checker.problem("noindex", "must be true or false")
        noindex = False
    stored["noindex"] = noindex
    return stored, checker.problems


__all__ = [
    "document_from_stored",
    "stored_from_document",
    "stored_from_page",
    "token_for",
    "without_block_ids",
]
