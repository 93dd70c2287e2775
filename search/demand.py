"""Search demand: what readers ask the public search, and whether they find it.

Each answer of the glossary API's ``search/`` and ``autocomplete/`` carries
what it counts (:func:`searched`, :func:`suggested`): the query as
:func:`normalise` folds it and the answer's outcome — terms found as typed,
only close spellings (with the term put first), or nothing. The response
cache keeps that with the answer and counts it each time the answer is
served, so a cached answer counts as a fresh one.

Counting must never slow an answer, so :func:`count` only adds one to a
dictionary in this process. A background thread writes what waits every few
seconds (``FLUSH_SECONDS``), sooner once many queries wait, in one upsert
that adds to the day's rows; several processes add to the same rows. A
database that is down or refuses loses the counts waiting, nothing else.
Counts are kept ``RETENTION_DAYS`` days: each process deletes older ones
about once an hour as it writes, and ``manage.py prune_search_demand`` does
it on demand.

Nothing personal is kept: no address, user agent, cookie, user, referrer or
time finer than the day; queries that look like an email address, a web
address or a phone or card number are not counted at all.

What anyone can make the site store is bounded: queries over
``MAX_QUERY_LENGTH`` characters are not counted, a process holds at most
``MAX_WAITING`` distinct queries between writes, and each kind adds at most
``MAX_QUERIES_PER_DAY`` rows a day (then only queries already counted that
day go on counting).
"""

import atexit
import hashlib
import logging
import os
import re
import threading
import time
import unicodedata
from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from . import ranking
from .models import SearchDemand
from .query import clean_query
from .terms import autocomplete, search_hits

logger = logging.getLogger(__name__)

SEARCH = SearchDemand.SEARCH
AUTOCOMPLETE = SearchDemand.AUTOCOMPLETE
FOUND = SearchDemand.FOUND
TYPO = SearchDemand.TYPO
NOTHING = SearchDemand.NOTHING

# settings.GLOSSARY_SEARCH_DEMAND is laid over these.
DEFAULTS = {
    "ENABLED": True,
    # Counts older than this many days are deleted.
    "RETENTION_DAYS": 90,
    # Counts wait in each process and are written every FLUSH_SECONDS (or
    # sooner once FLUSH_AT queries wait) by a background thread; 0 writes
    # them only when flush() is called.
    "FLUSH_SECONDS": 5,
    "FLUSH_AT": 500,
    # Distinct queries a process holds between writes, and rows each kind
    # (search, autocomplete) may add per day: what a flood of made-up
    # queries can cost at most.
    "MAX_WAITING": 5_000,
    "MAX_QUERIES_PER_DAY": 10_000,
    # Longer queries (after folding) are questions or pasted text, not a
    # missing term's name: not counted.
    "MAX_QUERY_LENGTH": 100,
    # The report's period and its longest list.
    "REPORT_DAYS": 30,
    "REPORT_LIMIT": 100,
}

# Each process deletes expired counts at most this often, as it writes.
PRUNE_EVERY_SECONDS = 3600
# missed() searches again at most this many times its limit of queries:
# those that find a term now drop out, and a report must not search without end.
RECHECK_FACTOR = 3
# How long a search made again is remembered under one content version (the
# version changes with anything that could change its answer).
RECHECK_TIMEOUT = 86400
# Seven digits or more in one query are a phone, card, order or account
# number far more often than a term ("10000 followers" has five).
MAX_DIGITS = 6
_EMAIL = re.compile(r"[^\s@]@[^\s@]+\.\w")
_WEB_ADDRESS = re.compile(r"://|\bwww\.", re.IGNORECASE)


def config():
    """GLOSSARY_SEARCH_DEMAND, over the defaults."""
    return {**DEFAULTS, **getattr(settings, "GLOSSARY_SEARCH_DEMAND", {})}


def normalise(text):
    """The query as it is counted, or "" when it is not counted.

    Folded as the search reads it — query syntax dropped, spaces collapsed
    (``query.clean_query``), case folded — after Unicode compatibility
    folding (full-width letters, ligatures), so one question counts once
    however it was typed. Accents stay: they can tell terms apart. What
    looks personal, and anything longer than ``MAX_QUERY_LENGTH``, is "".
    """
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text)
    if (
        _EMAIL.search(text)
        or _WEB_ADDRESS.search(text)
        or sum(char.isdigit() for char in text) > MAX_DIGITS
    ):
        return ""
    folded = clean_query(text).casefold().strip("-'’ ")
    if len(folded) > config()["MAX_QUERY_LENGTH"]:
        return ""
    return folded


def search_outcome(found):
    """(outcome, best term id) of a search's ``terms.SearchHits``."""
    if not found.hits:
        return NOTHING, None
    return (TYPO if found.typos_only else FOUND), found.hits[0].term_id


def suggestion_outcome(query, suggestions):
    """(outcome, best term id) of an autocomplete's suggestions.

    A suggestion was offered as typed when its name starts with the query or
    has a word that does, as autocomplete's name lists match
    (``names.suggested_title_patterns``); any other is a close spelling.
    """
    if not suggestions:
        return NOTHING, None
    typed = clean_query(query).casefold()
    for suggestion in suggestions:
        name = suggestion.name.casefold()
        if name.startswith(typed) or f" {typed}" in name or f"-{typed}" in name:
            return FOUND, suggestion.term_id
    return TYPO, suggestions[0].term_id


def searched(query, found):
    """What a search answer counts: (kind, query, outcome, term id), or None."""
    return _asked(SEARCH, query, *search_outcome(found))


def suggested(query, suggestions):
    """What an autocomplete answer counts, or None.

    Readers' browsers ask for suggestions at almost every key, so counting
    them all would bury the searches under every prefix of every word. Only
    suggestions that offered no name as typed are counted, from three
    characters (where close spellings start), as a kind of their own: they
    show what readers gave up on before searching. The report folds the
    prefixes of one such word into the longest (:func:`missed`).
    """
    outcome, term_id = suggestion_outcome(query, suggestions)
    if outcome == FOUND or len(clean_query(query)) < ranking.MIN_TYPO_QUERY_LENGTH:
        return None
    return _asked(AUTOCOMPLETE, query, outcome, term_id)


def _asked(kind, query, outcome, term_id):
    folded = normalise(query)
    if not folded:
        return None
    # Only a typo-only answer's term says something: the one readers were
    # offered instead of what they typed.
    return (kind, folded, outcome, term_id if outcome == TYPO else None)


# Counting ------------------------------------------------------------------


class _Waiting:
    """Counts not yet written, shared by this process's threads."""

    def __init__(self):
        self.lock = threading.Lock()
        # (day, kind, query, outcome) → [times, best term id]
        self.counts = {}
        self.wake = threading.Event()
        self.writer_pid = None
        self.writer = None
        self.pruned_at = None


_waiting = _Waiting()


def _forget_parents_counts():
    # A forked worker starts with its parent's dictionary and lock as they
    # were: written by the parent, and perhaps held by one of its threads.
    global _waiting
    _waiting = _Waiting()


os.register_at_fork(after_in_child=_forget_parents_counts)


def count(asked):
    """Count one question (from :func:`searched` or :func:`suggested`).

    Takes a lock and adds to a dictionary: nothing that can wait on Redis or
    the database. Never raises: an odd value counts nothing.
    """
    if not asked:
        return
    try:
        options = config()
        if not options["ENABLED"]:
            return
        kind, query, outcome, term_id = asked
        key = (timezone.localdate(), kind, query, outcome)
        state = _waiting
        with state.lock:
            entry = state.counts.get(key)
            if entry is not None:
                entry[0] += 1
                if term_id is not None:
                    entry[1] = term_id
            elif len(state.counts) < options["MAX_WAITING"]:
                state.counts[key] = [1, term_id]
            full = len(state.counts) >= options["FLUSH_AT"]
        if options["FLUSH_SECONDS"] > 0:
            _start_writer(options["FLUSH_SECONDS"])
            if full:
                state.wake.set()
    except Exception:
        logger.debug("A search was not counted", exc_info=True)


def waiting():
    """How many distinct queries wait to be written in this process."""
    with _waiting.lock:
        return len(_waiting.counts)


def discard():
    """Drop the counts waiting in this process, unwritten."""
    with _waiting.lock:
        _waiting.counts = {}


def _start_writer(seconds):
    state = _waiting
    pid = os.getpid()
    if state.writer_pid == pid:
        return
    with state.lock:
        if state.writer_pid == pid:
            return
        state.writer_pid = pid
    state.writer = threading.Thread(
        target=_write_every, args=(state, seconds), name="search-demand", daemon=True
    )
    state.writer.start()
    atexit.register(flush)


def _write_every(state, seconds):
    # Until FLUSH_SECONDS is set to 0 (then flush() alone writes), or until
    # this state is replaced in a forked child, where the thread is gone anyway.
    while state is _waiting and config()["FLUSH_SECONDS"] > 0:
        state.wake.wait(seconds)
        state.wake.clear()
        try:
            flush()
        finally:
            # This thread's own connection: not left open between writes.
            connections.close_all()
    with state.lock:
        state.writer_pid = None


def flush():
    """Write the counts waiting in this process; returns how many rows changed.

    Never raises: when the database is down or refuses, the counts waiting
    are lost and logged, and the next write starts afresh.
    """
    state = _waiting
    with state.lock:
        batch, state.counts = state.counts, {}
    if not batch:
        return 0
    options = config()
    try:
        with transaction.atomic():
            written = _write(batch, options["MAX_QUERIES_PER_DAY"])
        now = time.monotonic()
        if state.pruned_at is None or now - state.pruned_at > PRUNE_EVERY_SECONDS:
            state.pruned_at = now
            prune(options["RETENTION_DAYS"])
    except Exception:
        logger.warning(
            "Search demand: %d counts could not be written", len(batch), exc_info=True
        )
        return 0
    return written


def _write(batch, daily_limit):
    groups = defaultdict(list)
    for (day, kind, query, outcome), (times, term_id) in batch.items():
        groups[day, kind].append((query, outcome, times, term_id))
    written = 0
    for (day, kind), rows in groups.items():
        rows = _within_daily_limit(day, kind, rows, daily_limit)
        if rows:
            _add(day, kind, rows)
            written += len(rows)
    return written


def _within_daily_limit(day, kind, rows, limit):
    """The rows that may be written: all while the day has room, else those
    already counted that day, and the most asked new ones that fit."""
    counted = SearchDemand.objects.filter(day=day, kind=kind)
    room = limit - counted.count()
    if len(rows) <= room:
        return rows
    known = set()
    queries = sorted({query for query, *_rest in rows})
    for start in range(0, len(queries), 500):
        known.update(
            counted.filter(query__in=queries[start : start + 500]).values_list(
                "query", "outcome"
            )
        )
    old = [row for row in rows if row[:2] in known]
    new = sorted((row for row in rows if row[:2] not in known), key=lambda r: -r[2])
    return old + new[: max(room, 0)]


def _add(day, kind, rows):
    """Add the rows' counts to the day's, in one statement for all of them.

    An upsert rather than the ORM's update-then-create: other processes add
    to the same rows at the same moment, and ``ON CONFLICT ... DO UPDATE``
    (PostgreSQL, and SQLite since 3.24) adds atomically where a read, then a
    write, could lose one of the two.
    """
    table = connection.ops.quote_name(SearchDemand._meta.db_table)
    sql = (
        f"INSERT INTO {table} (day, kind, query, outcome, best_term_id, times) "
        "VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (day, kind, query, outcome) DO UPDATE SET "
        f"times = {table}.times + excluded.times, "
        f"best_term_id = COALESCE(excluded.best_term_id, {table}.best_term_id)"
    )
    day = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (day, kind, query, outcome, term_id, times)
                for query, outcome, times, term_id in rows
            ],
        )


def prune(days=None):
    """Delete counts older than ``days`` (RETENTION_DAYS); returns how many.

    The last ``days`` days are kept, today included.
    """
    days = config()["RETENTION_DAYS"] if days is None else days
    oldest_kept = timezone.localdate() - timedelta(days=max(days, 1) - 1)
    deleted, _by_model = SearchDemand.objects.filter(day__lt=oldest_kept).delete()
    return deleted


# Reading -------------------------------------------------------------------


class Missed(NamedTuple):
    """A query readers asked that found nothing, or only close spellings."""

    query: str
    # Times it was asked in the period, counting only answers that missed.
    times: int
    last_asked: object
    # As counted, or as it stands now once checked (``now``): FOUND when it
    # finds a term now.
    outcome: str
    # The term a typo-only answer put first, or the term found now.
    term_id: int | None


def asked_most(days=None, limit=None, kind=SEARCH):
    """The queries that missed most in the last ``days`` days, as counted.

    Counts of answers that found nothing or only close spellings are summed
    per query, most asked first, at most ``limit`` (REPORT_LIMIT). A query
    whose answers offered a close spelling carries one term they offered.
    For ``AUTOCOMPLETE``, a query that begins a longer query of the list is
    left out: most likely one reader, still typing.
    """
    options = config()
    days = days or options["REPORT_DAYS"]
    limit = limit or options["REPORT_LIMIT"]
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = (
        SearchDemand.objects.filter(
            kind=kind, day__gte=since, outcome__in=[NOTHING, TYPO]
        )
        .values("query")
        .annotate(
            times=Sum("times"), last_asked=Max("day"), term_id=Max("best_term_id")
        )
        .order_by("-times", "-last_asked", "query")
    )
    if kind != AUTOCOMPLETE:
        return [_missed(row) for row in rows[:limit]]
    rows = [_missed(row) for row in rows[: limit * RECHECK_FACTOR]]
    longest = [
        entry
        for entry in rows
        if not any(
            other.query != entry.query and other.query.startswith(entry.query)
            for other in rows
        )
    ]
    return longest[:limit]


def _missed(row):
    outcome = TYPO if row["term_id"] else NOTHING
    return Missed(
        row["query"], row["times"], row["last_asked"], outcome, row["term_id"]
    )


def now(terms, entries, kind=SEARCH, version=None):
    """``entries`` (Missed) as they stand now: each query asked again among
    ``terms``, the terms readers can find (as for ``terms.search``: the live,
    public ones). One that finds a term as typed now comes back as FOUND.

    ``version`` is a token that changes whenever ``terms`` or what they hold
    may change (the glossary API's content versions). With it, each answer
    is remembered in Django's cache under that token, so a report opened
    twice between two changes asks once.
    """
    keys = {entry.query: _recheck_key(version, kind, entry.query) for entry in entries}
    remembered = cache.get_many(list(keys.values())) if version and keys else {}
    learned = {}
    checked = []
    for entry in entries:
        key = keys[entry.query]
        if key in remembered:
            outcome, term_id = remembered[key]
        else:
            outcome, term_id = outcome_now(terms, kind, entry.query)
            learned[key] = (outcome, term_id)
        checked.append(entry._replace(outcome=outcome, term_id=term_id))
    if version and learned:
        cache.set_many(learned, timeout=RECHECK_TIMEOUT)
    return checked


def missed(terms, days=None, limit=None, kind=SEARCH, version=None):
    """The most asked queries of the last ``days`` days that still miss.

    :func:`asked_most`, each asked again among ``terms`` (:func:`now`); one
    that finds a term now is left out. At most ``limit`` queries, from at
    most ``RECHECK_FACTOR`` times as many searches: each costs about what a
    reader's search does.
    """
    limit = limit or config()["REPORT_LIMIT"]
    candidates = asked_most(days, limit * RECHECK_FACTOR, kind)
    still = []
    for start in range(0, len(candidates), limit):
        chunk = now(terms, candidates[start : start + limit], kind, version)
        still += [entry for entry in chunk if entry.outcome != FOUND]
        if len(still) >= limit:
            break
    return still[:limit]


def _recheck_key(version, kind, query):
    digest = hashlib.sha256(f"{version}|{kind}|{query}".encode()).hexdigest()
    return f"search-demand:recheck:{digest[:40]}"


def outcome_now(terms, kind, query):
    """(outcome, best term id) of asking ``query`` again among ``terms``."""
    if kind == AUTOCOMPLETE:
        return suggestion_outcome(query, autocomplete(terms, query))
    return search_outcome(search_hits(terms, query))
