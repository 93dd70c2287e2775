"""`load_sample_content` builds a complete, publishable glossary, once."""

import json

from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from glossary.models import GlossaryIndexPage, GlossarySettings, GlossaryTermPage
from home.models import HomePage
from seo.checks import DESCRIPTION_MAX
from seo.models import SEOSettings
from seo.text import plain_text


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


def test_a_fresh_install_has_a_site_name_suffix_and_social_image(db, client):
    call_command("load_sample_content", verbosity=0)
    settings = SEOSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.site_name == "Creator Glossary"
    assert settings.title_suffix == "— Creator Glossary"
    image = settings.default_social_image
    assert (image.width, image.height) == (1200, 630)
    seo = client.get("/api/glossary/terms/micro-influencer/").json()["seo"]
    assert seo["title"] == "Micro-influencer — Creator Glossary"
    assert seo["social_title"] == "Micro-influencer"
    assert seo["site_name"] == "Creator Glossary"
    assert seo["image"].startswith("http://cms.test/media/images/")
    assert seo["image"].endswith(".fill-1200x630.png")
    home = Site.objects.get(is_default_site=True).root_page
    home_seo = client.get(f"/api/v2/pages/{home.pk}/").json()["seo"]
    assert home_seo["title"] == "Creator Glossary"  # not "… — Creator Glossary"


def test_seo_settings_are_made_once_and_an_editors_survive(db):
    call_command("load_sample_content", verbosity=0)
    call_command("load_sample_content", verbosity=0)
    assert get_image_model().objects.count() == 1
    settings = SEOSettings.for_site(Site.objects.get(is_default_site=True))
    settings.title_suffix = ""
    settings.save()
    call_command("load_sample_content", verbosity=0)
    settings.refresh_from_db()
    assert settings.title_suffix == ""
    assert settings.site_name == "Creator Glossary"


def test_no_sample_description_is_cut_inside_a_word(db, client):
    call_command("load_sample_content", verbosity=0)
    pages = Page.objects.live().specific().filter(depth__gte=2)
    assert pages.count() >= 32
    shortened = 0
    for page in pages:
        description = client.get(f"/api/v2/pages/{page.pk}/").json()["seo"][
            "description"
        ]
        source = plain_text(page.search_description or page.seo_fallback_description())
        assert description, page
        assert len(description) <= DESCRIPTION_MAX, page
        if description == source:
            continue
        shortened += 1
        assert description.endswith("…"), page
        kept = description[:-1]
        assert source.startswith(kept), page
        # The next character of the source is a space (or punctuation before
        # one): the last word kept is whole.
        rest = source[len(kept) :]
        assert rest[:1] in (" ", ",", ";", ":", ".", "—"), (page, rest[:20])
        assert kept[-1].isalnum(), (page, kept[-20:])
    # Most sample short definitions are longer than a description may be.
    assert shortened >= 20
