"""Finding terms from what a reader typed: search and autocomplete.

Every search starts from a queryset of the public terms a reader may see and
reads Wagtail's search index, which Wagtail keeps up to date as editors
publish. The index also holds drafts, expired and private terms, so every
query on it, and on other names, is restricted to that queryset in the
database: a hidden term must not fill a list, take a sample or candidate
slot, or switch off a fallback, or its words could be probed from outside.

The index is read by one of three readers, which ``index_reader()`` picks:

- ``postgres.PostgresIndex`` — Wagtail's database backend on PostgreSQL: the
  index rows are queried directly (full text, pg_trgm typos, prefixes);
- ``portable.SearchEngineIndex`` — OpenSearch or Elasticsearch, through
  Wagtail's search API, typos matched by the engine;
- ``portable.SQLiteIndex`` — Wagtail's database backend elsewhere (SQLite in
  development), typos matched in Python.

Each gives, for one search or autocomplete, every ranked list it needs
(``ranking.SearchLists``, ``ranking.SuggestionLists``): full-text ids, close
spellings of names, titles and other names matching what was typed.
``ranking`` merges them. Results are ``ranking.Hit`` and
``ranking.Suggestion``.
"""

from typing import NamedTuple

from django.conf import settings
from django.db import connection

from . import ranking
from .portable import SearchEngineIndex, SQLiteIndex
from .postgres import PostgresIndex
from .query import clean_query

_POSTGRES = PostgresIndex()
_SEARCH_ENGINE = SearchEngineIndex()
_SQLITE = SQLiteIndex()


def index_reader():
    """The reader of Wagtail's search index for the configured backend.

    The one place that looks at the backend and the database: any backend but
    Wagtail's database one is a search engine; the database backend is read
    directly on PostgreSQL, and through Wagtail's search API elsewhere.
    """
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    if not backend.endswith(".database"):
        return _SEARCH_ENGINE
    if connection.vendor == "postgresql":
        return _POSTGRES
    return _SQLITE


def search(terms, query):
    """Ranked hits for a reader's search, best first, at most MAX_RESULTS."""
    return search_hits(terms, query).hits


class SearchHits(NamedTuple):
    """A search's hits, and whether close spellings were all that matched."""

    hits: list
    # True when no title, other name or word matched as typed: what search
    # demand counts as a typo-only answer (``demand``).
    typos_only: bool


def search_hits(terms, query):
    """``search()``, telling a typo-only answer from one that matched as typed."""
    query = clean_query(query)
    if not query:
        return SearchHits([], False)
    found = index_reader().search_lists(terms, query)

    # Every list is already of visible terms only: each query was restricted.
    hits = {}
    ranking.fuse(hits, found.full_text.term_ids)
    ranking.fuse(hits, [match.term_id for match in found.close])
    ranking.note_other_names(hits, found.close)
    ranking.boost_names(hits, found.names, query)
    as_typed = bool(found.full_text.term_ids or found.names)
    return SearchHits(ranking.best_hits(hits), bool(found.close) and not as_typed)


def autocomplete(terms, query, fields=(), limit=ranking.AUTOCOMPLETE_LIMIT):
    """Up to ``limit`` suggestions, best first, each with ``fields`` of its term."""
    query = clean_query(query)
    if not query:
        return []
    found = index_reader().suggestion_lists(terms, query, limit, fields)

    # Titles starting with the query, other names, then titles with a word
    # starting with it; shorter names first. Typos come below every prefix.
    scored = [(match, ranking.title_score(match.name, query)) for match in found.titles]
    scored += [
        (match, ranking.other_name_score(match.name)) for match in found.other_names
    ]
    scored += [
        (match, ranking.close_spelling_score(place))
        for place, match in enumerate(found.close)
    ]
    best = ranking.best_suggestions(scored, limit)
    # The fields were read with visibility checked again: a term unpublished
    # since the lists were read is not among them.
    return [
        ranking.Suggestion(
            match.term_id, match.name, match.is_other_name, found.terms[match.term_id]
        )
        for match in best
        if match.term_id in found.terms
    ]
