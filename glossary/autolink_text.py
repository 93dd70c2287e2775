"""Mentions of term names in stored rich text, and the links that replace them.

Works on Wagtail's stored rich text (its database format), so a link added
here is the same ``<a linktype="page" id="…">`` an editor's link is: the API
turns it into a frontend URL, the reference index records it and the editor
shows it, all as for a link the editor made.

Names are matched as ``glossary.text.name_key`` compares them (case, accents,
hyphens and simple plurals folded), whole words only, inside one run of text:
never across a tag, a full stop or a comma, never inside a link or a heading.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from wagtail.rich_text.rewriters import extract_attrs

from headless.prefetch import object_id

from .text import name_words

# Longest name, in words, looked for in text.
MAX_WORDS = 6
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
# A word with its possessive 's, if any ("creator's", "creator&#x27;s"), as
# names fold it (glossary.text.name_words); or a character reference, which is
# never part of a word otherwise.
_WORD = re.compile(
    r"[^\W_]+(?:(?:['\u2019]|&#0*39;|&#[xX]0*27;|&apos;|&rsquo;)s(?![^\W_]))?"
    r"|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
)
_WORD_START = re.compile(r"^[^\W_]")
_WORD_END = re.compile(r"[^\W_]$")
# What may stand between the words of one mention ("Micro-influencer",
# "Q&A", "creator's"): anything else — a full stop, a comma, a bracket —
# ends it, so that no mention runs across two sentences.
_JOINER = re.compile(r"[\s\-\u2010\u2011'\u2019&]*")
# Tags inside a word's run of text: "Micro<b>influencer</b>" is one word.
_INLINE = frozenset(
    {"a", "b", "strong", "i", "em", "span", "sub", "sup", "s", "u", "code", "mark"}
)
# Text inside these is never linked: it is a link already, or a heading.
_NOT_LINKED = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# Words of context shown either side of a mention, at most.
CONTEXT_WORDS = 20


@lru_cache(maxsize=50_000)
def _folded(word):
    # Words repeat from term to term: an import folds thousands of terms.
    return tuple(name_words(word))


class Names:
    """Names to look for, {key: term id}, with what makes looking quick.

    Several may be searched at once; the first that has a key wins.
    """

    def __init__(self, targets):
        self.targets = dict(targets)
        self.longest = min(
            max((key.count(" ") + 1 for key in self.targets), default=0), MAX_WORDS
        )
        self.first_words = {key.split(" ", 1)[0] for key in self.targets}


def page_link(page_id, text):
    """A link to a page in Wagtail's stored rich text format."""
    return f'<a linktype="page" id="{int(page_id)}">{text}</a>'


@dataclass
class _Part:
    raw: str
    is_text: bool
    linkable: bool = False
    tag: str = ""


@dataclass(slots=True)
class Token:
    """One word of linkable text: where it is, and its folded form."""

    field: int
    part: int
    start: int
    end: int
    words: tuple
    run: int
    # Glued to a word beyond a tag ("Micro<b>influencer</b>"): not a whole word.
    partial: bool = False


class Field:
    """One rich text value, split into tags and runs of text."""

    def __init__(self, source):
        self.source = source or ""
        self.parts = []
        self.linked = set()
        skipped = 0
        position = 0
        for match in _TAG.finditer(self.source):
            if match.start() > position:
                self._text(self.source[position : match.start()], skipped == 0)
            raw = match.group(0)
            name = _TAG_NAME.match(raw)
            tag = name.group(2).lower() if name else ""
            closing = bool(name and name.group(1))
            if tag in _NOT_LINKED and not raw.endswith("/>"):
                skipped = max(skipped - 1, 0) if closing else skipped + 1
            if tag == "a" and not closing:
                attrs = extract_attrs(raw)
                page_id = object_id(attrs.get("id"))
                if attrs.get("linktype") == "page" and page_id:
                    self.linked.add(page_id)
            self.parts.append(_Part(raw, False, tag=tag))
            position = match.end()
        if position < len(self.source):
            self._text(self.source[position:], skipped == 0)

    def _text(self, raw, linkable):
        self.parts.append(_Part(raw, True, linkable))

    def _glued(self, index, step):
        """Whether text part ``index`` runs on into a word across inline tags."""
        own = self.parts[index].raw
        edge = _WORD_START if step < 0 else _WORD_END
        if not edge.search(own):
            return False
        other_edge = _WORD_END if step < 0 else _WORD_START
        index += step
        while 0 <= index < len(self.parts):
            part = self.parts[index]
            if part.is_text:
                return bool(other_edge.search(part.raw))
            if part.tag not in _INLINE:
                return False
            index += step
        return False

    def plain(self):
        """The field's text, with the offset of each text part in it."""
        pieces, offsets, length = [], {}, 0
        for index, part in enumerate(self.parts):
            if part.is_text:
                text = html.unescape(part.raw)
            else:
                text = "" if part.tag in _INLINE else "\n"
            offsets[index] = length
            pieces.append(text)
            length += len(text)
        return "".join(pieces), offsets


class Document:
    """The rich text values of one term, in reading order, as words to match."""

    def __init__(self, sources):
        self.fields = [Field(source) for source in sources]
        self.tokens = []
        run = 0
        for field_index, field in enumerate(self.fields):
            for part_index, part in enumerate(field.parts):
                if not (part.is_text and part.linkable):
                    continue
                run += 1
                first, last = len(self.tokens), None
                previous_end = None
                for match in _WORD.finditer(part.raw):
                    if match.group(0).startswith("&"):
                        continue
                    if previous_end is not None:
                        gap = part.raw[previous_end : match.start()]
                        if gap != " " and not _JOINER.fullmatch(html.unescape(gap)):
                            run += 1
                    words = _folded(html.unescape(match.group(0)))
                    self.tokens.append(
                        Token(
                            field_index,
                            part_index,
                            match.start(),
                            match.end(),
                            words,
                            run,
                        )
                    )
                    previous_end = match.end()
                    last = len(self.tokens) - 1
                if last is None:
                    continue
                if field._glued(part_index, -1):
                    self.tokens[first].partial = True
                if field._glued(part_index, +1):
                    self.tokens[last].partial = True
                run += 1

    @property
    def linked(self):
        """Ids of the pages these values link to already."""
        return set().union(*(field.linked for field in self.fields))

    def grams(self, start, longest=MAX_WORDS):
        """(last token, key) of the word runs from token ``start``, longest last."""
        first = self.tokens[start]
        if first.partial:
            return
        words = []
        for index in range(start, min(start + longest, len(self.tokens))):
            token = self.tokens[index]
            if token.run != first.run or token.partial:
                return
            words.extend(token.words)
            yield index, " ".join(words)

    def keys(self, longest=MAX_WORDS):
        """Every key a name could have to be mentioned here."""
        return {
            key
            for start in range(len(self.tokens))
            for _index, key in self.grams(start, longest)
        }

    def keys_around(self, start, end, longest=MAX_WORDS):
        """Keys of every word sequence that overlaps tokens ``start``…``end``."""
        keys = set()
        for first in range(max(start - longest + 1, 0), end + 1):
            for last, key in self.grams(first, longest):
                if last >= start:
                    keys.add(key)
        return keys

    def mentions(self, *names):
        """(first token, last token, target) for each mention, in reading order.

        ``names``: :class:`Names`, the first holding a key wins. At each word
        the longest name wins ("Micro-influencer marketing" over
        "Micro-influencer"); the words of a mention are not looked at again.
        """
        longest = max((found.longest for found in names), default=0)
        first_words = set().union(*(found.first_words for found in names))
        found = []
        start = 0
        while start < len(self.tokens):
            best = None
            words = self.tokens[start].words
            if words and words[0] in first_words:
                for last, key in self.grams(start, longest):
                    for found_names in names:
                        target = found_names.targets.get(key)
                        if target is not None:
                            best = (last, target)
                            break
            if best is None:
                start += 1
                continue
            found.append((start, best[0], best[1]))
            start = best[0] + 1
        return found

    def with_links(self, links):
        """The values with ``links`` ((first token, last token, page id)) added."""
        by_part = {}
        for first, last, page_id in links:
            start, end = self.tokens[first], self.tokens[last]
            key = (start.field, start.part)
            by_part.setdefault(key, []).append((start.start, end.end, page_id))
        sources = []
        for field_index, field in enumerate(self.fields):
            edits = {
                part: spans
                for (index, part), spans in by_part.items()
                if index == field_index
            }
            if not edits:
                sources.append(field.source)
                continue
            pieces = []
            for part_index, part in enumerate(field.parts):
                raw = part.raw
                for start, end, page_id in sorted(edits.get(part_index, ()))[::-1]:
                    raw = raw[:start] + page_link(page_id, raw[start:end]) + raw[end:]
                pieces.append(raw)
            sources.append("".join(pieces))
        return sources

    def context(self, first, last):
        """(before, mention, after): the sentence a mention is in, as plain text."""
        start, end = self.tokens[first], self.tokens[last]
        field = self.fields[start.field]
        plain, offsets = field.plain()
        raw = field.parts[start.part].raw
        base = offsets[start.part]
        begin = base + len(html.unescape(raw[: start.start]))
        finish = base + len(html.unescape(raw[: end.end]))
        before_ends = [m.end() for m in _SENTENCE_END.finditer(plain, 0, begin)]
        sentence_start = before_ends[-1] if before_ends else 0
        after = _SENTENCE_END.search(plain, finish)
        sentence_end = after.end() if after else len(plain)
        before = plain[sentence_start:begin].split()
        following = plain[finish:sentence_end].split()
        lead = "… " if len(before) > CONTEXT_WORDS else ""
        tail = " …" if len(following) > CONTEXT_WORDS else ""
        before_text = " ".join(before[-CONTEXT_WORDS:])
        after_text = " ".join(following[:CONTEXT_WORDS])
        gap_before = " " if plain[begin - 1 : begin].isspace() else ""
        gap_after = " " if plain[finish : finish + 1].isspace() else ""
        return (
            lead + before_text + (gap_before if before_text else ""),
            plain[begin:finish],
            (gap_after if after_text else "") + after_text + tail,
        )
