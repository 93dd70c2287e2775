"""Glossary models, split by meaning and re-exported here."""

from .pages import (
    GlossaryIndexPage,
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermPage,
    GlossaryTermTag,
)
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
