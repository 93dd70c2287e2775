"""Glossary models, split by meaning and re-exported here."""

from .documents import TermDocument
from .imports import GlossaryImport
from .index_page import GlossaryIndexPage
from .relations import (
    GlossaryAutoLinkSkip,
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermTag,
)
from .site_settings import GlossarySettings
from .snippets import CallToAction, GlossaryCategory
from .term_page import GlossaryTermPage

__all__ = [
    "GlossaryAutoLinkSkip",
    "CallToAction",
    "GlossaryCategory",
    "GlossaryImport",
    "GlossaryIndexPage",
    "GlossaryRelatedTerm",
    "GlossarySettings",
    "GlossaryTermAlias",
    "GlossaryTermPage",
    "GlossaryTermTag",
    "TermDocument",
]
