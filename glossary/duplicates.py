"""Names two terms may not share, and names close enough to ask about first.

Two terms of one glossary clash when a title or other name of one reads the
same as a title or other name of the other once case, accents, punctuation,
hyphens and simple plurals are folded (``glossary.text.name_key``), or when
they would answer at the same address. The API answers ``terms/<slug>/`` for
a term's slug and redirects the slug of each other name to its term
(``delivery.queries.moved_term``), so an other name may not make another
term's slug or another term's other name's slug, and a title may not make
another term's other name's slug. (Two terms with one slug under a glossary
are Wagtail's to refuse, and it does.) A name made only of punctuation has no
key and no slug, and clashes with nothing.

A near-duplicate is a name close to another term's without clashing:
"Microcreator" next to "Micro-creator". PostgreSQL finds them by trigram
similarity over the keys, through the GiST indexes of migration
``glossary.0014_duplicate_guard``; other databases compare the keys of the
names that share their first letters (indexed ranges of keys) without their
spaces, then by ``difflib``.

The admin form and the import (``transfer.importer``) both check with this
module. Each check reads only the rows holding the keys and slugs asked
about: two indexed queries for clashes and two for near-duplicates, however
large the glossary.
"""

import difflib
import itertools
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connections
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Abs, Greatest, Least, Length, Replace
from django.utils.text import slugify

from .text import name_key

# Keys and slugs are stored cut to their columns' lengths.
KEY_LENGTH = 255
# Names asked about at once in one query; an import asking about more than
# FULL_READ_AT reads every name of the glossary instead (two queries).
CHUNK = 400
FULL_READ_AT = 2_000
# Terms left out of the comparison by the queries themselves, at most.
EXCLUDED_BY_QUERY = 50

# pg_trgm similarity (0–1) from which another term's name is "close", the
# better of the keys' as written and without spaces. "Microcreator" /
# "micro creator" and "wifi" / "wi fi" score 1, "bio link" / "link in bio"
# 0.75, a one-letter typo in a two-word name about 0.68; different terms
# sharing a word stay below: "nano influencer" / "micro influencer" 0.5,
# "creator fund" / "creator funds program" 0.52, "reach" / "organic reach" 0.43.
NEAR_SIMILARITY = 0.55
# Elsewhere: difflib's ratio over keys without spaces, and the letters that
# candidates share with the name.
NEAR_RATIO = 0.85
PREFIX_LETTERS = 3
# Close names read per name and table, and listed per name.
CANDIDATES = 10
PREFIX_CANDIDATES = 50
SHOWN = 5


def _other_name_model():
    # By name: the models import the admin form, which imports this module.
    return apps.get_model("glossary", "GlossaryTermAlias")


class Glossary:
    """The terms a name is compared with: a glossary's, but for ``excluded``.

    A few excluded ids (the term being edited) are left out by the queries;
    many (the terms an import replaces) as rows are read, so that no query
    carries thousands of ids.
    """

    def __init__(self, parent, excluded=()):
        self.excluded = set(excluded)
        term_model = apps.get_model("glossary", "GlossaryTermPage")
        self.terms = term_model.objects.child_of(parent)
        # The glossary's other names through the page tree's path, as
        # child_of finds its terms, rather than "page in (its terms)", which
        # SQLite answers by reading every term first.
        self.other_names = _other_name_model().objects.filter(
            page__path__startswith=parent.path, page__depth=parent.depth + 1
        )
        self.by_query = len(self.excluded) <= EXCLUDED_BY_QUERY
        if self.by_query:
            self.terms = self.terms.exclude(pk__in=self.excluded)
            self.other_names = self.other_names.exclude(page_id__in=self.excluded)

    def keeps(self, page_id):
        return self.by_query or page_id not in self.excluded

    def has_terms(self):
        """Whether any term is left to compare with."""
        if self.by_query:
            return self.terms.exists()
        # An import excludes the glossary's own terms that it replaces.
        return self.terms.count() > len(self.excluded)


def key_of(text):
    """A name's key as stored and compared."""
    return name_key(text)[:KEY_LENGTH]


@dataclass(frozen=True)
class Name:
    """A title or other name of the term being checked."""

    text: str
    key: str
    # The addresses it makes: for a title its slugified form and the term's
    # slug, for an other name the slug the API redirects.
    slugs: tuple
    is_title: bool
    # Which other name (0, 1, …) in the order given; None for the title.
    position: int | None = None


def title_slug(title):
    """The slug a title makes, as Wagtail would make the term's."""
    return slugify(title, allow_unicode=True)[:KEY_LENGTH]


def term_names(title, other_names=(), slug=""):
    """The Names of a term: its title (if any), then its other names in order."""
    names = []
    if title:
        key = key_of(title)
        slugs = {title_slug(title), slug} if key else ()
        names.append(Name(title, key, tuple(sorted(s for s in slugs if s)), True))
    slug_for = _other_name_model().slug_for
    for position, text in enumerate(other_names):
        key = key_of(text)
        slugs = (slug_for(text),) if key and slug_for(text) else ()
        names.append(Name(text, key, slugs, False, position))
    return names


@dataclass(frozen=True)
class Holder:
    """A term that holds names: one of the glossary, or a row of an import."""

    title: str
    page_id: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class Clash:
    """A name another term already holds, by its key or by an address."""

    name: Name
    holder: Holder
    # The holder's name this one reads the same as, or makes the address of.
    held: str
    held_is_title: bool
    # The shared address, when the names differ and only their slugs meet.
    address: str = ""


@dataclass(frozen=True)
class Near:
    """Another term's name close to one being checked."""

    holder: Holder
    held: str
    held_is_title: bool


def repeats(names):
    """Names that repeat an earlier name of the same term (punctuation never does)."""
    seen = set()
    repeated = []
    for name in names:
        if not name.key:
            continue
        if name.key in seen:
            repeated.append(name)
        seen.add(name.key)
    return repeated


class Register:
    """Who holds which keys and addresses: terms of the glossary, rows of a file."""

    def __init__(self):
        self.keys = {}
        # Addresses answered directly (a term's slug; a file row's title's).
        self.slugs = {}
        # Addresses redirected (other names' slugs).
        self.name_slugs = {}
        # Keys without their spaces, of names held through hold().
        self.compact = {}

    def hold(self, holder, names):
        """Record what ``holder`` holds; the first holder of each key keeps it."""
        for name in names:
            if not name.key:
                continue
            entry = (holder, name.text, name.is_title)
            self.keys.setdefault(name.key, entry)
            table = self.slugs if name.is_title else self.name_slugs
            for slug in name.slugs:
                table.setdefault(slug, entry)
            self.compact.setdefault(_compact(name.key), (name.key, entry))

    def clashes(self, names):
        """The Clash of each name another holder already holds (one per name)."""
        found = []
        for name in names:
            if not name.key:
                continue
            held = self.keys.get(name.key)
            if held is not None:
                found.append(Clash(name, *held))
                continue
            tables = (
                (self.name_slugs,) if name.is_title else (self.slugs, self.name_slugs)
            )
            found.extend(self._address_clash(name, tables))
        return found

    def near(self, names):
        """Nears held through hold() that differ from ``names`` only by spaces.

        "Wi-Fi" and "WiFi", "Micro creator" and "Microcreator": what an
        import compares its rows by, where each row is not in the database yet.
        """
        found = []
        for name in names:
            held = self.compact.get(_compact(name.key)) if name.key else None
            if held is not None and held[0] != name.key:
                holder, text, is_title = held[1]
                found.append(Near(holder, text, is_title))
        return found

    @staticmethod
    def _address_clash(name, tables):
        for slug, table in itertools.product(name.slugs, tables):
            if slug in table:
                return [Clash(name, *table[slug], address=slug)]
        return []


def register_of(glossary, names):
    """A Register of what the ``glossary`` holds, as far as ``names`` could clash.

    Reads only rows whose key or slug is asked about, through the indexes on
    them; asked about more than FULL_READ_AT at once (a large import), it
    reads every name in two queries instead.
    """
    register = Register()
    keys = {name.key for name in names if name.key}
    if not keys:
        return register
    title_slugs = {slug for name in names if name.is_title for slug in name.slugs}
    name_slugs = {slug for name in names if not name.is_title for slug in name.slugs}
    full = len(keys) + len(title_slugs) + len(name_slugs) > FULL_READ_AT
    # A title's address is never compared with another term's slug: two
    # terms with one slug are Wagtail's to refuse.
    holding = _holding(
        glossary.terms,
        ("pk", "title", "name_key", "slug"),
        {"name_key": keys, "slug": name_slugs},
        full,
    )
    for page_id, title, key, slug in sorted(holding):
        entry = (Holder(title, page_id), title, True)
        if key and glossary.keeps(page_id):
            register.keys.setdefault(key, entry)
            register.slugs.setdefault(slug, entry)
    holding = _holding(
        glossary.other_names,
        ("page_id", "sort_order", "pk", "page__title", "name", "key", "slug"),
        {"key": keys, "slug": title_slugs | name_slugs},
        full,
    )
    # Each term's other names in the editor's order; unordered ones last.
    for page_id, _, _, title, name, key, slug in sorted(
        holding, key=lambda row: (row[0], row[1] is None, row[1] or 0, row[2])
    ):
        entry = (Holder(title, page_id), name, False)
        if key and glossary.keeps(page_id):
            register.keys.setdefault(key, entry)
            register.name_slugs.setdefault(slug, entry)
    return register


def _holding(rows, fields, asked, full):
    """``fields`` of the ``rows`` holding one of the values ``asked`` {column: values}.

    One SELECT per column, joined by UNION: a term's key and slug are in
    different tables, and an OR across them would read every term. CHUNK
    values a query.
    """
    if full:
        return list(rows.values_list(*fields))
    pairs = [(column, value) for column in asked for value in sorted(asked[column])]
    found = []
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        selects = [
            rows.filter(**{f"{column}__in": [v for c, v in chunk if c == column]})
            .values_list(*fields)
            .order_by()
            for column in asked
            if any(c == column for c, _ in chunk)
        ]
        found += selects[0].union(*selects[1:]) if len(selects) > 1 else selects[0]
    return found


def clashes(glossary, names):
    """Each of ``names`` that a term of the ``glossary`` already holds, as a Clash."""
    return register_of(glossary, names).clashes(names)


def near_duplicates(glossary, names):
    """{name: [Near, …]}: names of the ``glossary`` close to each of ``names``.

    Only names with a key are compared, and a name is never close to one it
    clashes with (same key): that is a clash. At most SHOWN per name, one
    per term, closest first.
    """
    wanted = {}
    for name in names:
        if name.key:
            wanted.setdefault(name.key, []).append(name)
    if not wanted:
        return {}
    if connections[glossary.terms.db].vendor == "postgresql":
        scored = _trigram_matches(glossary, list(wanted))
    else:
        scored = _prefix_matches(glossary, list(wanted))
    found = {}
    for key, matches in scored.items():
        # Closest first; then by the held name, the same on every database.
        matches.sort(key=lambda match: (-match[0], match[1]))
        nears, seen = [], set()
        for _, _, near in matches:
            page_id = near.holder.page_id
            if glossary.keeps(page_id) and page_id not in seen:
                seen.add(page_id)
                nears.append(near)
        for name in wanted[key]:
            if nears:
                found[name] = nears[:SHOWN]
    return found


def _sources(glossary):
    """(rows, key column, term id column, term title column, name column)."""
    return [
        (glossary.terms, "name_key", "pk", "title", None),
        (glossary.other_names, "key", "page_id", "page__title", "name"),
    ]


def _compact(key):
    return key.replace(" ", "")


def _trigram_matches(glossary, keys):
    """{key: [(score, held key, Near)]} by pg_trgm similarity, one query a table.

    Keys are compared as they are, which catches words in another order
    ("bio link"), and without their spaces, which makes "wifi" and "wi fi"
    equal: the better of the two scores. Each key is a SELECT of its own
    (joined by UNION ALL), where ``%`` (pg_trgm's threshold, 0.3 unless
    changed) lets the GIN indexes on both expressions pick the candidates;
    the score keeps those over NEAR_SIMILARITY, CANDIDATES of them.
    """
    found = {key: [] for key in keys}
    for rows, column, page_id, title, name in _sources(glossary):
        compact = Replace(F(column), Value(" "), Value(""))
        fields = [page_id, title, name or title, column, "score", "asked"]
        selects = []
        for number, key in enumerate(keys):
            selects.append(
                rows.filter(
                    Q(TrigramSimilar(F(column), Value(key)))
                    | Q(TrigramSimilar(compact, Value(_compact(key))))
                )
                .annotate(
                    score=Greatest(
                        TrigramSimilarity(column, Value(key)),
                        TrigramSimilarity(compact, Value(_compact(key))),
                        output_field=FloatField(),
                    ),
                    asked=Value(number),
                )
                .filter(score__gte=NEAR_SIMILARITY)
                .order_by("-score", column)
                .values_list(*fields)[:CANDIDATES]
            )
        matches = (
            selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
        )
        for found_id, found_title, held, held_key, score, number in matches:
            if held_key != keys[number]:
                near = Near(Holder(found_title, found_id), held, name is None)
                found[keys[number]].append((score, held_key, near))
    return found


def _prefix(key):
    # The first letters, spaces left out: "micro creator" and "microcreator"
    # share "mic", "wi fi" and "wifi" share "wif".
    return _compact(key)[:PREFIX_LETTERS]


def _spellings(prefix):
    """The prefix with and without a space between each of its letters.

    "wif" → "wif", "wi f", "w if", "w i f": a stored key starts with one of
    them when its first letters, spaces left out, are the prefix.
    """
    spellings = [prefix[:1]]
    for letter in prefix[1:]:
        spellings = [s + gap + letter for s in spellings for gap in ("", " ")]
    return spellings


def _prefix_matches(glossary, keys):
    """{key: [(score, held key, Near)]}: names sharing a prefix, compared in Python.

    Candidates are the keys in indexed ranges (those starting with the name's
    first letters, however spaced), nearest in length first,
    PREFIX_CANDIDATES per name.
    """
    found = {key: [] for key in keys}
    # Past the last code point: every key starting with the prefix sorts below.
    above = chr(0x10FFFF)
    starts = {spelling for key in keys for spelling in _spellings(_prefix(key))}
    for rows, column, page_id, title, name in _sources(glossary):
        in_range = Q()
        for start in sorted(starts):
            in_range |= Q(**{f"{column}__gte": start, f"{column}__lt": start + above})
        gaps = [Abs(Length(column) - len(key)) for key in keys]
        fields = [page_id, title, name or title, column]
        candidates = (
            rows.filter(in_range)
            .annotate(length_gap=Least(*gaps) if len(gaps) > 1 else gaps[0])
            .order_by("length_gap", column)
            .values_list(*fields)[: PREFIX_CANDIDATES * len(keys)]
        )
        for found_id, found_title, held, held_key in candidates:
            near = Near(Holder(found_title, found_id), held, name is None)
            for key in keys:
                score = _closeness(key, held_key)
                if score is not None:
                    found[key].append((score, held_key, near))
    return found


def _closeness(key, held_key):
    """How close two different keys are (0–1), or None when not close."""
    if key == held_key or _prefix(key) != _prefix(held_key):
        return None
    mine, theirs = _compact(key), _compact(held_key)
    if mine == theirs:
        return 1.0
    matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    if matcher.real_quick_ratio() < NEAR_RATIO or matcher.quick_ratio() < NEAR_RATIO:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= NEAR_RATIO else None
