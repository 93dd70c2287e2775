"""Fetch what a batch of pages' rich text and blocks point at, in a few queries.

Rich text links and image blocks normally look up their targets once per
field per page, so an API listing costs queries in proportion to its length.
While a batch is being serialised, :func:`prefetched_references` holds every
referenced page and image; the link handler and image block read from it and
fall back to their own queries for anything it lacks.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text

_prefetched = ContextVar("prefetched_references", default=None)


def _references(pages):
    """(model, id) pairs referenced from the rich text and stream fields of pages.

    Stream data is read raw: converting it to Python values would run the
    very per-page queries this module exists to avoid.
    """
    for page in pages:
        for field in type(page)._meta.concrete_fields:
            value = field.value_from_object(page)
            if not value:
                continue
            if isinstance(field, RichTextField):
                yield from _rich_text_references(value)
            elif isinstance(field, StreamField):
                yield from _block_references(field.stream_block, list(value.raw_data))


def _rich_text_references(html):
    for model, object_id, _path, _content in extract_references_from_rich_text(
        str(html)
    ):
        yield model, object_id


def _block_references(block, raw):
    if raw in (None, "", [], {}):
        return
    if isinstance(block, blocks.ChooserBlock):
        yield block.model_class, raw
    elif isinstance(block, blocks.RichTextBlock):
        yield from _rich_text_references(raw)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            yield from _block_references(child, raw.get(name))
    elif isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from _block_references(child, item.get("value"))
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            is_wrapped = isinstance(item, dict) and item.get("type") == "item"
            yield from _block_references(
                block.child_block, item["value"] if is_wrapped else item
            )


# Ids come from stored content, which is not always written by the editor.
MAX_ID = 2**63 - 1


def object_id(value):
    """The database id ``value`` stands for, or None when it cannot be one."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= MAX_ID else None


def fetch_known(fetch, items, id_of=lambda item: item):
    """``fetch(items)`` for the items whose id can exist; None for the others.

    ``fetch`` returns one object (or None) per item it is given, in order, as
    Wagtail's ``bulk_to_python`` and link handlers' ``get_many`` do; stored
    content written outside the editor may hold ids like "abc" that would
    make it fail.
    """
    usable = [object_id(id_of(item)) is not None for item in items]
    valid = [item for item, ok in zip(items, usable, strict=True) if ok]
    found = iter(fetch(valid) if valid else ())
    return [next(found) if ok else None for ok in usable]


@contextmanager
def prefetched_references(pages, visible_pages, image_renditions=()):
    ids = {Page: set(), get_image_model(): set()}
    for model, raw_id in _references(pages):
        pk = object_id(raw_id)
        for base in ids:
            if pk is not None and issubclass(model, base):
                ids[base].add(pk)
    Image = get_image_model()
    # Only pages in ``visible_pages`` (the API's live, public pages): a link
    # or a page block pointing at a draft or a private page leaves the API
    # without its address. Every id asked for is recorded, so one that was
    # not found reads as None rather than as "not prefetched".
    pages = (
        Page.objects.filter(pk__in=ids[Page])
        .filter(pk__in=visible_pages.values("pk"))
        .defer_streamfields()
        if ids[Page]
        else Page.objects.none()
    )
    images = (
        Image.objects.prefetch_renditions(*image_renditions).in_bulk(ids[Image])
        if ids[Image]
        else {}
    )
    found = {
        Page: dict.fromkeys(ids[Page]) | {page.pk: page for page in pages.specific()},
        Image: dict.fromkeys(ids[Image]) | images,
    }
    token = _prefetched.set(found)
    try:
        yield
    finally:
        _prefetched.reset(token)


def prefetched(base_model, object_ids):
    """The prefetched objects for these ids, or None when any is not prefetched."""
    found = _prefetched.get()
    if found is None or base_model not in found:
        return None
    objects = found[base_model]
    result = []
    for raw_id in object_ids:
        pk = object_id(raw_id)
        if pk is None:
            result.append(None)  # no such object can exist
        elif pk in objects:
            result.append(objects[pk])
        else:
            return None
    return result


def ancestors(page):
    """The page's ancestors below the tree root, top first, as plain Page objects.

    Inside a batch, pages with the same parent share one query, so a listing
    of siblings costs the same few queries as a single page.
    """
    steplen = Page.steplen
    parent_path = (page.path or "")[:-steplen]
    found = _prefetched.get()
    cache = found.setdefault("ancestors", {}) if found is not None else {}
    if parent_path not in cache:
        paths = [
            parent_path[:end]
            for end in range(2 * steplen, len(parent_path) + 1, steplen)
        ]
        cache[parent_path] = (
            list(Page.objects.filter(path__in=paths).order_by("path")) if paths else []
        )
    return cache[parent_path]
