"""Glossary models, split by meaning and re-exported here."""

from .index_page import GlossaryIndexPage
from .term_page import GlossaryTermPage
from .relations import GlossaryRelatedTerm, GlossaryTermAlias, GlossaryTermTag
from .site_settings import GlossarySettings
from .snippets import CallToAction, GlossaryCategory

__all__ = [
    "CallToAction",
    "GlossaryCategory",
    "GlossaryIndexPage",
    "GlossaryRelatedTerm",
    "GlossarySettings",
    "GlossaryTermAlias",
    "GlossaryTermPage",
    "GlossaryTermTag",
]
