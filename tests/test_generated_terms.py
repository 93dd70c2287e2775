"""`generate_terms` fills a glossary for load testing (`make bench` uses it)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glossary.models import GlossaryTermPage


def test_generated_terms_are_complete_searchable_and_linked(db, client):
    call_command("load_sample_content", verbosity=0)
    sample = GlossaryTermPage.objects.count()
    call_command("generate_terms", count=sample + 12, stdout=io.StringIO())
    assert GlossaryTermPage.objects.live().count() == sample + 12
    generated = GlossaryTermPage.objects.order_by("-pk")[:12]
    for term in generated:
        assert term.short_definition and term.examples and term.category_id
        assert term.term_aliases.exists() and term.related_terms.exists()
        assert 'linktype="page"' in term.definition
    title = generated[0].title
    data = client.get("/api/glossary/search/", {"q": title}).json()
    assert data["items"][0]["title"] == title
    # A second run with the same count adds nothing.
    out = io.StringIO()
    call_command("generate_terms", count=sample + 12, stdout=out)
    assert "already holds" in out.getvalue()


def test_generate_terms_needs_the_sample_site(db):
    with pytest.raises(CommandError, match="load_sample_content"):
        call_command("generate_terms", count=5)
