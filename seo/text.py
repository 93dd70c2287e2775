"""Plain text for <head>: tags stripped, spacing collapsed, cut where a word ends."""

from django.utils.html import strip_tags

ELLIPSIS = "…"
# Left dangling before the ellipsis they would read badly: "money, …", "rate —…".
TRAILING_PUNCTUATION = " ,;:.!?-–—(/"


def plain_text(html):
    """Text of ``html`` on one line, as a search result or a share card shows it."""
    return " ".join(strip_tags(html or "").split())


def shorten(text, limit):
    """``text`` if it fits in ``limit`` characters, else cut after a whole word.

    The cut keeps as many whole words as fit with an ellipsis after them, never
    part of a word. A first word longer than the limit (a URL, say) is the only
    thing ever cut inside.
    """
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text[:room]
    if not text[room].isspace():  # the cut falls inside a word: drop that word
        last_space = cut.rfind(" ")
        if last_space > 0:
            cut = cut[:last_space]
    return cut.rstrip(TRAILING_PUNCTUATION) + ELLIPSIS
