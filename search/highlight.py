"""Showing a reader where their words are: HTML with matches in <mark>.

Matches are marked in the text the reader sees, from the words of the query,
whichever index reader found the term, so they look the same on every backend.
"""

import functools
import html
import re

from django.utils.html import strip_tags

from .query import clean_query

# A sentence or two around the match: what a results list shows under a title.
SNIPPET_LENGTH = 180
# Single letters would mark the start of every other word.
MIN_WORD_LENGTH = 2
# The match sits a third of the way into the snippet: enough before it to
# read it in context, most of the room for what follows.
LEAD_FRACTION = 3


# One results page highlights a title and a snippet for each of up to 100
# items with the same query; the pattern is compiled once for all of them.
@functools.lru_cache(maxsize=256)
def _word_pattern(query):
    words = [
        re.escape(w) for w in clean_query(query).split() if len(w) >= MIN_WORD_LENGTH
    ]
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
    pattern = _word_pattern(query)
    first = None
    # Sections are read in order, and only until one mentions the query:
    # stripping the tags of a long section costs more than the rest of a
    # result does.
    for section in sections:
        if not section:
            continue
        text = " ".join(strip_tags(section).split())
        if first is None:
            first = text
        match = pattern.search(text) if pattern else None
        if match:
            start = max(0, match.start() - length // LEAD_FRACTION)
            extract = text[start : start + length]
            prefix = "…" if start else ""
            suffix = "…" if start + length < len(text) else ""
            return prefix + highlight(extract, query) + suffix
    first = first or ""
    return highlight(first[:length], query) + ("…" if len(first) > length else "")
