"""Reading one term document into stored values, checking every field.

A ``Checker`` collects each problem with its row and column instead of
stopping at the first; ``stored_from_document`` is the whole read. What a
file may hold is what the editor allows: field limits from the models, rich
text through the editor's allow-list (``richtext.py``), references to things
that exist (``lookups.py``).
"""

import datetime
import math
import re
import uuid
from difflib import get_close_matches

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from ..blocks import LinkBlock
from ..letters import reserved_slug_problem
from ..models import GlossaryTermAlias, GlossaryTermPage
from ..text import ARTICLE_CHOICES, default_headings
from . import richtext
from .documents import PLAIN_FIELDS, STREAMS
from .fields import API_ONLY_KEYS, DOCUMENT_KEYS, REQUIRED_KEYS

SLUG = re.compile(r"^[\w-]+$")
# C0 controls other than tab and line breaks: no editor types them, and
# spreadsheets cannot hold them.
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_value(value):
    """A field's text as a file gives it: numbers read as text, None as "".

    None when the value is not text at all (a list, an object, a boolean, or
    a number that is not finite).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(value)
    return None


def _limit(name):
    field = GlossaryTermPage._meta.get_field(name)
    return field.max_length


class Checker:
    """Reads one document into stored values, collecting every problem."""

    def __init__(self, lookups, row):
        self.lookups = lookups
        self.row = row
        self.problems = []

    def problem(self, column, message):
        self.problems.append((self.row, column, message))

    def text(self, document, name, limit=None, required=False):
        value = text_value(document.get(name))
        if value is None:
            self.problem(name, "must be text")
            return ""
        if not self.printable(value, name):
            return ""
        value = value.strip()
        if required and not value:
            self.problem(name, "is required")
        if limit and len(value) > limit:
            self.problem(name, f"is {len(value)} characters long; the limit is {limit}")
        return value

    def printable(self, value, column):
        """False, with the problem noted, for text holding control characters."""
        if "\x00" in value:
            self.problem(column, "holds a NUL character")
            return False
        if CONTROL.search(value):
            self.problem(column, "holds a control character")
            return False
        return True

    def rich_text(self, value, column, features, required=False):
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(column, "must be HTML or plain text")
            return ""
        if not self.printable(value, column):
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
            if not self.printable(item, name):
                continue
            if "|" in item:
                self.problem(
                    name,
                    f"“{item[:40]}” holds “|”, which separates names in spreadsheets",
                )
            elif len(item) > limit:
                self.problem(name, f"“{item[:40]}…” is longer than {limit} characters")
            elif item:
                out.append(item)
        return out

    def reference(self, value, column, tables, what):
        """The id ``value`` names in the first of ``tables`` that knows it.

        Tables go from exact (a slug, a name as written) to forgiving (any
        case: ``folded``); a name two rows share in a forgiving table is
        ambiguous.
        """
        if isinstance(value, dict):
            value = value.get("slug") or value.get("name") or value.get("username")
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            self.problem(column, f"must name the {what}")
            return None
        for table, folded in tables:
            key = value.strip().casefold() if folded else value.strip()
            if key in table:
                if table[key] is None:
                    self.problem(column, f"more than one {what} is called “{value}”")
                return table[key]
        self.problem(column, f"there is no {what} “{value}”")
        return None

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
        text = str(value).strip()
        try:
            if "T" in text or " " in text:
                return datetime.datetime.fromisoformat(text).date()
            return datetime.date.fromisoformat(text)
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
        if kind == "page":
            return value
        try:
            URLValidator()(value)
        except ValidationError:
            self.problem(column, f"“{value[:80]}” is not a web address")
        return target

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
            child = (
                stream_block.child_blocks.get(block_type)
                if isinstance(block_type, str)
                else None
            )
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
            return self.reference(value, column, self.lookups.cta_ids, "call to action")
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
    if stored["title"] and not stored["slug"]:
        checker.problem("slug", "the title makes no slug; give the term a slug")
    elif stored["title"] and not SLUG.match(stored["slug"]):
        checker.problem(
            "slug", f"“{stored['slug']}” may hold only letters, digits, - and _"
        )
    elif reserved_slug_problem(stored["slug"]):
        checker.problem("slug", reserved_slug_problem(stored["slug"]))
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
    # A tag is spelt as it already is, or as the file first spells it.
    stored["tags"] = [
        lookups.tag_spelling.setdefault(tag.casefold(), tag)
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
    for name, tables, what in (
        ("category", lookups.category_ids, "category"),
        ("cta", lookups.cta_ids, "call to action"),
        ("reviewed_by", lookups.user_ids, "user"),
    ):
        stored[name] = checker.reference(document.get(name), name, tables, what)
    stored["last_reviewed_at"] = checker.date(document, "last_reviewed_at")
    stored["social_image"] = checker.image(document.get("social_image"), "social_image")
    noindex = document.get("noindex", False)
    if not isinstance(noindex, bool):
        checker.problem("noindex", "must be true or false")
        noindex = False
    stored["noindex"] = noindex
    return stored, checker.problems
