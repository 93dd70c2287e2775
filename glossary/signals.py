"""Signals of the glossary's own, for what Wagtail's page signals do not cover."""

from django.dispatch import Signal

# Sent once when an import has written its terms (``pages``: every term it
# created or changed; ``filename``; ``report``: the import's report), inside
# the import's transaction, so receivers can act on commit. Imports write terms in
# bulk and send no per-page signals, so anything that follows publishing —
# cache invalidation, CDN purges — listens here too.
terms_imported = Signal()
