"""The Promote tab's live SEO guidance: counts, the search result and the checks.

The page editor posts its unsaved form to an admin endpoint as the editor
types; the answer is the checklist of ``seo.checks`` and the search result for
those values, and nothing is saved. The typing itself is walked in Chromium by
the browser test; here is what the server promises.
"""

import copy
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Revision, Site
from wagtail.test.utils.form_data import rich_text, streamfield

from glossary.models import GlossaryRelatedTerm, GlossaryTermPage
from seo.checks import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    SEO_TITLE_MAX,
    SEO_TITLE_MIN,
    seo_checks,
)
from seo.models import SEOSettings

from .factories import term_form

SHORT_DEFINITION = (
    "A micro-influencer is a creator with roughly ten to one hundred thousand "
    "followers whose small, loyal audience trusts their recommendations, so "
    "brands pay them for honest posts that feel personal."
)
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def suffix(site_tree):
    settings = SEOSettings.for_site(Site.objects.get(is_default_site=True))
    settings.title_suffix = "— Creator Glossary"
    settings.save()
    return settings.title_suffix


@pytest.fixture
def term(make_term):
    term = make_term(
        title="Micro-influencer",
        slug="micro-influencer",
        short_definition=SHORT_DEFINITION,
    )
    term.save_revision().publish()
    return term


def edit_url(page):
    return reverse("seo_checks_on_edit", args=[page.pk])


def add_url(parent, model="glossarytermpage", app="glossary"):
    return reverse("seo_checks_on_create", args=[app, model, parent.pk])


def form(**fields):
    """The edit form's POST data with the SEO fields as the editor typed them."""
    fields.setdefault("short_definition", SHORT_DEFINITION)
    seo = {
        "seo_title": fields.pop("seo_title", ""),
        "search_description": fields.pop("search_description", ""),
    }
    data = term_form(**fields)
    data.update(seo)
    return data


def typed(page, **values):
    """``page`` in memory with ``values`` set: what the checks should judge."""
    page = copy.copy(page)
    for name, value in values.items():
        setattr(page, name, value)
    return page


def as_json(checks):
    return [
        {"label": check.label, "passed": check.passed, "advice": check.advice}
        for check in checks
    ]


def user_in(group_name):
    user = get_user_model().objects.create_user(
        f"{group_name.lower().replace(' ', '-')}-user", password="x"
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


# The Promote tab ------------------------------------------------------------


def test_promote_tab_counts_with_the_limits_the_checks_use(admin_client, term, suffix):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[term.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    counts = {
        match["kind"]: match[0]
        for match in re.finditer(
            r'<p class="seo-count"[^>]*data-seo-count-kind-value="(?P<kind>\w+)"'
            r"[^>]*>",
            html,
        )
    }
    assert set(counts) == {"title", "description"}
    title, description = counts["title"], counts["description"]
    assert f'data-seo-count-min-value="{SEO_TITLE_MIN}"' in title
    assert f'data-seo-count-max-value="{SEO_TITLE_MAX}"' in title
    assert 'data-seo-count-input-value="id_seo_title"' in title
    assert 'data-seo-count-fallback-value="id_title"' in title
    assert 'data-seo-count-suffix-value="— Creator Glossary"' in title
    assert 'data-seo-count-brand-value="Creator Glossary"' in title
    assert f'data-seo-count-min-value="{DESCRIPTION_MIN}"' in description
    assert f'data-seo-count-max-value="{DESCRIPTION_MAX}"' in description
    assert 'data-seo-count-input-value="id_search_description"' in description
    assert 'data-seo-count-fallback-label-value="the short definition"' in description
    for count in (title, description):
        assert 'aria-live="polite"' in count
    # Before the script runs, the limits are said in words.
    assert (
        f"Title tag: aim for {SEO_TITLE_MIN}–{SEO_TITLE_MAX} characters, counted "
        "with “— Creator Glossary”." in html
    )
    assert "/static/seo/seo-live.js" in html
    assert "/static/seo/seo-live.css" in html


def test_promote_tab_previews_the_search_result_and_asks_for_checks(
    admin_client, term, suffix
):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[term.pk]))
    html = response.content.decode()
    assert f'data-seo-live-url-value="{edit_url(term)}"' in html
    result = re.search(r"<div class=\"seo-result__card\".*?</div>", html, re.S)[0]
    assert "Micro-influencer — Creator Glossary" in result
    assert "https://glossary.example.com/glossary/micro-influencer/" in result
    assert term.seo_description() in result
    assert 'role="status" aria-live="polite"' in html


def test_the_new_page_form_asks_about_a_new_page(admin_client, glossary, suffix):
    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["glossary", "glossarytermpage", glossary.pk],
        )
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-seo-live-url-value="{add_url(glossary)}"' in html
    assert 'data-seo-count-kind-value="title"' in html
    assert "https://glossary.example.com/glossary/" in html


# The checks endpoint --------------------------------------------------------


def test_checks_follow_the_typed_values_and_match_the_checklist(
    admin_client, term, suffix
):
    data = form(
        seo_title="Micro-influencers: who they are",
        search_description="Who micro-influencers are.",
    )
    response = admin_client.post(edit_url(term), data, **XHR)
    assert response.status_code == 200
    answer = response.json()
    expected = seo_checks(
        typed(
            term,
            seo_title="Micro-influencers: who they are",
            search_description="Who micro-influencers are.",
            short_definition=SHORT_DEFINITION,
        )
    )
    assert answer["checks"] == as_json(expected)
    assert answer["passed"] == sum(check.passed for check in expected)
    by_label = {check["label"]: check for check in answer["checks"]}
    assert by_label["Title tag"]["passed"] is True
    assert by_label["Title tag"]["advice"].startswith("50 characters.")
    assert by_label["Meta description"] == {
        "label": "Meta description",
        "passed": False,
        "advice": f"26 characters: too short, aim for {DESCRIPTION_MIN}–"
        f"{DESCRIPTION_MAX}.",
    }
    assert answer["search_result"] == {
        "title": "Micro-influencers: who they are — Creator Glossary",
        "url": "https://glossary.example.com/glossary/micro-influencer/",
        "description": "Who micro-influencers are.",
    }


def test_an_empty_or_overlong_title_is_judged_as_typed(admin_client, term, suffix):
    answer = admin_client.post(edit_url(term), form(title=""), **XHR).json()
    title_tag = answer["checks"][0]
    assert title_tag == {
        "label": "Title tag",
        "passed": False,
        "advice": f"Missing. Aim for {SEO_TITLE_MIN}–{SEO_TITLE_MAX} characters.",
    }
    assert answer["search_result"]["title"] == ""

    # Longer than the column allows: a form error on save, "too long" here.
    long_title = "Micro " * 50
    answer = admin_client.post(edit_url(term), form(seo_title=long_title), **XHR)
    title_tag = answer.json()["checks"][0]
    assert title_tag["passed"] is False
    assert title_tag["advice"].startswith("318 characters: too long")


def test_an_empty_description_falls_back_on_the_typed_short_definition(
    admin_client, term
):
    definition = "A creator with a small, loyal audience that trusts them a lot."
    answer = admin_client.post(
        edit_url(term), form(short_definition=definition), **XHR
    ).json()
    by_label = {check["label"]: check for check in answer["checks"]}
    assert by_label["Meta description"] == {
        "label": "Meta description",
        "passed": True,
        "advice": "Not written; the short definition is used.",
    }
    assert by_label["Short definition"]["advice"].startswith("12 words")
    assert answer["search_result"]["description"] == definition


def test_examples_and_related_terms_count_before_saving(admin_client, term, make_term):
    other = make_term(title="Nano-influencer", slug="nano-influencer")
    answer = admin_client.post(edit_url(term), form(), **XHR).json()
    before = {check["label"]: check for check in answer["checks"]}
    assert before["Examples"]["passed"] is False
    assert before["Related terms"]["passed"] is False

    untitled_example = {
        "title": "",
        "body": rich_text("<p>A running coach posts three honest runs.</p>"),
        "image": "",
        "link": {"label": "", "page": "", "url": ""},
    }
    data = form(
        related=[other.pk], examples=streamfield([("example", untitled_example)])
    )
    answer = admin_client.post(edit_url(term), data, **XHR).json()
    by_label = {check["label"]: check for check in answer["checks"]}
    assert by_label["Examples"] == {
        "label": "Examples",
        "passed": True,
        "advice": "At least one.",
    }
    assert by_label["Related terms"] == {
        "label": "Related terms",
        "passed": True,
        "advice": "Linked.",
    }
    # Only typed: the stored term has neither.
    term.refresh_from_db()
    assert len(term.examples) == 0
    assert not GlossaryRelatedTerm.objects.filter(page=term).exists()


def test_nothing_is_saved(admin_client, term, make_term):
    other = make_term(title="Nano-influencer", slug="nano-influencer")
    revisions = Revision.objects.count()
    stored = GlossaryTermPage.objects.values().get(pk=term.pk)
    data = form(
        title="Renamed while typing",
        slug="renamed",
        seo_title="A title tag nobody saved",
        search_description="A description nobody saved, long enough to pass.",
        related=[other.pk],
        aliases=["Micro creator"],
    )
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(edit_url(term), data, **XHR)
    assert response.status_code == 200
    assert response.json()["search_result"]["url"].endswith("/glossary/renamed/")
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"], re.I)
    ]
    assert writes == []
    assert Revision.objects.count() == revisions
    assert GlossaryTermPage.objects.values().get(pk=term.pk) == stored
    assert not term.related_terms.exists()
    assert not term.term_aliases.exists()


def test_checks_for_a_page_being_created(admin_client, glossary, suffix):
    data = form(title="Brand deal", slug="brand-deal", seo_title="")
    response = admin_client.post(add_url(glossary), data, **XHR)
    assert response.status_code == 200
    answer = response.json()
    assert answer["search_result"]["title"] == "Brand deal — Creator Glossary"
    assert answer["search_result"]["url"] == (
        "https://glossary.example.com/glossary/brand-deal/"
    )
    by_label = {check["label"]: check for check in answer["checks"]}
    assert by_label["Title on its own"]["passed"] is False
    assert not GlossaryTermPage.objects.exists()


def test_the_home_page_falls_back_on_its_intro(admin_client, site_tree):
    home = site_tree["home"]
    data = {
        "title": "Home",
        "slug": "home",
        "intro": '{"blocks": [{"key": "a", "type": "unstyled", "text": '
        '"Plain words for creators.", "depth": 0, "inlineStyleRanges": [], '
        '"entityRanges": []}], "entityMap": {}}',
        "seo_title": "",
        "search_description": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(edit_url(home), data, **XHR)
    assert response.status_code == 200
    result = response.json()["search_result"]
    assert result["description"] == "Plain words for creators."


# Who may ask, and what is refused -------------------------------------------


def test_anonymous_visitors_are_refused(client, term):
    response = client.post(edit_url(term), form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert client.post(edit_url(term), form(), **XHR).status_code == 403


def test_only_people_who_may_edit_the_page_get_its_checks(client, term, site_tree):
    viewer = get_user_model().objects.create_user("viewer", password="x")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    response = client.post(edit_url(term), form(), **XHR)
    assert response.status_code == 403
    assert response.json() == {
        "message": "You don't have permission to edit this page."
    }
    assert client.post(add_url(site_tree["index"]), form(), **XHR).status_code == 403

    # Editors write terms, not the home page.
    client.force_login(user_in("Editors"))
    assert client.post(edit_url(term), form(), **XHR).status_code == 200
    assert client.post(add_url(site_tree["index"]), form(), **XHR).status_code == 200
    home = site_tree["home"]
    assert client.post(edit_url(home), form(), **XHR).status_code == 403


def test_the_form_must_come_with_its_csrf_token(term, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(edit_url(term), form(), **XHR).status_code == 403
    page = client.get(reverse("wagtailadmin_pages:edit", args=[term.pk]))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = client.post(
        edit_url(term), {**form(), "csrfmiddlewaretoken": token}, **XHR
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "change, message",
    [
        ({"drop": "seo_title"}, "“seo_title” is missing"),
        ({"drop": "title"}, "“title” is missing"),
        ({"drop": "examples-count"}, "The form's data is incomplete"),
        ({"examples-count": "many"}, "The form's data is incomplete"),
        ({"seo_title": "Bad\x00title"}, "contains a NUL character"),
    ],
)
def test_bad_input_is_a_clear_400(admin_client, term, change, message):
    data = form()
    if "drop" in change:
        data.pop(change["drop"])
    else:
        data.update(change)
    response = admin_client.post(edit_url(term), data, **XHR)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_json_sent_instead_of_the_form_is_a_400(admin_client, term):
    response = admin_client.post(
        edit_url(term), {"seo_title": "x"}, content_type="application/json", **XHR
    )
    assert response.status_code == 400
    assert "is missing" in response.json()["message"]


def test_unknown_pages_and_page_types_are_404(admin_client, term, glossary):
    response = admin_client.post(
        reverse("seo_checks_on_edit", args=[term.pk + 1000]), form(), **XHR
    )
    assert response.status_code == 404
    assert response.json() == {"message": "There is no such page."}
    for app, model in [
        ("auth", "user"),
        ("glossary", "nosuchmodel"),
        ("wagtailcore", "page"),
    ]:
        response = admin_client.post(add_url(glossary, model, app), form(), **XHR)
        assert response.status_code == 404, (app, model)
    # A page type that may not be created there is refused as the create view does.
    response = admin_client.post(add_url(glossary, "homepage", "home"), form(), **XHR)
    assert response.status_code == 403


def test_only_post_is_answered(admin_client, term):
    assert admin_client.get(edit_url(term), **XHR).status_code == 405


def test_a_new_page_is_judged_with_its_own_sites_settings(admin_client, suffix):
    from wagtail.models import Page

    from .factories import GlossaryIndexPageFactory

    other = GlossaryIndexPageFactory(
        parent=Page.get_first_root_node(), slug="other-glossary"
    )
    site = Site.objects.create(hostname="other.test", port=80, root_page=other)
    settings = SEOSettings.for_site(site)
    settings.title_suffix = "| Other Words"
    settings.save()

    page = admin_client.get(
        reverse(
            "wagtailadmin_pages:add", args=["glossary", "glossarytermpage", other.pk]
        )
    ).content.decode()
    assert 'data-seo-count-suffix-value="| Other Words"' in page
    assert 'data-seo-count-brand-value="Other Words"' in page

    answer = admin_client.post(
        add_url(other), form(title="Brand deal", slug="brand-deal"), **XHR
    ).json()
    assert answer["search_result"]["title"] == "Brand deal | Other Words"
    title_tag = answer["checks"][0]
    assert title_tag["advice"].endswith(
        "Counted with “| Other Words”, which the site adds to every title."
    )
