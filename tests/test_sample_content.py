"""`load_sample_content` builds a complete, publishable glossary, once."""

import json

from django.core.management import call_command
from wagtail.models import Revision, Site

from glossary.models import GlossaryIndexPage, GlossarySettings, GlossaryTermPage
from home.models import HomePage


def test_builds_site_and_at_least_thirty_complete_terms(db, client):
    call_command("load_sample_content", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    index = GlossaryIndexPage.objects.child_of(site.root_page).get()
    terms = GlossaryTermPage.objects.child_of(index).live()
    assert terms.count() >= 30
    for term in terms:
        assert term.short_definition and term.definition and term.why_it_matters, term
        assert len(term.examples) >= 1, term
        assert term.term_aliases.exists(), term
        assert term.related_terms.exists(), term
        assert term.tags.exists(), term
        assert term.category_id, term
    assert GlossarySettings.for_site(site).default_cta is not None
    response = client.get(
        "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=cta&limit=1"
    )
    assert (
        response.json()["items"][0]["cta"]["button_label"] == "Create your profile now"
    )


def test_second_run_changes_nothing(db):
    call_command("load_sample_content", verbosity=0)
    snapshot = (
        list(GlossaryTermPage.objects.values_list("pk", "latest_revision_id", "title")),
        Revision.objects.count(),
    )
    call_command("load_sample_content", verbosity=0)
    assert snapshot == (
        list(GlossaryTermPage.objects.values_list("pk", "latest_revision_id", "title")),
        Revision.objects.count(),
    )


def test_editor_changes_survive_a_rerun(db):
    call_command("load_sample_content", verbosity=0)
    term = GlossaryTermPage.objects.get(slug="reach")
    term.short_definition = "Edited by marketing."
    term.save_revision().publish()
    call_command("load_sample_content", verbosity=0)
    term.refresh_from_db()
    assert term.short_definition == "Edited by marketing."


def test_other_names_and_related_terms_keep_the_written_order(db, client):
    from glossary.management.commands.load_sample_content import TERMS_FILE

    call_command("load_sample_content")
    for data in json.loads(TERMS_FILE.read_text())["terms"]:
        answer = client.get(f"/api/glossary/terms/{data['slug']}/").json()
        assert answer["aliases"] == data["aliases"], data["title"]
        related = [item["slug"] for item in answer["related_terms"]]
        assert related == data["related_terms"], data["title"]
