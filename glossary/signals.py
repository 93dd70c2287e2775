"""Signals of the glossary's own, for what Wagtail's page signals do not cover."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# Sent once when an import has written its terms (``pages``: every term it
# created or changed; ``filename``; ``report``: the import's report), inside
# the import's transaction, so receivers can act on commit. Imports write terms in
# bulk and send no per-page signals, so anything that follows publishing —
# cache invalidation, CDN purges — listens here too.
terms_imported = Signal()

_importing = ContextVar("importing_terms", default=False)


@contextmanager
def importing():
    """While an import writes its terms: ``terms_imported`` will describe them.

    The rows it saves one by one still send Django's ``post_save``; receivers
    that would describe the same change row by row (a database write per
    term) can leave it to ``terms_imported``.
    """
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


def is_importing():
    return _importing.get()


# Sent by a term's publish (``instance``: the term's row, ``revision``: the
# revision about to go live) before Wagtail makes the revision live, so that
# what a publish adds to the content (automatic links, ``glossary.autolink``)
# is in the revision itself: the live page, its live revision and its latest
# revision stay the same. Wagtail sends nothing at that point of its own.
term_publishing = Signal()
