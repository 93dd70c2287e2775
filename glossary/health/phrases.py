"""Phrases used in many terms that have no term of their own."""

import html
import re
from collections import Counter, defaultdict
from itertools import chain

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django_tasks import task

from ..models import GlossaryTermAlias, GlossaryTermPage
from ..text import name_words
from .problems import Problem
from .terms import term_rows, texts
from .words import COMMON_WORDS, CONNECTORS, EDGE_WORDS, END_WORDS

# Words read beyond this many in one term are not counted: it bounds the
# scan's time and memory whatever an editor pastes into a term.
MAX_WORDS_PER_TERM = 5000
# A phrase found mostly as part of a longer one ("follower" inside "follower
# count") is that longer phrase's business: it is left out when the longer
# phrase is in at least this share of the terms it is in.
MOSTLY_PART_OF = 0.8
PHRASE_LIMIT = 50
# Punctuation that ends a phrase: "audience. Brands" is not "audience brand".
_BREAKS = re.compile(r"[.,;:!?()\[\]{}\"“”«»…|/—–•]+|\s[-'‘’]\s|\n")
# Never part of a word, and never whitespace (which split() would drop).
_BREAK_CHUNK = "\x00"
_BREAK = f" {_BREAK_CHUNK} "
_BLOCK_TAGS = re.compile(
    r"</?(?:p|li|ul|ol|h[1-6]|br|div|blockquote|table|tr|td|th)\b[^>]*>", re.I
)
_TAGS = re.compile(r"<[^>]*>")


def default_phrase_min_terms(term_count):
    """In how many terms a phrase must appear: 3, or 1 in 100 terms if more."""
    return max(3, term_count // 100)


CACHE_KEY = "glossary-health-phrases"
# Long enough to outlive a quiet month; every change to the glossary makes
# the stored count stale anyway.
CACHE_TIMEOUT = 30 * 24 * 3600


def missing_terms(phrase_min_terms=None, wait=True):
    """(threshold, [Problem]) for the phrases used in many terms with no term.

    The scan reads every live term's text, so its result is kept in Django's
    cache with a stamp of the glossary's state (terms saved, published,
    unpublished or deleted; other names added or removed) and used while the
    stamp holds. When it no longer does, ``wait=False`` answers from the last
    scan at once and has a background task scan again (the dashboard);
    ``wait=True`` scans now (the report and the command).
    """
    stamp, live_count = _stamp()
    threshold = phrase_min_terms or default_phrase_min_terms(live_count)
    stored = cache.get(CACHE_KEY)
    if stored and stored["stamp"] == stamp and stored["threshold"] == threshold:
        found = stored["found"]
    elif stored and not wait and stored["threshold"] == threshold:
        found = stored["found"]
        # One refresh per change, however many dashboards are opened meanwhile.
        if cache.add(f"{CACHE_KEY}:queued:{stamp}", True, timeout=3600):
            refresh_missing_terms.enqueue(phrase_min_terms)
    else:
        found = _scan_and_store(stamp, threshold)
    problems = [
        Problem(
            "missing_term",
            None,
            phrase,
            f"Used in {n} of {live_count} terms, with no term or other name.",
        )
        for phrase, n in found
    ]
    return threshold, problems


@task()
def refresh_missing_terms(phrase_min_terms=None):
    """Scan again for phrases without a term, if the glossary changed."""
    missing_terms(phrase_min_terms, wait=True)


def _stamp():
    terms = GlossaryTermPage.objects.aggregate(
        terms=Count("pk"),
        live=Count("pk", filter=Q(live=True)),
        saved=Max("latest_revision_created_at"),
        published=Max("last_published_at"),
    )
    names = GlossaryTermAlias.objects.aggregate(count=Count("pk"), last=Max("pk"))
    stamp = [
        terms["terms"],
        terms["live"],
        terms["saved"] and terms["saved"].isoformat(),
        terms["published"] and terms["published"].isoformat(),
        names["count"],
        names["last"],
    ]
    return ":".join(map(str, stamp)), terms["live"]


def _scan_and_store(stamp, threshold):
    scanner = _PhraseScanner(_all_names())
    for row in term_rows():
        scanner.add(texts(row))
    found = scanner.phrases(threshold)[:PHRASE_LIMIT]
    cache.set(
        CACHE_KEY,
        {"stamp": stamp, "threshold": threshold, "found": found},
        timeout=CACHE_TIMEOUT,
    )
    return found


def _all_names():
    # Every term's, drafts' included: a phrase someone is already writing a
    # term for is not missing. Folded here rather than read from the stored
    # keys, which a bulk import may have left empty.
    titles = GlossaryTermPage.objects.values_list("title", flat=True)
    others = GlossaryTermAlias.objects.values_list("name", flat=True)
    return {tuple(name_words(name)) for name in chain(titles, others)} - {()}


class _PhraseScanner:
    """Counts, per phrase of one to three words, the terms it appears in.

    Mentions of existing titles and other names are cut out of the text
    first, so "rate" counts only where it is not part of "engagement rate".
    Each term is kept as runs of word numbers (a few bytes a word), so the
    counting passes below need neither the text again nor a second query.
    """

    def __init__(self, names):
        self.vocabulary = {}
        self.documents = []
        # Each chunk of text between spaces is folded once: a glossary repeats
        # its words, and folding them (glossary.text.name_words, as names are
        # compared everywhere: "a platform's reach" reads "platform reach") is
        # the costly step.
        self.chunks = {}
        self.names = {tuple(self._number(word) for word in name) for name in names}
        lengths = defaultdict(set)
        for name in self.names:
            lengths[name[0]].add(len(name))
        # The first two words of every longer name: most words that start a
        # name are not followed by its second word, and this rules them out.
        self.openings = {name[:2] for name in self.names if len(name) > 1}
        self.one_word = {name[0] for name in self.names if len(name) == 1}
        # First word → the lengths of the names starting with it, longest first.
        self.name_lengths = {
            word: sorted(found, reverse=True) for word, found in lengths.items()
        }

    def _number(self, word):
        return self.vocabulary.setdefault(word, len(self.vocabulary))

    def _fold(self, chunk):
        numbers = tuple(self._number(word) for word in name_words(chunk))
        self.chunks[chunk] = numbers
        return numbers

    def add(self, texts):
        # The term's text in one string, each break marked by a chunk of its
        # own, so that it is split once rather than phrase by phrase.
        parts = []
        for text in texts:
            source = text.source
            if text.rich:
                source = html.unescape(_TAGS.sub(" ", _BLOCK_TAGS.sub("\n", source)))
            parts.append(_BREAKS.sub(_BREAK, source))
        chunks = _BREAK.join(parts).split()[:MAX_WORDS_PER_TERM]
        known = self.chunks.get
        runs = []
        words = []
        for chunk in chunks:
            if chunk == _BREAK_CHUNK:
                if words:
                    runs.extend(self._without_names(words))
                    words = []
                continue
            numbers = known(chunk)
            words.extend(self._fold(chunk) if numbers is None else numbers)
        if words:
            runs.extend(self._without_names(words))
        self.documents.append(runs)

    def _without_names(self, words):
        lengths = self.name_lengths
        openings = self.openings
        # Where a name may start: its first two words (or its only word) match.
        starts = [
            i
            for i, opening in enumerate(zip(words, words[1:], strict=False))
            if opening in openings
        ]
        starts.extend(i for i, word in enumerate(words) if word in self.one_word)
        starts.sort()
        run_start = 0
        for start in starts:
            if start < run_start:  # inside a name just cut out
                continue
            for length in lengths[words[start]]:
                if tuple(words[start : start + length]) in self.names:
                    break
            else:
                continue
            if start > run_start:
                yield tuple(words[run_start:start])
            run_start = start + length
        if run_start < len(words):
            yield tuple(words[run_start:])

    def counts(self, threshold):
        """{phrase as word numbers: terms it is in}, for phrases in enough terms.

        Pass by pass, as a phrase in N terms has each of its parts in at least
        N terms: two-word phrases are counted only from frequent words and
        three-word ones only from frequent pairs, which keeps the tallies
        small on a glossary of any size.
        """
        singles = Counter()
        for runs in self.documents:
            singles.update(set(chain.from_iterable(runs)))
        frequent = {word for word, n in singles.items() if n >= threshold}
        # Split runs where a rare word stands: no frequent phrase spans it.
        documents = [
            [part for run in runs for part in _split_at_rare(run, frequent)]
            for runs in self.documents
        ]
        pairs = Counter()
        for runs in documents:
            pairs.update(
                {pair for run in runs for pair in zip(run, run[1:], strict=False)}
            )
        frequent_pairs = {pair for pair, n in pairs.items() if n >= threshold}
        triples = Counter()
        for runs in documents:
            triples.update(
                {
                    triple
                    for run in runs
                    for triple in zip(run, run[1:], run[2:], strict=False)
                    if triple[:2] in frequent_pairs and triple[1:] in frequent_pairs
                }
            )
        found = {(word,): singles[word] for word in frequent}
        found.update((pair, n) for pair, n in pairs.items() if n >= threshold)
        found.update((triple, n) for triple, n in triples.items() if n >= threshold)
        return found

    def phrases(self, threshold):
        """[(phrase, terms it is in)] worth a term, most used first."""
        words = sorted(self.vocabulary, key=self.vocabulary.get)
        candidates = {}
        for phrase, n in self.counts(threshold).items():
            text = [words[number] for number in phrase]
            if _could_be_a_name(text):
                candidates[phrase] = (" ".join(text), n)
        longest_around = Counter()
        for phrase, (_text, n) in candidates.items():
            if len(phrase) > 1:
                for part in (phrase[:-1], phrase[1:]):
                    longest_around[part] = max(longest_around[part], n)
        result = [
            (text, n)
            for phrase, (text, n) in candidates.items()
            if longest_around[phrase] < MOSTLY_PART_OF * n
        ]
        result.sort(key=lambda item: (-item[1], item[0]))
        return result


def _could_be_a_name(words):
    """Whether folded ``words`` read like a term's name rather than a fragment."""
    first, last = words[0], words[-1]
    if first in EDGE_WORDS or last in END_WORDS:
        return False
    if first.isdigit() or last.isdigit() or all(len(word) < 2 for word in words):
        return False
    if len(words) == 1:
        return first not in COMMON_WORDS
    return all(word in CONNECTORS or word not in EDGE_WORDS for word in words[1:-1])


def _split_at_rare(run, frequent):
    part = []
    for word in run:
        if word in frequent:
            part.append(word)
        elif part:
            yield tuple(part)
            part = []
    if part:
        yield tuple(part)
