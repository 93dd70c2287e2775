"""Reading the search index through Wagtail's search API.

Used with Wagtail's database backend on SQLite (development) and with an
OpenSearch or Elasticsearch backend (sites that outgrow PostgreSQL). Both
answer full text through ``.search()``; they differ in typo tolerance:

- a search engine matches close spellings itself, from a ``Fuzzy`` query;
- SQLite's backend cannot (Wagtail refuses ``Fuzzy`` there), so the query is
  compared with every public title and other name in Python. That reads every
  name on each typo search: fine for a development database, not for 10,000
  terms, which is what PostgreSQL or a search engine is for.
"""

import difflib

from wagtail.search.query import Fuzzy, PlainText

from . import ranking
from .names import (
    matching_titles,
    other_names,
    other_names_starting_with,
    suggested_title_patterns,
)
from .ranking import NameMatch

# difflib's ratio is 2 × matching characters / total characters. 0.75 is one
# wrong letter in four: a slip in a short word ("hook" for "book") is still a
# close spelling, a different word sharing half its letters ("churn" and
# "chart", 0.6) is not. Longer words with one letter missing score over 0.9
# ("afiliate" and "affiliate link" compared by their start: 0.94).
CLOSE_SPELLING_RATIO = 0.75
# A name that starts with the query is closer than any spelling of it: the
# ratio is at most 1, so this puts every such name first.
STARTS_WITH_BONUS = 1


def visible(terms):
    """These terms, as a queryset every search backend can filter by."""
    # Search backends filter only on a model's FilterFields, so not on a view
    # restriction, category or tag: the results are limited to these terms by
    # path (unique, and a FilterField of every page) before they are cut.
    # Not by id: on a page type that becomes the parent link column, which
    # search backends ignore as a filter.
    return terms.model.objects.filter(path__in=terms.values("path"))


class PortableIndex:
    """Full text through Wagtail's search API, names through the ORM.

    Each list is a query of its own; a subclass adds ``close_names``.
    """

    def search_lists(self, terms, query):
        """Every list a search ranks; see ranking.SearchLists."""
        full_text = self.full_text(terms, query)
        # Typo tolerance is for words that do not match as typed.
        close = []
        if not full_text.every_word_matched:
            close = self.close_names(terms, query, ranking.CANDIDATES)
        names = matching_titles(terms, [("istartswith", query)], ranking.CANDIDATES)
        names += other_names_starting_with(terms, query, ranking.CANDIDATES)
        return ranking.SearchLists(full_text, close, names)

    def suggestion_lists(self, terms, query, limit, fields):
        """Every list an autocomplete ranks; see ranking.SuggestionLists."""
        fetch = limit * ranking.AUTOCOMPLETE_OVERFETCH
        patterns = suggested_title_patterns(query)
        titles = matching_titles(terms, patterns, fetch, prefix=query)
        aliases = other_names_starting_with(terms, query, fetch)
        close = []
        if ranking.wants_close_spellings(query, len(titles) + len(aliases), limit):
            close = self.close_names(terms, query, fetch)
        # One query loads what the caller shows and checks visibility again.
        ids = {match.term_id for match in [*titles, *aliases, *close]}
        rows = terms.filter(pk__in=ids).values_list("pk", *fields)
        found = {row[0]: dict(zip(fields, row[1:], strict=True)) for row in rows}
        return ranking.SuggestionLists(titles, aliases, close, found)

    def full_text(self, terms, query):
        """Ranked term ids; any word may match."""
        results = visible(terms).search(
            PlainText(query, operator="or"), order_by_relevance=True
        )
        # Whether every word matched is not known here, so typo matching
        # always runs as well.
        ids = [page.pk for page in results[: ranking.MAX_RESULTS]]
        return ranking.FullText(ids, every_word_matched=False)


class SearchEngineIndex(PortableIndex):
    """OpenSearch or Elasticsearch: typo tolerance from the engine."""

    def close_names(self, terms, query, limit):
        """Terms the engine finds within a typo or two, most relevant first.

        The engine tells which term matched, not which of its names: other
        names are indexed inside the term's document, and Wagtail can name
        only a model's own SearchFields in ``fields``. So the whole document
        is searched, other names and sections included, and the title is
        offered as the name that matched. Wagtail indexes page titles with
        double weight, so a close title ranks before a close word in a
        section.
        """
        results = visible(terms).search(Fuzzy(query), order_by_relevance=True)
        return [NameMatch(page.pk, page.title, False) for page in results[:limit]]


class SQLiteIndex(PortableIndex):
    """Wagtail's database backend without pg_trgm: SQLite in development."""

    def close_names(self, terms, query, limit):
        """Names within a typo or two of the query, closest first (difflib)."""
        folded = query.casefold()
        scored = []
        for match in _names(terms):
            candidate = match.name.casefold()
            # The whole name, or its start when the reader has typed only
            # part; one letter longer, so a letter left out still lines up.
            ratio = max(
                difflib.SequenceMatcher(None, folded, text).ratio()
                for text in (candidate, candidate[: len(folded) + 1])
            )
            starts = candidate.startswith(folded)
            if starts or ratio >= CLOSE_SPELLING_RATIO:
                scored.append((ratio + (STARTS_WITH_BONUS if starts else 0), match))
        scored.sort(key=lambda row: -row[0])
        return [match for _score, match in scored[:limit]]


def _names(terms):
    """Every title and other name of these terms."""
    rows = terms.values_list("pk", "title")
    matches = [NameMatch(pk, title, False) for pk, title in rows]
    aliases = other_names(terms).values_list("page_id", "name")
    matches += [NameMatch(pk, name, True) for pk, name in aliases]
    return matches
