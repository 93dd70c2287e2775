"""Reading Wagtail's search index directly, on PostgreSQL.

With Wagtail's database backend on PostgreSQL, modelsearch keeps one index
row per page with ``title`` and ``body`` ``tsvector`` columns (GIN indexed)
and the plain ``title_text``. Querying those rows directly costs a few index
scans per search, where Wagtail's search API would rank every match:

- full text: every word required, any single word only when nothing matches
  them all; title matches ranked in full by ``ts_rank`` and listed first,
  then body matches ranked within a sample;
- typos: pg_trgm trigram similarity on titles and other names;
- prefixes: ``ILIKE`` on titles and other names.

The lists are read together: one SQL statement for those every search (or
autocomplete) needs, and a second one for typos and the any-word fallback,
only when they are needed. An autocomplete's statements bring the fields of
the terms they offer too. The SQL is written here rather than built with the
ORM: building and compiling a query cost more than the database spent
answering it, and a search took up to ten. Lists that may not be needed get
a statement of their own, rather than a condition in the first one, because
PostgreSQL plans every list of a statement, needed or not, and planning a
list costs about what answering it does.

The trigram and ``ILIKE`` matches are served by the GIN indexes of migration
``glossary.0005_trigram_search``.

The index also holds drafts, expired and private pages, so every list keeps
only rows of the reader's terms, checked in the same statement before the
list is cut (see ``_Lists.add``): a hidden term must not take a candidate or
sample slot, or switch off a fallback, or its words could be probed from
outside.
"""

import re
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections
from modelsearch.conf import get_app_config

from . import ranking
from .names import other_name_relation, suggested_title_patterns
from .ranking import NameMatch

# Common words match thousands of bodies; ranking every one of them costs
# more than it tells. Titles are ranked in full, bodies within a sample.
BODY_SAMPLE = 400

# pg_trgm scores a title and an other name on the same scale. When both are
# as close to the query, the title is the better suggestion; 0.05 is small
# next to the range trigram_similar lets through (0.3, pg_trgm's default
# threshold, to 1.0), so a clearly closer other name still comes first.
OTHER_NAME_SIMILARITY_PENALTY = 0.05

# Django's case-insensitive lookups as it writes them on PostgreSQL,
# UPPER(column) LIKE UPPER(pattern), which the UPPER trigram indexes serve.
LIKE_PATTERNS = {"istartswith": "{}%", "icontains": "%{}%"}


class PostgresIndex:
    """The lists of a search or an autocomplete, in one or two SQL statements."""

    def search_lists(self, terms, query):
        """Every list a search ranks; see ranking.SearchLists."""
        try:
            lists = _Lists(terms, query)
        except EmptyResultSet:
            return ranking.SearchLists(ranking.FullText([], False), [], [])
        lists.full_text("every_word", [query])
        lists.titles([("istartswith", query)], ranking.CANDIDATES)
        lists.other_names_starting(ranking.CANDIDATES)
        found = lists.read()
        full_text = _full_text(found, "every_word")
        names = _names(found, "titles") + _names(found, "other_names")
        if full_text:
            return ranking.SearchLists(ranking.FullText(full_text, True), [], names)

        # Nothing matches every word: any single word is the fallback, and
        # typo tolerance is for words that do not match as typed.
        words = query.split()
        if len(words) > 1:
            lists.full_text("any_word", words)
        lists.close_names(ranking.CANDIDATES)
        found = lists.read()
        full_text = _full_text(found, "any_word")
        return ranking.SearchLists(
            ranking.FullText(full_text, False), _close(found), names
        )

    def suggestion_lists(self, terms, query, limit, fields):
        """Every list an autocomplete ranks; see ranking.SuggestionLists."""
        fetch = limit * ranking.AUTOCOMPLETE_OVERFETCH
        try:
            lists = _Lists(terms, query, fields)
        except EmptyResultSet:
            return ranking.SuggestionLists([], [], [], {})
        lists.titles(suggested_title_patterns(query), fetch, first=query)
        lists.other_names_starting(fetch)
        found = lists.read()
        titles = _names(found, "titles")
        aliases = _names(found, "other_names")
        close = []
        if ranking.wants_close_spellings(query, len(titles) + len(aliases), limit):
            lists.close_names(fetch)
            close = _close(lists.read())
        return ranking.SuggestionLists(titles, aliases, close, lists.terms)


def _full_text(found, words):
    """Term ids of title matches, then of body matches not among them."""
    ids = [term_id for term_id, _name, _similarity in found[f"{words}_titles"]]
    ids += [
        term_id
        for term_id, _name, _similarity in found[f"{words}_bodies"]
        if term_id not in ids
    ]
    return ids


def _names(found, kind):
    """The list ``kind`` of titles or other names, as NameMatch."""
    other = kind == "other_names"
    return [NameMatch(term_id, name, other) for term_id, name, _s in found[kind]]


def _close(found):
    """Close titles and other names, closest first (titles first on a tie)."""
    rows = [
        (NameMatch(term_id, name, False), similarity)
        for term_id, name, similarity in found["close_titles"]
    ]
    rows += [
        (NameMatch(term_id, name, True), similarity - OTHER_NAME_SIMILARITY_PENALTY)
        for term_id, name, similarity in found["close_other_names"]
    ]
    rows.sort(key=lambda row: -row[1])
    return [match for match, _similarity in rows]


class _Lists:
    """Named lists of one request's terms, read a statement at a time.

    Values are named parameters, so that every list can use the visible
    terms' query, and its parameters, compiled once per request.
    """

    def __init__(self, terms, query, fields=None):
        """Lists of ``terms`` matching ``query``, with ``fields`` of each.

        Raises EmptyResultSet, as compiling it does, when the terms' query
        can match nothing (``none()``, an empty ``pk__in``).
        """
        self.connection = connections[terms.db]
        quote = self.connection.ops.quote_name
        self.query = query
        self.params = {}
        self.lists = []
        IndexEntry = get_app_config().get_model("IndexEntry")
        self.index = quote(IndexEntry._meta.db_table)
        relation = other_name_relation(terms.model)
        aliases = relation.related_model._meta
        self.other_names = quote(aliases.db_table)
        self.other_name = quote(aliases.get_field("name").column)
        self.other_name_term = quote(relation.field.column)
        self.content_type = self.param(
            "%s", ContentType.objects.get_for_model(terms.model).pk
        )
        # The terms' own query, compiled once: every list checks its matches
        # against it, and with fields, each row found brings those of its
        # term from it, so the terms are checked again in the same statement.
        # Unordered, as Django leaves a subquery: an ORDER BY would keep
        # PostgreSQL from checking each row against the primary key index.
        # Its columns are named by position, the id then the fields in order,
        # whatever Django calls them.
        self.fields = fields
        self.terms = {}
        rows = terms.values_list("pk", *(fields or ())).order_by()
        self.columns = ["pk", *(f"field{n}" for n in range(len(fields or ())))]
        self.term_rows = f"({self.subquery(rows)}) AS term ({', '.join(self.columns)})"
        self.visible = f"SELECT term.pk FROM {self.term_rows}"

    def param(self, sql, *values):
        """``sql`` with each %s replaced by a named parameter for a value."""
        names = []
        for value in values:
            names.append(f"p{len(self.params)}")
            self.params[names[-1]] = value
        return sql % tuple(f"%({name})s" for name in names)

    def subquery(self, queryset):
        """A queryset's SQL, its parameters turned into named ones."""
        sql, values = queryset.query.get_compiler(using=queryset.db).as_sql()
        values = iter(values)

        def name(found):
            # %% is a literal percent sign, left as it is.
            return found[0] if found[0] == "%%" else self.param("%s", next(values))

        return re.sub(r"%%|%s", name, sql)

    def visible_entry(self, alias):
        """Whether the index row ``alias`` is one of a visible term."""
        # object_id is text for every model. Compared as an integer, each row
        # is checked against the pages' primary key indexes, instead of
        # against a hash of every visible term's id as text. The CASE keeps
        # rows of other models, whose keys may not be integers, uncast.
        return (
            f"CASE WHEN {alias}.content_type_id = {self.content_type} "
            f"THEN {alias}.object_id::bigint END IN ({self.visible})"
        )

    def entries(self):
        """The index rows of the terms' model, visible or not."""
        return f"{self.index} e WHERE e.content_type_id = {self.content_type}"

    def add(self, name, matches, order, limit, visible, **columns):
        """Add the list ``name``: the first ``limit`` visible ``matches``.

        ``matches`` is a SELECT of every match, visible or not; ``order``
        ranks them on its columns, the last settling ties, so that the order
        never follows a query plan. They are sorted first, then checked one
        by one in that order (``visible``, on the row ``m``) until the list
        is full: a hidden match is passed over, never given a place, and
        only the few matches a list keeps are checked, not all of them.

        ``columns`` name what is read back of each row: ``term_id``, and
        optionally the name that ``matched`` and its ``similarity``.
        """
        # OFFSET 0 keeps the matches a subquery of their own, sorted before
        # the check, rather than merged into one join checked for every row.
        sql = f"""
            SELECT * FROM ({matches} ORDER BY {order} OFFSET 0) m
            WHERE {visible}
            ORDER BY {order}
            LIMIT {self.param("%s", limit)}
        """
        self.lists.append((name, sql, order, columns))

    def full_text(self, name, words):
        """Titles ranked in full, then bodies ranked within a sample.

        One word stands for the query with every word required; several,
        for any of them.
        """
        tsquery = " || ".join(self.param("plainto_tsquery(%s)", w) for w in words)
        tsquery = f"({tsquery})"
        # Equal ranks are common (one mention each); the row id settles them.
        self.add(
            f"{name}_titles",
            f"""
            SELECT e.content_type_id, e.object_id, e.id,
                ts_rank(e.title, {tsquery}) AS rank
            FROM {self.entries()} AND e.title @@ {tsquery}
            """,
            order="rank DESC, id",
            limit=ranking.CANDIDATES,
            visible=self.visible_entry("m"),
            term_id="object_id::bigint",
        )
        # Bodies only when titles leave room: the count is taken once, before
        # any body is read. The sample is of visible rows, the first the scan
        # meets: ranking a body costs more than finding it.
        candidates = self.param("%s", ranking.CANDIDATES)
        sql = f"""
            SELECT object_id, id, ts_rank(body, {tsquery}) AS rank
            FROM (
                SELECT e.object_id, e.id, e.body
                FROM {self.entries()} AND e.body @@ {tsquery}
                    AND {self.visible_entry("e")}
                LIMIT {self.param("%s", BODY_SAMPLE)}
            ) sample
            WHERE (SELECT count(*) FROM {name}_titles) < {candidates}
            ORDER BY rank DESC, id
            LIMIT {candidates}
        """
        order = "rank DESC, id"
        self.lists.append(
            (f"{name}_bodies", sql, order, {"term_id": "object_id::bigint"})
        )

    def close_names(self, limit):
        """Titles and other names whose trigrams are close to the query's."""
        query = self.param("%s", self.query)
        self.add(
            "close_titles",
            f"""
            SELECT e.content_type_id, e.object_id, e.id, e.title_text,
                similarity(e.title_text, {query}) AS similarity
            FROM {self.entries()} AND e.title_text %% {query}
            """,
            order="similarity DESC, id",
            limit=limit,
            visible=self.visible_entry("m"),
            term_id="object_id::bigint",
            matched="title_text",
            similarity="similarity",
        )
        name = self.other_name
        self.add(
            "close_other_names",
            f"""
            SELECT a.{self.other_name_term} AS term_id, a.id, a.{name} AS name,
                similarity(a.{name}, {query}) AS similarity
            FROM {self.other_names} a WHERE a.{name} %% {query}
            """,
            order="similarity DESC, id",
            limit=limit,
            visible=f"m.term_id IN ({self.visible})",
            term_id="term_id",
            matched="name",
            similarity="similarity",
        )

    def titles(self, patterns, limit, first=None):
        """Titles matching any (lookup, value) pattern, A–Z.

        Titles starting with ``first`` come first; the id settles equal
        titles, compared as text, as names.matching_titles orders them.
        """
        matches = " OR ".join(
            self.like("e.title_text", lookup, value) for lookup, value in patterns
        )
        later = "0"
        if first is not None:
            starts = self.like("e.title_text", "istartswith", first)
            later = f"CASE WHEN {starts} THEN 0 ELSE 1 END"
        self.add(
            "titles",
            f"""
            SELECT e.content_type_id, e.object_id, e.title_text, {later} AS later
            FROM {self.entries()} AND ({matches})
            """,
            order="later, title_text, object_id",
            limit=limit,
            visible=self.visible_entry("m"),
            term_id="object_id::bigint",
            matched="title_text",
        )

    def other_names_starting(self, limit):
        """Other names starting with the query, A–Z."""
        name = self.other_name
        starts = self.like(f"a.{name}", "istartswith", self.query)
        self.add(
            "other_names",
            f"""
            SELECT a.{self.other_name_term} AS term_id, a.id, a.{name} AS name
            FROM {self.other_names} a WHERE {starts}
            """,
            order="name, id",
            limit=limit,
            visible=f"m.term_id IN ({self.visible})",
            term_id="term_id",
            matched="name",
        )

    def like(self, column, lookup, value):
        """Django's ``lookup`` (istartswith, icontains) of value on column."""
        escaped = self.connection.ops.prep_for_like_query(value)
        pattern = LIKE_PATTERNS[lookup].format(escaped)
        return self.param(f"UPPER({column}::text) LIKE UPPER(%s)", pattern)

    def read(self):
        """Run the lists added since the last read, in one statement.

        Returns {list name: [(term id, name, similarity)]}, each in order;
        with fields, the fields of each term found are kept in ``terms``.
        """
        with self.connection.cursor() as cursor:
            cursor.execute(self.statement(), self.params)
            rows = cursor.fetchall()

        names = [name for name, *_rest in self.lists]
        self.lists = []
        found = defaultdict(list)
        for kind, place, term_id, name, similarity, *values in rows:
            # A terms query that joins (tags, say) can give a term more than
            # one row of fields: each place is kept once.
            if len(found[names[kind]]) == place:
                continue
            found[names[kind]].append((term_id, name, similarity))
            if self.fields is not None:
                self.terms[term_id] = dict(zip(self.fields, values, strict=True))
        return found

    def statement(self):
        """The SQL of the lists added since the last read."""
        ctes = ",\n".join(f"{name} AS ({sql})" for name, sql, *_rest in self.lists)
        rows = "\nUNION ALL\n".join(
            f"SELECT {kind} AS list, row_number() OVER (ORDER BY {order}) AS place, "
            f"{columns['term_id']} AS term_id, "
            f"{columns.get('matched', 'NULL::text')} AS name, "
            f"{columns.get('similarity', 'NULL::real')} AS similarity FROM {name}"
            for kind, (name, _sql, order, columns) in enumerate(self.lists)
        )
        statement = f"WITH {ctes},\nfound AS ({rows})\n"
        statement += "SELECT list, place, term_id, name, similarity"
        if self.fields is None:
            statement += " FROM found"
        else:
            statement += "".join(f", term.{column}" for column in self.columns[1:])
            statement += f" FROM found JOIN {self.term_rows} ON term.pk = found.term_id"
        return statement + " ORDER BY list, place"
