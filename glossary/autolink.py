"""Automatic links between terms, written as a term is published.

The first mention of another published term in the definition, why it
matters and the examples becomes a link to it (``autolink_text`` finds and
writes them). Links go into the revision being published, before Wagtail
makes it live: the live page, its live revision and its latest revision stay
the same, and the editor finds the links in the editor and may delete one.

``auto_linked_terms`` remembers what the last publish linked. A term linked
then whose link is gone now, while it is still mentioned, was unlinked by
the editor: it goes on the term's "never link automatically to" list
(``auto_link_skips``) instead of being linked again.

Names are looked up, not loaded: the text's word sequences are matched
against the indexed ``name_key`` of terms and ``key`` of other names, in a
fixed number of queries whatever the size of the glossary.

Links the other way, from terms that mention a newly published one:
``autolink_reverse``.
"""

import json

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page, PageViewRestriction, Revision

from headless.prefetch import object_id

from .autolink_text import MAX_WORDS, Document, Field, Names
from .models import (
    GlossaryAutoLinkSkip,
    GlossarySettings,
    GlossaryTermAlias,
    GlossaryTermPage,
)
from .signals import term_publishing
from .text import name_key

# Query parameters kept free for a lookup's other conditions, under SQLite's
# limit on parameters.
OTHER_PARAMETERS = 50
# Terms read and revisions written per query when an import links its terms.
IMPORT_BATCH = 500
# Other names shorter than this once folded ("#ad" is "ad") are not linked:
# ordinary words match them ("ad revenue"). Titles are linked at any length.
SHORTEST_OTHER_NAME = 3
# The fields automatic links go in (examples: their bodies).
CONTENT_FIELDS = ("definition", "why_it_matters", "examples")
# What linking an imported term writes to its row.
IMPORT_LINKED_FIELDS = (*CONTENT_FIELDS, "auto_linked_terms")


def links_per_term(page):
    """The site's limit on automatic links per term (0: none at all).

    One query: the site comes from Wagtail's cached site roots, and a site
    whose settings were never saved has the default.
    """
    url_parts = Page.get_url_parts(page)
    limit = None
    if url_parts is not None:
        limit = (
            GlossarySettings.objects.filter(site_id=url_parts[0])
            .values_list("auto_links_per_term", flat=True)
            .first()
        )
    if limit is None:
        return GlossarySettings._meta.get_field("auto_links_per_term").default
    return limit


def _stream(value):
    """A stream's raw blocks, as a revision or a row stores them."""
    if isinstance(value, str):
        return json.loads(value) if value else []
    return list(value or [])


def _example_blocks(examples):
    return [block for block in examples if block.get("type") == "example"]


def sources(content):
    """The texts that may be linked, in reading order, and the examples' blocks."""
    examples = _stream(content.get("examples"))
    texts = [content.get("definition") or "", content.get("why_it_matters") or ""]
    texts += [block["value"].get("body") or "" for block in _example_blocks(examples)]
    return texts, examples


def _store(content, texts, examples):
    content["definition"], content["why_it_matters"] = texts[0], texts[1]
    for block, body in zip(_example_blocks(examples), texts[2:], strict=True):
        block["value"]["body"] = body
    stored = content.get("examples")
    # Revisions keep a stream as JSON text (Wagtail's choice), rows as a list.
    content["examples"] = json.dumps(examples) if isinstance(stored, str) else examples


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _links_elsewhere(content, examples):
    """Pages the term links to outside the linked texts: the examples' own
    links and the extra sections."""
    pages = set()
    for block in _example_blocks(examples):
        link = block["value"].get("link") or {}
        if object_id(link.get("page")):
            pages.add(object_id(link["page"]))
    for text in _strings(_stream(content.get("body"))):
        if "<a" in text:
            pages |= Field(text).linked
    return pages


def own_keys(content):
    """The keys of a term's title and other names, as stored in ``content``."""
    names = [content.get("title") or ""]
    names += [alias.get("name") or "" for alias in content.get("term_aliases") or []]
    return {key for key in map(name_key, names) if key}


def _key_sets(keys):
    """``keys`` as the right-hand sides of IN lookups, as few as the database allows.

    PostgreSQL takes them all as one array, unnested: the planner then probes
    the index for each key without estimating each one first (which, for the
    hundreds of word sequences in a term, took longer than the lookup).
    SQLite limits a query's parameters: there, lists of keys under the limit.
    """
    keys = sorted(keys)
    if connection.vendor == "postgresql":
        yield RawSQL("SELECT unnest(%s::text[])", (keys,))
        return
    limit = connection.features.max_query_params
    size = limit - OTHER_PARAMETERS if limit else max(len(keys), 1)
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


class Targets:
    """The terms a page may link to: live, public, other terms of its glossary.

    Judged in Python on the few terms whose names a lookup found, so that
    every lookup is led by the index on names, whatever the glossary's size.
    """

    def __init__(self, page):
        self.parent_path = page.path[: -page.steplen]
        self.depth = page.depth
        self.page_id = page.pk
        self._restricted = None

    def restricted(self):
        if self._restricted is None:
            self._restricted = tuple(
                PageViewRestriction.objects.values_list("page__path", flat=True)
            )
        return self._restricted

    def allows(self, pk, path, depth, live):
        return (
            live
            and pk != self.page_id
            and depth == self.depth
            and path.startswith(self.parent_path)
            and not path.startswith(self.restricted())
        )


def lookup(keys, targets):
    """{key: term id} for the keys that are a title or other name of ``targets``.

    Titles win over other names; between two terms, the older one. Names are
    found through their indexes alone; only the few terms found are read.
    """
    titles, others = [], []
    for chunk in _key_sets(keys):
        terms = GlossaryTermPage.objects.filter(name_key__in=chunk).order_by()
        titles += terms.values_list("name_key", "pk")
        aliases = GlossaryTermAlias.objects.filter(key__in=chunk).order_by()
        others += [
            (key, pk)
            for key, pk in aliases.values_list("key", "page_id")
            if len(key) >= SHORTEST_OTHER_NAME
        ]
    if not (titles or others):
        return {}
    pages = Page.objects.filter(pk__in={pk for _key, pk in titles + others})
    allowed = {
        pk
        for pk, *where in pages.order_by().values_list("pk", "path", "depth", "live")
        if targets.allows(pk, *where)
    }
    found = {}
    for names in (others, titles):
        for key, pk in sorted(names, key=lambda item: -item[1]):
            if pk in allowed:
                found[key] = pk
    return found


def link_content(content, page_id, find_names, limit, force=(), remember_removals=True):
    """Add automatic links to a term's stored ``content`` (changed in place).

    ``find_names(document)`` gives the :class:`Names` mentioned there;
    ``force``: terms to link whatever the limit (the editor chose them).
    Returns (changed, the new skips' term ids).
    """
    if not content.get("auto_link", True) or (limit <= 0 and not force):
        return False, []
    texts, examples = sources(content)
    document = Document(texts)
    linked = document.linked | _links_elsewhere(content, examples)
    previous = [
        pk for pk in map(object_id, content.get("auto_linked_terms") or []) if pk
    ]
    kept = [pk for pk in previous if pk in linked]
    removed = {pk for pk in previous if pk not in linked} if remember_removals else ()
    skips = {row.get("term") for row in content.get("auto_link_skips") or []}
    own = Names(dict.fromkeys(own_keys(content), page_id))
    found = find_names(document)
    room = max(limit - len(kept), 0)
    links, new_skips, chosen = [], [], set()
    for first, last, target in document.mentions(own, found):
        if target == page_id or target in linked or target in chosen:
            continue
        if target in removed:
            if target not in skips and target not in new_skips:
                new_skips.append(target)
            continue
        if target in skips:
            continue
        if target in force:
            links.append((first, last, target))
            chosen.add(target)
        elif room > 0:
            links.append((first, last, target))
            chosen.add(target)
            room -= 1
    auto_linked = kept + [target for _first, _last, target in links]
    if links:
        _store(content, document.with_links(links), examples)
    if new_skips:
        _add_skips(content, page_id, new_skips)
    changed = bool(links or new_skips or auto_linked != previous)
    content["auto_linked_terms"] = auto_linked
    return changed, new_skips


def _add_skips(content, page_id, term_ids):
    """New "never link automatically to" rows, in the content and the database.

    Written now, so the revision names them with their ids and the next edit
    keeps the same rows instead of replacing them.
    """
    rows = content.setdefault("auto_link_skips", [])
    order = max((row.get("sort_order") or 0 for row in rows), default=-1)
    for offset, term_id in enumerate(term_ids, start=1):
        skip = GlossaryAutoLinkSkip.objects.create(
            page_id=page_id, term_id=term_id, sort_order=order + offset
        )
        rows.append(
            {
                "pk": skip.pk,
                "sort_order": skip.sort_order,
                "page": page_id,
                "term": term_id,
            }
        )


def _goes_live_later(content):
    go_live_at = content.get("go_live_at")
    when = parse_datetime(go_live_at) if isinstance(go_live_at, str) else go_live_at
    return when is not None and when > timezone.now()


def link_revision(revision, force=()):
    """Add automatic links to a term's revision about to be published.

    Run once per revision object (the create view's publish would run it
    twice); not for a publish scheduled for later: links are added when it
    goes live, against the terms live then.
    """
    if getattr(revision, "_glossary_auto_linked", False) and not force:
        return False
    content = revision.content
    if _goes_live_later(content):
        return False
    page = revision.content_object
    revision._glossary_auto_linked = True
    limit = links_per_term(page) if content.get("auto_link", True) else 0

    def find_names(document):
        return Names(lookup(document.keys(MAX_WORDS), Targets(page)))

    changed, _skips = link_content(content, page.pk, find_names, limit, force=force)
    if changed:
        revision.save(update_fields=["content"])
    return changed


def on_term_publishing(sender, instance, revision, **kwargs):
    link_revision(revision)


def connect():
    term_publishing.connect(on_term_publishing, dispatch_uid="glossary-auto-links")


def link_imported(page_ids):
    """Automatic links for terms an import has just published.

    The import wrote each term's row and its live revision itself; both get
    the links. Every name of the glossary is read once (an import may hold
    thousands of terms), and nothing is remembered as removed: the file's
    text replaced the term's, the editor unlinked nothing.
    """
    pages = GlossaryTermPage.objects.filter(pk__in=page_ids, live=True)
    rows = list(pages.values_list("pk", "path", "depth", "live_revision_id"))
    by_glossary = {}
    for pk, path, depth, revision_id in rows:
        key = (path[: -Page.steplen], depth)
        by_glossary.setdefault(key, []).append((pk, revision_id))
    for (parent_path, depth), members in by_glossary.items():
        glossary = Page.objects.filter(path=parent_path).first()
        if glossary is None:
            continue
        limit = links_per_term(glossary)
        if limit <= 0:
            continue
        names = _all_names(
            GlossaryTermPage.objects.live()
            .public()
            .filter(path__startswith=parent_path, depth=depth)
        )
        found = Names(names)
        for start in range(0, len(members), IMPORT_BATCH):
            _link_imported_batch(members[start : start + IMPORT_BATCH], found, limit)


def _all_names(targets):
    """{key: term id} for every title and other name of ``targets``."""
    names = {
        key: pk
        for key, pk in GlossaryTermAlias.objects.filter(page__in=targets.values("pk"))
        .order_by("-page_id")
        .values_list("key", "page_id")
        if len(key) >= SHORTEST_OTHER_NAME
    }
    names.update(targets.order_by("-pk").values_list("name_key", "pk"))
    names.pop("", None)
    return names


def _link_imported_batch(members, found, limit):
    """Link a batch of imported terms; ``found``: every name of the glossary."""
    revisions = Revision.objects.in_bulk([rev for _pk, rev in members if rev])
    changed_revisions, changed_pages = [], []
    for pk, revision_id in members:
        revision = revisions.get(revision_id)
        if revision is None:
            continue
        changed, _skips = link_content(
            revision.content,
            pk,
            lambda _document: found,
            limit,
            remember_removals=False,
        )
        if not changed:
            continue
        changed_revisions.append(revision)
        page = GlossaryTermPage(pk=pk)
        page.definition = revision.content.get("definition") or ""
        page.why_it_matters = revision.content.get("why_it_matters") or ""
        page.examples = _stream(revision.content.get("examples"))
        page.auto_linked_terms = revision.content["auto_linked_terms"]
        changed_pages.append(page)
    Revision.objects.bulk_update(changed_revisions, ["content"])
    # Row by row: for these four columns (a stream among them) the CASE
    # expressions of bulk_update take Django twice as long to build.
    for page in changed_pages:
        GlossaryTermPage.objects.filter(pk=page.pk).update(
            **{name: getattr(page, name) for name in IMPORT_LINKED_FIELDS}
        )
