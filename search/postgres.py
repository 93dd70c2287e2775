"""Reading Wagtail's search index directly, on PostgreSQL.

With Wagtail's database backend on PostgreSQL, modelsearch keeps one index
row per page with ``title`` and ``body`` ``tsvector`` columns (GIN indexed)
and the plain ``title_text``. Querying those rows directly costs a few index
scans per search, where Wagtail's search API would rank every match:

- full text: every word required, any single word only when nothing matches
  them all; title matches ranked in full by ``ts_rank`` and listed first,
  then body matches ranked within a sample;
- typos: pg_trgm trigram similarity on titles and other names;
- prefixes: ``ILIKE`` on titles.

The trigram and ``ILIKE`` matches are served by the GIN indexes of migration
``glossary.0005_trigram_search``.

The index also holds drafts, expired and private pages, so every query is
restricted to the reader's terms in the same SQL: a hidden term must not take
a candidate or sample slot, or switch off a fallback, or its words could be
probed from outside.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import BigIntegerField, Case, F, When
from django.db.models.functions import Cast
from modelsearch.conf import get_app_config

from . import ranking
from .names import matching_titles, other_names
from .ranking import NameMatch

# Common words match thousands of bodies; ranking every one of them costs
# more than it tells. Titles are ranked in full, bodies within a sample.
BODY_SAMPLE = 400

# pg_trgm scores a title and an other name on the same scale. When both are
# as close to the query, the title is the better suggestion; 0.05 is small
# next to the range trigram_similar lets through (0.3, pg_trgm's default
# threshold, to 1.0), so a clearly closer other name still comes first.
OTHER_NAME_SIMILARITY_PENALTY = 0.05


def index_entries(terms):
    """Wagtail's search index rows for these terms (and no other page)."""
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


class PostgresIndex:
    """Full text, typos and prefixes from the index rows, in a few SQL queries."""

    def full_text(self, terms, query):
        """Ranked term ids, and whether they match every word as typed."""
        entries = index_entries(terms)
        words = query.split()
        every_word = SearchQuery(query, search_type="plain")
        matches = _ranked_matches(entries, every_word)
        if matches or len(words) == 1:
            return ranking.FullText(matches, every_word_matched=bool(matches))
        # Nothing matches every word: any single word is the fallback.
        any_word = SearchQuery(words[0], search_type="plain")
        for word in words[1:]:
            any_word |= SearchQuery(word, search_type="plain")
        return ranking.FullText(
            _ranked_matches(entries, any_word), every_word_matched=False
        )

    def close_names(self, terms, query, limit):
        """Titles and other names a typo or two away, closest first."""
        titles = _most_similar(
            index_entries(terms), "object_id", "title_text", query, limit
        )
        aliases = _most_similar(other_names(terms), "page_id", "name", query, limit)
        rows = [(NameMatch(int(pk), name, False), s) for pk, name, s in titles]
        rows += [
            (NameMatch(pk, name, True), s - OTHER_NAME_SIMILARITY_PENALTY)
            for pk, name, s in aliases
        ]
        rows.sort(key=lambda row: -row[1])
        return [match for match, _similarity in rows]

    def title_matches(self, terms, patterns, limit, prefix=None):
        """Titles matching any (lookup, value) pattern; see names.matching_titles."""
        return matching_titles(
            index_entries(terms), "object_id", "title_text", patterns, limit, prefix
        )


def _ranked_matches(entries, tsquery):
    # Equal ranks are common (one mention each); the row id settles them, or
    # their order would follow a query plan that other rows can change.
    titles = (
        entries.filter(title=tsquery)
        .annotate(rank=SearchRank(F("title"), tsquery))
        .order_by("-rank", "pk")
        .values_list("object_id", flat=True)[: ranking.CANDIDATES]
    )
    ids = [int(pk) for pk in titles]
    if len(ids) < ranking.CANDIDATES:
        sample = entries.filter(body=tsquery).values("pk")[:BODY_SAMPLE]
        # The sample holds visible rows only; no need to check them twice.
        bodies = (
            entries.model.objects.filter(pk__in=sample)
            .annotate(rank=SearchRank(F("body"), tsquery))
            .order_by("-rank", "pk")
            .values_list("object_id", flat=True)[: ranking.CANDIDATES]
        )
        ids += [int(pk) for pk in bodies if int(pk) not in ids]
    return ids


def _most_similar(rows, id_field, name_field, query, limit):
    """(id, name, similarity) of rows whose name is a typo or two from query."""
    return (
        rows.filter(**{f"{name_field}__trigram_similar": query})
        .annotate(similarity=TrigramSimilarity(name_field, query))
        .order_by("-similarity", "pk")
        .values_list(id_field, name_field, "similarity")[:limit]
    )
