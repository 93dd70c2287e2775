"""How search hits and autocomplete suggestions are scored and merged.

Nothing here reads the database: the index readers (``postgres``, ``portable``)
produce ranked lists of term ids and name matches, and these functions turn
them into one order. The weights are chosen so that whole groups never mix —
a name match always beats a hit found only by full text or by a typo, and in
autocomplete each kind of match stays in its own band — so the arithmetic
below only decides the order inside a group.

The limits are read as ``ranking.NAME`` by the modules that use them, so that
a test can shrink them in one place.
"""

from dataclasses import dataclass
from typing import Any, NamedTuple

# Limits --------------------------------------------------------------------

# The README promises at most 100 search results; the portable full-text
# query is cut here too.
MAX_RESULTS = 100
# Each ranked list (full text, typos, title prefixes, other-name prefixes)
# offers at most this many terms. Lowered from MAX_RESULTS while tuning for
# the 10,000-term benchmark: every list is a query whose cost grows with its
# length, and late places add little — with RRF_K below, place 50 adds less
# than a fifth of what place 1 does.
CANDIDATES = 50
# The README's "up to 10" suggestions.
AUTOCOMPLETE_LIMIT = 10
# Each autocomplete list fetches twice the limit: a term can be offered by
# its title and by an other name, and keeps only its best suggestion, so one
# limit's worth of rows could collapse into fewer terms.
AUTOCOMPLETE_OVERFETCH = 2
# One or two letters are a close spelling of too many names to suggest
# anything useful; autocomplete offers close spellings from three letters on.
MIN_TYPO_QUERY_LENGTH = 3

# Search: reciprocal rank fusion --------------------------------------------

# Each ranked list adds 1 / (RRF_K + place) to a hit, place counted from 0.
# The usual 60 was tuned for long web result lists; here it would flatten
# the top ranks, places 1 and 10 differing by about 15%. With 10 they differ
# by nearly a factor of two, so the first few places of a list matter. It
# also bounds what fusion can add: two lists (full text and typos), at most
# 1/10 each, give at most 0.2 — less than any name match below adds.
RRF_K = 10

# Search: title and other-name matches --------------------------------------

# A title or other name equal to the query, or starting with it, is what the
# reader asked for: these are added on top of the fused score and exceed
# anything fusion can add (0.2), so such terms come first, exact ones before
# mere prefixes ("Reach" before "Reach rate").
EXACT_NAME_BOOST = 2.0
PREFIX_NAME_BOOST = 1.0
# An other name counts a little less than a title. 0.2 is all that fusion
# can add at best (2 / RRF_K), so an other-name match can at most draw level
# with a title match of the same kind (exact or prefix), by topping both
# fused lists while the title match is in neither.
OTHER_NAME_PENALTY = 0.2

# Autocomplete --------------------------------------------------------------

# Bands, best first: a title starting with the query, an other name starting
# with it, a title with a later word starting with it ("influ" →
# "Micro-influencer"), then close spellings. The gaps (half a point or more)
# are wider than anything subtracted inside a band (at most 0.255 for
# length, 0.19 for typo place), so bands never mix.
TITLE_PREFIX_SCORE = 3.0
OTHER_NAME_PREFIX_SCORE = 2.5
TITLE_WORD_PREFIX_SCORE = 2.0
CLOSE_SPELLING_SCORE = 1.0
# Shorter names first within a band: len(name) / 1000 subtracts at most
# 0.255 (titles hold 255 characters, other names fewer).
NAME_LENGTH_SCALE = 1000
# Close spellings keep the order their reader ranked them in: place / 100
# subtracts at most 0.19 for the 20 places fetched.
TYPO_PLACE_SCALE = 100


class FullText(NamedTuple):
    """A full-text search's answer: term ids, best first."""

    term_ids: list
    # True when the terms match every word as typed, so that typo matching
    # can be skipped.
    every_word_matched: bool


class NameMatch(NamedTuple):
    """A term whose title or other name matched what the reader typed."""

    term_id: int
    name: str
    is_other_name: bool


class SearchLists(NamedTuple):
    """What an index reader found for a search, each list best first."""

    full_text: FullText
    # Titles and other names a typo or two away; empty when every word
    # matched as typed.
    close: list
    # Titles, then other names, equal to the query or starting with it.
    names: list


class SuggestionLists(NamedTuple):
    """What an index reader found for an autocomplete, each list best first."""

    # Titles starting with the query, or with a later word that does.
    titles: list
    # Other names starting with the query.
    other_names: list
    # Close spellings of titles and other names, when the lists above offer
    # fewer than the limit (see wants_close_spellings).
    close: list
    # The fields the caller asked for, by term id, of every term in the lists.
    terms: dict


@dataclass
class Hit:
    """One search result: a term, its score, and the other name that matched."""

    term_id: int
    score: float = 0.0
    matched_name: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """One autocomplete suggestion.

    ``name`` is the title or other name to show; ``term`` holds the fields of
    the term the caller asked for, by name.
    """

    term_id: int
    name: str
    is_other_name: bool
    term: dict[str, Any]


def fuse(hits, ids):
    """Add a ranked list's reciprocal-rank score to each hit (by term id)."""
    for place, pk in enumerate(ids):
        hit = hits.setdefault(pk, Hit(pk))
        hit.score += 1 / (RRF_K + place)


def note_other_names(hits, matches):
    """Remember the first other name each hit was found by, for the reader."""
    for match in matches:
        hit = hits[match.term_id]
        if match.is_other_name and hit.matched_name is None:
            hit.matched_name = match.name


def boost_names(hits, matches, query):
    """Lift terms whose title or other name is the query or starts with it."""
    folded = query.casefold()
    for match in matches:
        hit = hits.setdefault(match.term_id, Hit(match.term_id))
        exact = match.name.casefold() == folded
        boost = EXACT_NAME_BOOST if exact else PREFIX_NAME_BOOST
        hit.score += boost - (OTHER_NAME_PENALTY if match.is_other_name else 0.0)
        # An exact other name is the better explanation of why a term matched.
        if match.is_other_name and (hit.matched_name is None or exact):
            hit.matched_name = match.name


def best_hits(hits):
    """Hits best first, at most MAX_RESULTS; ties keep the order they arrived."""
    return sorted(hits.values(), key=lambda hit: -hit.score)[:MAX_RESULTS]


def title_score(title, query):
    """Score of a title that starts with the query or has a word that does."""
    starts = title.casefold().startswith(query.casefold())
    band = TITLE_PREFIX_SCORE if starts else TITLE_WORD_PREFIX_SCORE
    return band - len(title) / NAME_LENGTH_SCALE


def other_name_score(name):
    """Score of an other name that starts with the query."""
    return OTHER_NAME_PREFIX_SCORE - len(name) / NAME_LENGTH_SCALE


def wants_close_spellings(query, offered, limit):
    """Whether autocomplete adds close spellings to ``offered`` name matches."""
    return offered < limit and len(query) >= MIN_TYPO_QUERY_LENGTH


def close_spelling_score(place):
    """Score of the close spelling at this place (from 0) of its list."""
    return CLOSE_SPELLING_SCORE - place / TYPO_PLACE_SCALE


def best_suggestions(scored, limit):
    """The best (NameMatch, score) per term, best first, at most ``limit``.

    Among equal scores the one offered first stays, as it was offered first.
    """
    best = {}
    for match, score in scored:
        kept = best.get(match.term_id)
        if kept is None or score > kept[1]:
            best[match.term_id] = (match, score)
    ranked = sorted(best.values(), key=lambda kept: -kept[1])
    return [match for match, _score in ranked[:limit]]
