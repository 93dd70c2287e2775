"""Letter pages: the frontend's page for each A–Z bucket, and the slug they take.

The frontend lists one letter's terms at ``<glossary>/letter/<code>/``, where
the code is the letter in lower case (``/glossary/letter/b/``) or ``0-9`` for
the ``#`` bucket (titles starting with a digit or a symbol). It routes that
address itself, so no term under a glossary may have the slug ``letter``.
"""

from .text import LETTERS, OTHER_LETTER

# The path segment under a glossary that belongs to the letter pages.
LETTER_SEGMENT = "letter"
OTHER_CODE = "0-9"


def letter_code(letter):
    """The letter's part of its page address: ``b`` for B, ``0-9`` for #.

    Anything that is not one of A–Z files under # (``letter_for`` never gives
    anything else, but a stored row might).
    """
    if letter in LETTERS and letter != OTHER_LETTER:
        return letter.lower()
    return OTHER_CODE


def letter_url(glossary_url, letter):
    """The frontend URL of a letter's page, from its glossary's URL."""
    return f"{glossary_url}{LETTER_SEGMENT}/{letter_code(letter)}/"


def reserved_slug_problem(slug):
    """Why a term may not have this slug, in an editor's words; None if it may."""
    if (slug or "").casefold() != LETTER_SEGMENT:
        return None
    pages = f"…/{LETTER_SEGMENT}/a/, …/{LETTER_SEGMENT}/b/"
    return (
        f"“{slug}” is reserved: the glossary's A–Z pages live at {pages} and so "
        "on, so a term with this slug could never be opened. Choose another "
        "slug, e.g. one with a second word."
    )
