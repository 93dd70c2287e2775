"""Names two terms may not share, near-duplicates, and choosers that skip the term.

The same collisions are refused in the admin form and in an import: both
check with glossary/duplicates.py.
"""

import json
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page

from glossary.models import (
    GlossaryIndexPage,
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermPage,
)
from glossary.transfer import importer
from glossary.transfer.importer import check
from home.models import HomePage

from .factories import GlossaryTermPageFactory, build_site, term_form, user_in
from .servers import Editor, chromium_browser, needs_browser


@pytest.fixture
def editor(client, glossary):
    user = user_in("Editors", "editor")
    client.force_login(user)
    return user


def make(glossary, title, other_names=(), slug=None, publish=True):
    term = GlossaryTermPageFactory(
        parent=glossary, title=title, slug=slug or slugify(title), live=publish
    )
    if other_names:
        term.term_aliases = [GlossaryTermAlias(name=name) for name in other_names]
        term.save()
    if publish:
        term.save_revision().publish()
    return term


@pytest.fixture
def named(glossary):
    """Terms whose names the cases below run into."""
    return {
        "micro": make(glossary, "Micro-influencer", ["Micro-creator"]),
        "cafe": make(glossary, "Café culture"),
        "ab": make(glossary, "A/B testing", ["Split test", "A/B test"]),
    }


def add_url(glossary):
    return reverse(
        "wagtailadmin_pages:add", args=["glossary", "glossarytermpage", glossary.pk]
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add(client, glossary, data, action="action-publish"):
    return client.post(add_url(glossary), {**data, action: action})


def edit(client, page, data, action="action-publish"):
    return client.post(edit_url(page), {**data, action: action})


def form_errors(response):
    """{field: [messages]}, formset rows as "<formset>-<n>-<field>"."""
    assert response.status_code == 200, "expected the form again"
    form = response.context["form"]
    errors = {
        name: [str(e) for e in messages] for name, messages in form.errors.items()
    }
    for name, formset in form.formsets.items():
        for number, child in enumerate(formset.forms):
            for field, messages in child.errors.items():
                errors[f"{name}-{number}-{field}"] = [str(m) for m in messages]
    return errors


def new_titles(glossary):
    return set(
        GlossaryTermPage.objects.child_of(glossary).values_list("title", flat=True)
    )


# The case first ------------------------------------------------------


def test_another_terms_other_name_with_a_space_is_refused(client, editor, named):
    """ "Micro-influencer" has "Micro-creator"; "Micro creator" may not be taken."""
    micro = named["micro"]
    before = new_titles(micro.get_parent())
    response = add(
        client,
        micro.get_parent(),
        term_form(title="Creator economy", aliases=["Micro creator"]),
    )
    message = form_errors(response)["term_aliases-0-name"][0]
    assert message.startswith("“Micro-influencer” already uses this name as one of")
    assert "(“Micro-creator”)" in message
    assert f'<a href="{edit_url(micro)}">Edit “Micro-influencer”</a>' in message
    # Shown as a link in the page, not as escaped markup.
    assert f'<a href="{edit_url(micro)}">Edit “Micro-influencer”</a>' in (
        response.content.decode()
    )
    assert new_titles(micro.get_parent()) == before
    # The address still leads where it did.
    moved = client.get("/api/glossary/terms/micro-creator/")
    assert moved.status_code == 301
    assert moved.json()["slug"] == "micro-influencer"


@pytest.mark.parametrize("title", ["Micro creators", "micro-creator"])
def test_titles_that_read_as_another_terms_other_name_are_refused(
    client, editor, named, title
):
    response = add(client, named["micro"].get_parent(), term_form(title=title))
    message = form_errors(response)["title"][0]
    assert "“Micro-influencer” already uses this name" in message
    assert "other names (“Micro-creator”)" in message
    assert not GlossaryTermPage.objects.filter(title=title).exists()


# Every collision, in the admin form and in an import ---------------------------

# (new title, its other names, its slug or None, where it is refused, what is said)
COLLISIONS = [
    ("Micro influencers", [], None, "title", "Micro-influencer"),  # plural, space
    ("MICRO—INFLUENCER", [], "micro-2", "title", "Micro-influencer"),  # dash, case
    ("Cafe Culture", [], "cafe-2", "title", "Café culture"),  # accents
    ("Café’s Culture", [], "cafe-3", "title", "Café culture"),  # possessive
    ("Creator economy", ["Micro creator"], None, "aliases", "Micro-influencer"),
    ("Creator economy", ["“Café” culture!"], None, "aliases", "Café culture"),
    ("Creator economy", ["micro influencers"], None, "aliases", "Micro-influencer"),
    # Only the slugs meet: "AB test" is not "A/B test", but both make ab-test.
    ("Creator economy", ["AB test"], None, "aliases", "A/B testing"),
    # The other name makes another term's own slug.
    ("Creator economy", ["AB testing"], None, "aliases", "A/B testing"),
    # The title makes another term's other name's slug.
    ("AB test", [], None, "title", "A/B testing"),
    # So does the slug typed for it.
    ("Brand lift", [], "ab-test", "slug", "A/B testing"),
]


@pytest.mark.parametrize(("title", "others", "slug", "where", "holder"), COLLISIONS)
def test_the_form_refuses_each_collision_naming_the_term(
    client, editor, named, title, others, slug, where, holder
):
    glossary = named["micro"].get_parent()
    data = term_form(title=title, aliases=others, slug=slug or slugify(title))
    errors = form_errors(add(client, glossary, data))
    field = {"title": "title", "slug": "slug", "aliases": "term_aliases-0-name"}[where]
    owner = GlossaryTermPage.objects.get(title=holder)
    assert any(
        f"“{holder}”" in message and edit_url(owner) in message
        for message in errors[field]
    ), errors
    assert not GlossaryTermPage.objects.filter(title=title).exists()


@pytest.mark.parametrize(("title", "others", "slug", "where", "holder"), COLLISIONS)
def test_an_import_refuses_the_same_collisions(
    glossary, named, title, others, slug, where, holder
):
    document = {
        "title": title,
        "short_definition": "In one line.",
        "definition": "<p>At length.</p>",
        "aliases": others,
        **({"slug": slug} if slug else {}),
    }
    report = check(json.dumps({"terms": [document]}).encode(), "new.json")
    problems = [str(problem) for problem in report.problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"Row 1, “{where}”: ")
    assert f"the term “{holder}”" in problems[0]


def test_an_import_names_the_address_two_names_would_share(glossary, named):
    document = {
        "title": "Creator economy",
        "short_definition": "In one line.",
        "definition": "<p>At length.</p>",
        "aliases": ["AB test"],
    }
    report = check(json.dumps({"terms": [document]}).encode(), "new.json")
    assert [str(p) for p in report.problems] == [
        "Row 1, “aliases”: “AB test” makes the web address “ab-test”, which "
        "already leads to the term “A/B testing”"
    ]


def test_the_form_says_which_address_two_names_would_share(client, editor, named):
    glossary = named["micro"].get_parent()
    errors = form_errors(add(client, glossary, term_form(title="AB test")))
    assert errors["title"][0].startswith(
        "“AB test” makes the web address “ab-test”, which already leads to "
        "“A/B testing” through its other name “A/B test”."
    )
    errors = form_errors(
        add(client, glossary, term_form(title="Brand lift", slug="ab-test"))
    )
    assert errors["slug"][0].startswith(
        "The web address “ab-test” already leads to “A/B testing” through its "
        "other name “A/B test”."
    )


def test_a_term_title_in_the_error_is_escaped(client, editor, glossary):
    make(glossary, "Fish & <Chips>", slug="fish-and-chips")
    response = add(client, glossary, term_form(title="FISH & <CHIPS>", slug="fc"))
    message = form_errors(response)["title"][0]
    assert "“Fish &amp; &lt;Chips&gt;” already uses this name" in message
    assert "<Chips>" not in response.content.decode()


def test_drafts_hold_their_names_too(client, editor, glossary):
    make(glossary, "Whitelisting", ["Allowlisting"], publish=False)
    response = add(
        client, glossary, term_form(title="Brand lift", aliases=["ALLOWLISTINGS"])
    )
    assert (
        "“Whitelisting” already uses this name"
        in (form_errors(response)["term_aliases-0-name"][0])
    )


def test_names_of_one_term_may_not_repeat_each_other(client, editor, glossary):
    response = add(
        client,
        glossary,
        term_form(
            title="Link in bio", aliases=["Bio link", "bio-links", "Link-in-bio"]
        ),
    )
    errors = form_errors(response)
    assert "term_aliases-0-name" not in errors
    for row in (1, 2):
        assert errors[f"term_aliases-{row}-name"] == [
            f"“{['Bio link', 'bio-links', 'Link-in-bio'][row]}” is already this "
            "term's title or another of its names."
        ]


def test_names_of_one_term_may_share_an_address(client, editor, glossary):
    response = add(
        client, glossary, term_form(title="A/B test", aliases=["AB test"], slug="ab")
    )
    assert response.status_code == 302
    assert GlossaryTermPage.objects.get(slug="ab").term_aliases.count() == 1


def test_names_of_punctuation_only_never_clash(client, editor, glossary):
    make(glossary, "Hashtag", ["#", "—"])
    response = add(
        client,
        glossary,
        term_form(title="Mention", aliases=["#", "@", "!!!", "—"], slug="mention"),
    )
    assert response.status_code == 302, form_errors(response)
    mention = GlossaryTermPage.objects.get(slug="mention")
    assert sorted(a.name for a in mention.term_aliases.all()) == ["!!!", "#", "@", "—"]
    report = check(
        json.dumps(
            {
                "terms": [
                    {
                        "title": "Reply",
                        "short_definition": "x",
                        "definition": "<p>x</p>",
                        "aliases": ["#", "—", "!!!"],
                    }
                ]
            }
        ).encode(),
        "x.json",
    )
    assert report.ok, [str(p) for p in report.problems]


def test_editing_a_term_keeps_its_own_names(client, editor, named):
    micro = named["micro"]
    response = edit(
        client, micro, term_form(title="Micro-influencer", aliases=["Micro-creator"])
    )
    assert response.status_code == 302


def test_terms_of_another_glossary_do_not_clash(client, editor, named):
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Other", slug="other-home"))
    other = other_home.add_child(instance=GlossaryIndexPage(title="Glossary", slug="g"))
    response = add(client, other, term_form(title="Micro creator", aliases=["AB test"]))
    assert response.status_code == 302


# Near-duplicates ------------------------------------------------------------------

SAVE_ANYWAY = "This is a different term — save anyway"


def test_a_close_name_is_a_warning_the_editor_can_override(client, editor, named):
    micro = named["micro"]
    glossary = micro.get_parent()
    data = term_form(title="Microcreator", slug="microcreator")
    response = add(client, glossary, data)
    message = form_errors(response)["title"][0]
    assert message.startswith(
        f'“Microcreator” is close to <a href="{edit_url(micro)}">“Micro-creator”</a>'
        " (another name of “Micro-influencer”). If it is the same term, edit that "
        "one instead."
    )
    page = response.content.decode()
    assert SAVE_ANYWAY in page
    assert 'name="save_anyway"' in page
    assert not GlossaryTermPage.objects.filter(slug="microcreator").exists()

    response = add(client, glossary, {**data, "save_anyway": "on"})
    assert response.status_code == 302
    term = GlossaryTermPage.objects.get(slug="microcreator")
    assert term.live
    # Saved once, the name is no longer new: later edits are not asked again.
    response = edit(client, term, term_form(title="Microcreator", slug="microcreator"))
    assert response.status_code == 302


def test_the_save_anyway_box_appears_only_with_a_warning(client, editor, named):
    glossary = named["micro"].get_parent()
    assert SAVE_ANYWAY not in client.get(add_url(glossary)).content.decode()
    response = add(
        client, glossary, term_form(title="Nano-influencer", short_definition="")
    )
    assert "title" not in form_errors(response)
    assert SAVE_ANYWAY not in response.content.decode()


@pytest.mark.parametrize(
    ("title", "close_to"),
    [
        ("Micro influenser", "Micro-influencer"),  # a typo
        ("Cafeculture", "Café culture"),  # spacing
        ("Splittest", "Split test"),
    ],
)
def test_close_titles_warn(client, editor, named, title, close_to):
    glossary = named["micro"].get_parent()
    message = form_errors(add(client, glossary, term_form(title=title)))["title"][0]
    assert f"“{title}” is close to" in message
    assert f"“{close_to}”" in message


@pytest.mark.parametrize(
    "title",
    ["Nano-influencer", "Macro creator economy", "Cafeteria", "Split testing budget"],
)
def test_different_terms_sharing_a_word_do_not_warn(client, editor, named, title):
    glossary = named["micro"].get_parent()
    response = add(client, glossary, term_form(title=title, slug=slugify(title)))
    assert response.status_code == 302, form_errors(response)


def test_a_close_other_name_warns_on_its_row(client, editor, named):
    glossary = named["micro"].get_parent()
    data = term_form(title="Creator economy", aliases=["Creator club", "WiFi"])
    make(glossary, "Wi-Fi")
    errors = form_errors(add(client, glossary, data))
    assert "term_aliases-0-name" not in errors
    assert errors["term_aliases-1-name"][0].startswith("“WiFi” is close to")
    response = add(client, glossary, {**data, "save_anyway": "on"})
    assert response.status_code == 302


def test_the_tick_survives_another_error(client, editor, named):
    glossary = named["micro"].get_parent()
    data = term_form(title="Microcreator", slug="microcreator", short_definition="")
    response = add(client, glossary, {**data, "save_anyway": "on"})
    errors = form_errors(response)
    assert "short_definition" in errors
    assert 'name="save_anyway" checked' in errors["title"][0]


def test_editing_without_renaming_is_not_asked_again(client, editor, glossary):
    close = make(glossary, "Wi-Fi")
    make(glossary, "WiFi", slug="wifi-2")
    response = edit(client, close, term_form(title="Wi-Fi", slug="wi-fi"))
    assert response.status_code == 302
    response = edit(client, close, term_form(title="Wi-Fi!", slug="wi-fi"))
    assert "“Wi-Fi!” is close to" in form_errors(response)["title"][0]


def test_an_import_notes_close_names_and_goes_ahead(glossary, named):
    documents = [
        {"title": title, "short_definition": "x", "definition": "<p>x</p>", **extra}
        for title, extra in [
            ("Microcreator", {}),
            ("Wi-Fi", {}),
            ("Hotspot", {"aliases": ["WiFi"]}),
            ("Newsletter", {}),
        ]
    ]
    report = check(json.dumps({"terms": documents}).encode(), "close.json")
    assert report.ok
    assert report.counts()["created"] == 4
    assert report.notes == [
        "Row 1: “Microcreator” is close to “Micro-creator”, another name of the "
        "term “Micro-influencer”. Check it is a different term before importing.",
        "Row 3: “WiFi” is close to row 2 (“Wi-Fi”). Check it is a different term "
        "before importing.",
    ]


def test_a_large_import_compares_a_bounded_number_of_names(
    glossary, named, monkeypatch
):
    monkeypatch.setattr(importer, "NEAR_COMPARED", 1)
    documents = [
        {"title": title, "short_definition": "x", "definition": "<p>x</p>"}
        for title in ("Newsletter", "Microcreator", "Wi-Fi", "WiFi")
    ]
    report = check(json.dumps({"terms": documents}).encode(), "big.json")
    assert report.ok
    assert report.notes == [
        "The file adds 4 names: the first 1 were compared with the glossary's for "
        "close spellings, the others only with each other. Every name was checked "
        "for names already in use.",
        "Row 4: “WiFi” is close to row 3 (“Wi-Fi”). Check it is a different term "
        "before importing.",
    ]


def test_reimporting_a_glossary_notes_nothing(glossary, named):
    documents = [
        {
            "title": term.title,
            "slug": term.slug,
            "short_definition": "x",
            "definition": "<p>x</p>",
            "aliases": [a.name for a in term.term_aliases.all()],
        }
        for term in named.values()
    ]
    report = check(json.dumps({"terms": documents}).encode(), "same.json")
    assert report.ok
    assert report.notes == []


# Cost ---------------------------------------------------------------------------


def test_a_save_reads_as_much_in_a_large_glossary_as_a_small_one(client, editor, named):
    glossary = named["micro"].get_parent()
    loaded = []
    from_db = GlossaryTermPage.from_db.__func__

    def counting(cls, *args, **kwargs):
        loaded.append(cls)
        return from_db(cls, *args, **kwargs)

    def cost():
        """(queries, terms loaded) to refuse a clash and warn of a close name."""
        loaded.clear()
        data = term_form(title="Microcreator", aliases=["Micro creator", "Reach"])
        with (
            mock.patch.object(GlossaryTermPage, "from_db", classmethod(counting)),
            CaptureQueriesContext(connection) as captured,
        ):
            errors = form_errors(add(client, glossary, data))
        assert "term_aliases-0-name" in errors and "title" in errors
        return len(captured), len(loaded)

    cost()  # caches filled
    small = cost()
    for number in range(40):
        make(glossary, f"Micro word {number}", [f"Micro other {number}"], publish=False)
    assert cost() == small
    assert small[1] <= 1


# The choosers of other terms ------------------------------------------------------


def test_the_choosers_of_a_term_leave_it_out(client, editor, named):
    micro, cafe = named["micro"], named["cafe"]
    micro.related_terms = [GlossaryRelatedTerm(term=cafe)]
    micro.save_revision().publish()
    page = client.get(edit_url(micro)).content.decode()
    assert "glossary/js/other-term-chooser.js" in page
    # The related term's row, the new-row template, and the never-linked one's.
    assert page.count(f'"excludePage": {micro.pk}') == 3
    new_page = client.get(add_url(micro.get_parent())).content.decode()
    assert "GlossaryOtherTermChooser" in new_page
    assert "excludePage" not in new_page


def chooser_titles(response):
    assert response.status_code == 200
    html = (
        response.json()["html"]
        if "json" in response["Content-Type"]
        else (response.content.decode())
    )
    return {
        title
        for title in GlossaryTermPage.objects.values_list("title", flat=True)
        if f">{title}<" in html
    }


def test_the_chooser_listing_and_search_leave_out_the_term(client, editor, named):
    micro = named["micro"]
    glossary = micro.get_parent()
    browse = reverse("wagtailadmin_choose_page_child", args=[glossary.pk])
    params = {"page_type": "glossary.glossarytermpage"}
    everything = chooser_titles(client.get(browse, params))
    assert {"Micro-influencer", "Café culture", "A/B testing"} <= everything
    left_out = chooser_titles(client.get(browse, {**params, "exclude_page": micro.pk}))
    assert left_out == everything - {"Micro-influencer"}

    search = reverse("wagtailadmin_choose_page_search")
    found = chooser_titles(client.get(search, {**params, "q": "Micro"}))
    assert "Micro-influencer" in found
    found = chooser_titles(
        client.get(search, {**params, "q": "Micro", "exclude_page": micro.pk})
    )
    assert "Micro-influencer" not in found


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9" * 40, "١٢"])
def test_a_bad_exclusion_is_ignored(client, editor, named, value):
    glossary = named["micro"].get_parent()
    browse = reverse("wagtailadmin_choose_page_child", args=[glossary.pk])
    response = client.get(
        browse, {"page_type": "glossary.glossarytermpage", "exclude_page": value}
    )
    assert "Micro-influencer" in chooser_titles(response)


# PostgreSQL ---------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's"
)
def test_the_trigram_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE indexname LIKE 'glossary_%%key_trgm'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "glossary_term_key_trgm",
        "glossary_term_compact_key_trgm",
        "glossary_alias_key_trgm",
        "glossary_alias_compact_key_trgm",
    }


# In the browser -----------------------------------------------------------------


@needs_browser()
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_the_browser_the_related_term_chooser_skips_the_term(
    live_server, admin_user
):
    from playwright.sync_api import expect

    # A search takes seconds on a busy machine; that is not what this measures.
    SLOW = 30_000
    # The warning a close name gets in the browser is walked in test_browser.
    _home, glossary = build_site()
    micro = make(glossary, "Micro-influencer", ["Micro-creator"])
    make(glossary, "Nano-influencer")
    # Scripts that fail: ours extends Wagtail's page chooser.
    errors = []

    with chromium_browser() as browser:
        editor = Editor(browser, live_server.url, "admin", "password")
        editor.context.on("weberror", lambda error: errors.append(str(error.error)))
        page = editor.page

        # The related-term chooser of Micro-influencer offers every term but it.
        page.goto(f"{live_server.url}{edit_url(micro)}")
        page.get_by_role("tab", name="Relations").click()
        page.locator("#id_related_terms-ADD").click()
        page.locator("#id_related_terms-0-term-chooser .unchosen button").click()
        modal = page.get_by_role("dialog")
        choices = modal.locator("a.choose-page")
        expect(choices.filter(has_text="Nano-influencer")).to_have_count(
            1, timeout=SLOW
        )
        expect(choices.filter(has_text="Micro-influencer")).to_have_count(0)
        modal.locator("input[name=q]").fill("influencer")
        # Both terms match; the one being edited is not listed.
        expect(modal).to_contain_text("There is 1 match", timeout=SLOW)
        expect(modal.locator(".listing")).to_contain_text("Nano-influencer")
        expect(choices.filter(has_text="Micro-influencer")).to_have_count(0)
        choices.filter(has_text="Nano-influencer").click()
        expect(page.locator("#id_related_terms-0-term-title")).to_have_text(
            "Nano-influencer"
        )

        editor.close()

    assert errors == []
