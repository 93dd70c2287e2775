"""A term as a document and back: what exports write and imports read.

Three forms of one term:

- the *page* (a saved term, or a revision of one);
- its *stored values*: a dict keyed like the document, holding what the
  database stores (rich text with page ids, stream blocks' raw data, ids of
  categories and images);
- its *document*: the same keys in file form (rich text as HTML with site
  paths, categories by slug, related terms by slug).

An export turns pages into stored values into documents. An import checks a
document into stored values (``checks.py``), and judges "unchanged" by
exporting both sides and comparing: what the export would write is the one
truth.
"""

import re

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Revision
from wagtail.snippets.blocks import SnippetChooserBlock

from ..blocks import BodyBlock, ExamplesBlock, LinkBlock
from ..models import (
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermTag,
)
from . import richtext
from .fields import (
    DOCUMENT_KEYS,
    HEADING_FIELDS,
    SEO_FIELDS,
)
from .lookups import TOKEN

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


TOKEN_LINK = re.compile(r'id="' + re.escape(TOKEN) + r'([^"]+)"')


def resolve_tokens(stored, ids):
    """Stored values whose links to terms new in the file point at their ids.

    Only where stored content references pages (rich text links, link blocks,
    related terms), so text that merely looks like a token stays as written.
    """

    def rich(html):
        return TOKEN_LINK.sub(lambda m: f'id="{ids[m.group(1)]}"', html)

    def ref(value):
        if isinstance(value, str) and value.startswith(TOKEN):
            return ids[value[len(TOKEN) :]]
        return value

    def block_value(block, value):
        if isinstance(block, LinkBlock):
            return {**value, "page": ref(value.get("page"))} if value else value
        if isinstance(block, blocks.StructBlock):
            value = value or {}
            return {
                name: block_value(child, value.get(name))
                for name, child in block.child_blocks.items()
            }
        if isinstance(block, blocks.RichTextBlock):
            return rich(value or "")
        return value

    resolved = {**stored, "related_terms": [ref(r) for r in stored["related_terms"]]}
    for name in RICH_TEXT_FIELDS:
        resolved[name] = rich(stored[name])
    for name, stream_block in STREAMS.items():
        resolved[name] = [
            {
                **raw,
                "value": block_value(
                    stream_block.child_blocks[raw["type"]], raw["value"]
                ),
            }
            for raw in stored[name]
        ]
    return resolved


def without_block_ids(document):
    """For comparing: block ids are new on every import of a spreadsheet."""
    return {
        key: [{**b, "id": None} for b in value] if key in STREAMS else value
        for key, value in document.items()
    }


__all__ = [
    "document_from_stored",
    "latest_versions",
    "resolve_tokens",
    "stored_from_page",
    "without_block_ids",
]
