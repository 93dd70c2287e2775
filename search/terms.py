"""Finding glossary terms from what a reader typed.

Every search starts from a queryset of the public terms a reader may see and
reads Wagtail's search index, which Wagtail keeps up to date as editors
publish. The index also holds drafts, expired and private terms, so every
query on it, and on other names, is restricted to that queryset in the
database: a hidden term must not fill a list, take a sample or candidate
slot, or switch off a fallback, or its words could be probed from outside.

On PostgreSQL with Wagtail's database backend (the default), the index rows
are queried directly so that a search costs a few index scans:

- full text: the title and body ``tsvector`` columns with their GIN indexes,
  every word required, any single word only when nothing matches them all,
  ranked by
  ``ts_rank`` with the title counting double;
- typos and prefixes: trigram similarity and ``ILIKE`` on the plain-text title
  column and on other names, served by the pg_trgm GIN indexes of migration
  ``glossary.0005_trigram_search``.

Elsewhere (SQLite in development, or an OpenSearch/Elasticsearch backend)
Wagtail's search API does the full text, and typos are caught by comparing
the query with every public title and other name in Python — fine for a
development database, documented as such.

Lists are merged by reciprocal rank; exact and prefix matches on a title or
other name come first.
"""

import difflib
import functools
import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from wagtail.search.query import PlainText

from .query import clean_query

# Search results stop here; each list (full text, typos, prefixes) offers at
# most CANDIDATES.
MAX_RESULTS = 100
CANDIDATES = 50
AUTOCOMPLETE_LIMIT = 10
SNIPPET_LENGTH = 180
_RRF_K = 10


def uses_database_index():
    """True when Wagtail's search index lives in PostgreSQL (the fast path)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor == "postgresql" and backend.endswith(".database")


@dataclass
class Hit:
    term_id: int
    score: float = 0.0
    matched_name: str | None = None


def _other_names(terms):
    """Other names of these terms."""
    # Through the relation, so that the search layer needs no glossary import.
    aliases = terms.model._meta.get_field("term_aliases").related_model
    return aliases.objects.filter(page__in=terms.values("pk"))


def _index_entries(terms):
    """Wagtail's search index rows for these terms (and no other page)."""
    from modelsearch.conf import get_app_config

    IndexEntry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(terms.model)
    # object_id is text for every model. Compared as an integer, each row a
    # search matches is checked against the pages' primary key indexes,
    # instead of against a hash of every visible term's id as text. The CASE
    # keeps rows of other models, whose keys may not be integers, uncast.
    term_id = Case(
        When(
            content_type_id=content_type.pk,
            then=Cast("object_id", BigIntegerField()),
        )
    )
    return (
        IndexEntry.objects.filter(content_type_id=content_type.pk)
        .alias(term_id=term_id)
        .filter(term_id__in=terms.values("pk"))
    )


def _fields(terms, ids, *fields):
    """{id: (id, *fields)} of these terms."""
    rows = terms.filter(pk__in=set(ids)).values_list("pk", *fields)
    return {row[0]: row for row in rows}


# PostgreSQL ---------------------------------------------------------------


def _full_text_ids(terms, query):
    from django.contrib.postgres.search import SearchQuery

    entries = _index_entries(terms)
    words = query.split()
    every_word = SearchQuery(query, search_type="plain")
    matches = _ranked_matches(entries, every_word)
    if matches or len(words) == 1:
        return matches, bool(matches)
    # Nothing matches every word: any single word is the fallback.
    any_word = SearchQuery(words[0], search_type="plain")
    for word in words[1:]:
        any_word |= SearchQuery(word, search_type="plain")
    return _ranked_matches(entries, any_word), False


# Common words match thousands of bodies; ranking every one of them costs
# more than it tells. Titles are ranked in full, bodies within a sample.
BODY_SAMPLE = 400


def _ranked_matches(entries, tsquery):
    from django.contrib.postgres.search import SearchRank

    # Equal ranks are common (one mention each); the row id settles them, or
    # their order would follow a query plan that other rows can change.
    titles = (
        entries.filter(title=tsquery)
        .annotate(rank=SearchRank(F("title"), tsquery))
        .order_by("-rank", "pk")
        .values_list("object_id", flat=True)[:CANDIDATES]
    )
    ids = [int(pk) for pk in titles]
    if len(ids) < CANDIDATES:
        sample = entries.filter(body=tsquery).values("pk")[:BODY_SAMPLE]
        # The sample holds visible rows only; no need to check them twice.
        bodies = (
            entries.model.objects.filter(pk__in=sample)
            .annotate(rank=SearchRank(F("body"), tsquery))
            .order_by("-rank", "pk")
            .values_list("object_id", flat=True)[:CANDIDATES]
        )
        ids += [int(pk) for pk in bodies if int(pk) not in ids]
    return ids


def _most_similar(rows, id_field, name_field, query, limit):
    """(id, name, similarity) of rows whose name is a typo or two from query."""
    from django.contrib.postgres.search import TrigramSimilarity

    return (
        rows.filter(**{f"{name_field}__trigram_similar": query})
        .annotate(similarity=TrigramSimilarity(name_field, query))
        .order_by("-similarity", "pk")
        .values_list(id_field, name_field, "similarity")[:limit]
    )


def _similar_names(terms, query, limit):
    """(id, name, is_other_name) of titles and other names a typo away."""
    titles = _most_similar(
        _index_entries(terms), "object_id", "title_text", query, limit
    )
    aliases = _most_similar(_other_names(terms), "page_id", "name", query, limit)
    rows = [(int(pk), name, False, s) for pk, name, s in titles]
    rows += [(pk, name, True, s - 0.05) for pk, name, s in aliases]
    rows.sort(key=lambda row: -row[3])
    return [(pk, name, alias) for pk, name, alias, _s in rows]


def _title_matches(terms, patterns, limit, prefix=None):
    """(id, title) of titles matching any (lookup, value) pattern.

    Titles starting with ``prefix`` come first, then A–Z.
    """
    field = "title_text" if uses_database_index() else "title"
    condition = Q()
    for lookup, value in patterns:
        condition |= Q(**{f"{field}__{lookup}": value})
    rows = terms if field == "title" else _index_entries(terms)
    rows = rows.filter(condition)
    id_field = "pk" if field == "title" else "object_id"
    order = [field, id_field]
    if prefix:
        starts = Q(**{f"{field}__istartswith": prefix})
        rows = rows.annotate(later=Case(When(starts, then=Value(0)), default=Value(1)))
        order.insert(0, "later")
    rows = rows.order_by(*order).values_list(id_field, field)[:limit]
    return [(int(pk), title) for pk, title in rows]


# Anywhere else ------------------------------------------------------------


def _names(terms):
    rows = [(pk, title, False) for pk, title in terms.values_list("pk", "title")]
    rows += [
        (pk, name, True)
        for pk, name in _other_names(terms).values_list("page_id", "name")
    ]
    return rows


def _close_names(terms, query, limit):
    """Names within a typo or two of the query, closest first (no trigram index)."""
    folded = query.casefold()
    scored = []
    for pk, name, is_alias in _names(terms):
        candidate = name.casefold()
        # The whole name, or its start when the reader has typed only part.
        ratio = max(
            difflib.SequenceMatcher(None, folded, text).ratio()
            for text in (candidate, candidate[: len(folded) + 1])
        )
        if candidate.startswith(folded) or ratio >= 0.75:
            scored.append((ratio + candidate.startswith(folded), pk, name, is_alias))
    scored.sort(key=lambda row: -row[0])
    return [(pk, name, is_alias) for _score, pk, name, is_alias in scored[:limit]]


def _close(terms, query, limit):
    if uses_database_index():
        return _similar_names(terms, query, limit)
    return _close_names(terms, query, limit)


def _full_text(terms, query):
    """(ranked ids, whether every word matched as typed)."""
    if uses_database_index():
        return _full_text_ids(terms, query)
    # Search backends filter only on a model's FilterFields, so not on a view
    # restriction, category or tag: the results are limited to these terms by
    # path (unique, and a FilterField of every page) before they are cut to
    # MAX_RESULTS. Not by id: on a page type that becomes the parent link
    # column, which search backends ignore as a filter.
    visible = terms.model.objects.filter(path__in=terms.values("path"))
    results = visible.search(PlainText(query, operator="or"), order_by_relevance=True)
    return [page.pk for page in results[:MAX_RESULTS]], False


# Both ---------------------------------------------------------------------


def _fuse(hits, ids):
    """Add a ranked list's reciprocal-rank score to each hit."""
    for rank, pk in enumerate(ids):
        hit = hits.setdefault(pk, Hit(pk))
        hit.score += 1 / (_RRF_K + rank)


def search(terms, query):
    """Ranked hits for a reader's search, best first, at most MAX_RESULTS."""
    query = clean_query(query)
    if not query:
        return []
    full_text, words_match = _full_text(terms, query)
    # Typo tolerance is for words that do not match as typed.
    close = [] if words_match else _close(terms, query, CANDIDATES)
    prefixes = _title_matches(terms, [("istartswith", query)], CANDIDATES)
    other_names = list(
        _other_names(terms)
        .filter(name__istartswith=query)
        .order_by("name", "pk")
        .values_list("page_id", "name")[:CANDIDATES]
    )

    # Every list is already of visible terms only: each query was restricted.
    hits = {}
    _fuse(hits, full_text)
    _fuse(hits, [pk for pk, _name, _alias in close])
    for pk, name, is_alias in close:
        if is_alias and hits[pk].matched_name is None:
            hits[pk].matched_name = name
    # Exact and prefix matches on a title or other name rise to the top.
    folded = query.casefold()
    for rows, is_alias in ((prefixes, False), (other_names, True)):
        for pk, name in rows:
            hit = hits.setdefault(pk, Hit(pk))
            exact = name.casefold() == folded
            hit.score += (2.0 if exact else 1.0) - (0.2 if is_alias else 0.0)
            if is_alias and (hit.matched_name is None or exact):
                hit.matched_name = name
    return sorted(hits.values(), key=lambda hit: -hit.score)[:MAX_RESULTS]


def autocomplete(terms, query, fields=(), limit=AUTOCOMPLETE_LIMIT):
    """Up to ``limit`` ((id, *fields), suggested name, is_other_name), best first."""
    query = clean_query(query)
    if not query:
        return []
    suggestions = {}

    def offer(pk, name, is_alias, score):
        best = suggestions.get(pk)
        if best is None or score > best[2]:
            suggestions[pk] = (name, is_alias, score)

    # Titles starting with the query, then titles with a word starting with it
    # ("influ" → "Micro-influencer"), then other names; shorter names first.
    candidates = []
    patterns = [("istartswith", query), ("icontains", f" {query}")]
    patterns.append(("icontains", f"-{query}"))
    folded = query.casefold()
    for pk, title in _title_matches(terms, patterns, limit * 2, prefix=query):
        score = 3.0 if title.casefold().startswith(folded) else 2.0
        candidates.append((pk, title, False, score - len(title) / 1000))
    aliases = _other_names(terms).filter(name__istartswith=query)
    aliases = aliases.order_by("name", "pk")
    for pk, name in aliases.values_list("page_id", "name")[: limit * 2]:
        candidates.append((pk, name, True, 2.5 - len(name) / 1000))
    if len(candidates) < limit and len(query) >= 3:
        # Typos: the closest names, below every prefix match.
        for rank, (pk, name, is_alias) in enumerate(_close(terms, query, limit * 2)):
            candidates.append((pk, name, is_alias, 1.0 - rank / 100))
    for pk, name, is_alias, score in candidates:
        offer(pk, name, is_alias, score)
    ranked = sorted(suggestions.items(), key=lambda item: -item[1][2])[:limit]
    rows = _fields(terms, [pk for pk, _suggestion in ranked], *fields)
    # A term unpublished since the lists were read is no longer in rows.
    return [
        (rows[pk], name, is_alias) for pk, (name, is_alias, _s) in ranked if pk in rows
    ]


@functools.lru_cache(maxsize=256)
def _word_pattern(query):
    words = [re.escape(w) for w in clean_query(query).split() if len(w) > 1]
    if not words:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(words) + ")", re.IGNORECASE)


def highlight(text, query):
    """HTML-escaped text with every word of the query wrapped in <mark>."""
    pattern = _word_pattern(query)
    parts = []
    last = 0
    for match in pattern.finditer(text) if pattern else ():
        parts += [html.escape(text[last : match.start()]), "<mark>"]
        parts += [html.escape(match.group(0)), "</mark>"]
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def snippet(sections, query, length=SNIPPET_LENGTH):
    """A short extract of the first section that mentions the query, highlighted."""
    texts = [" ".join(strip_tags(section).split()) for section in sections if section]
    pattern = _word_pattern(query)
    for text in texts:
        match = pattern.search(text) if pattern else None
        if match:
            start = max(0, match.start() - length // 3)
            extract = text[start : start + length]
            prefix = "…" if start else ""
            suffix = "…" if start + length < len(text) else ""
            return prefix + highlight(extract, query) + suffix
    first = texts[0] if texts else ""
    return highlight(first[:length], query) + ("…" if len(first) > length else "")
