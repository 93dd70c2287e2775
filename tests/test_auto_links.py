"""Automatic links between terms: added on publish, kept in revisions, offered back."""

import datetime
import html
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import (
    GroupPagePermission,
    PageLogEntry,
    PageViewRestriction,
    ReferenceIndex,
    Site,
    Workflow,
)
from wagtail.test.utils.form_data import rich_text

from glossary import autolink, autolink_reverse
from glossary.models import (
    GlossaryAutoLinkSkip,
    GlossarySettings,
    GlossaryTermAlias,
    GlossaryTermPage,
    TermDocument,
)
from glossary.transfer.writer import write

from .factories import GlossaryIndexPageFactory, term_form

LINK = re.compile(r'<a linktype="page" id="(\d+)">(.*?)</a>')
FRONTEND = "https://glossary.example.com/glossary"


def para(text, key="p1"):
    return f'<p data-block-key="{key}">{text}</p>'


def links(html):
    """(page id, link text) of every page link in stored rich text, in order."""
    return [(int(pk), text) for pk, text in LINK.findall(html or "")]


def all_links(term):
    term = GlossaryTermPage.objects.get(pk=term.pk)
    found = links(term.definition) + links(term.why_it_matters)
    for block in term.examples:
        found += links(block.value["body"].source)
    return found


def shown(response):
    """The page's text as the editor reads it (entities decoded)."""
    return html.unescape(response.content.decode())


def publish(page):
    page = GlossaryTermPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    return GlossaryTermPage.objects.get(pk=page.pk)


def set_limit(limit):
    settings = GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    settings.auto_links_per_term = limit
    settings.save()


@pytest.fixture
def term(make_term):
    def make(title, definition="", aliases=(), publish_it=False, **fields):
        page = make_term(
            title=title,
            slug=slugify(title),
            definition=para(definition or f"{title} in full."),
            **fields,
        )
        if aliases:
            page.term_aliases = [GlossaryTermAlias(name=name) for name in aliases]
            page.save()
        return publish(page) if publish_it else page

    return make


@pytest.fixture
def micro(term):
    return term("Micro-influencer", aliases=["Micro creator"], publish_it=True)


def assert_no_unpublished_changes(page):
    page = GlossaryTermPage.objects.get(pk=page.pk)
    assert not page.has_unpublished_changes
    assert page.live_revision_id == page.latest_revision_id
    latest = page.get_latest_revision_as_object()
    assert latest.definition == page.definition
    assert latest.why_it_matters == page.why_it_matters
    assert latest.auto_linked_terms == page.auto_linked_terms
    assert [s.term_id for s in latest.auto_link_skips.all()] == [
        s.term_id for s in page.auto_link_skips.all()
    ]


# What is linked


@pytest.mark.django_db
def test_only_the_first_mention_in_the_whole_term_becomes_a_link(term, micro):
    nano = term(
        "Nano-influencer",
        definition="Smaller than micro-influencers. A micro-influencer has more.",
        why_it_matters=para("Brands mix micro-influencers in.", "w1"),
        examples=[
            ("example", {"title": "", "body": para("A micro-influencer posts.", "e")})
        ],
        publish_it=True,
    )
    assert all_links(nano) == [(micro.pk, "micro-influencers")]
    assert nano.definition == para(
        f'Smaller than <a linktype="page" id="{micro.pk}">micro-influencers</a>. '
        "A micro-influencer has more."
    )
    assert nano.auto_linked_terms == [micro.pk]
    assert_no_unpublished_changes(nano)


@pytest.mark.django_db
def test_examples_are_linked_when_the_sections_above_do_not_mention_it(term, micro):
    nano = term(
        "Nano-influencer",
        examples=[
            ("example", {"title": "", "body": para("No mention here.", "e1")}),
            ("example", {"title": "Two", "body": para("A micro creator posts.", "e2")}),
        ],
        publish_it=True,
    )
    bodies = [block.value["body"].source for block in nano.examples]
    assert links(bodies[0]) == []
    assert links(bodies[1]) == [(micro.pk, "micro creator")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written",
    ["MICRO-INFLUENCER", "micro influencers", "Micro‑Influencer", "Micro creators"],
)
def test_any_case_plural_hyphen_and_other_name_match(term, micro, written):
    nano = term("Nano-influencer", definition=f"Unlike a {written}, it is small.")
    nano = publish(nano)
    assert links(nano.definition) == [(micro.pk, written)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "written", "linked"),
    [
        (
            "Creator fund",
            "The creator&#x27;s fund pays monthly.",
            "creator&#x27;s fund",
        ),
        ("Creator's fund", "A creator fund pays monthly.", "creator fund"),
        ("Creator’s fund", "Each creator's fund pays monthly.", "creator's fund"),
    ],
)
def test_a_possessive_matches_the_name_without_it(term, title, written, linked):
    fund = term(title, publish_it=True)
    nano = publish(term("Nano-influencer", definition=written))
    assert links(nano.definition) == [(fund.pk, linked)]


@pytest.mark.django_db
def test_whole_words_only(term):
    reach = term("Reach", publish_it=True)
    nano = term(
        "Nano-influencer",
        definition="Outreach, reached, pre<b>reach</b> and preachy reaching.",
        publish_it=True,
    )
    assert links(nano.definition) == []
    later = term("Views", definition="Views are not reach.", publish_it=True)
    assert links(later.definition) == [(reach.pk, "reach")]


@pytest.mark.django_db
def test_a_mention_never_runs_across_a_full_stop_or_a_comma(term):
    term("Brand deal", publish_it=True)
    nano = term("Nano-influencer", definition="A big brand. Deal with it, brand, deal.")
    assert links(publish(nano).definition) == []


@pytest.mark.django_db
def test_never_inside_a_link_or_a_heading(term, micro):
    nano = term("Nano-influencer")
    nano.definition = (
        '<h3 data-block-key="h">Micro-influencer basics</h3>'
        + para('Read <a href="https://example.com/">the micro-influencer guide</a>.')
        + para("Every micro-influencer posts.", "p2")
    )
    nano.save()
    nano = publish(nano)
    assert nano.definition == (
        '<h3 data-block-key="h">Micro-influencer basics</h3>'
        + para('Read <a href="https://example.com/">the micro-influencer guide</a>.')
        + para(
            f'Every <a linktype="page" id="{micro.pk}">micro-influencer</a> posts.',
            "p2",
        )
    )


@pytest.mark.django_db
def test_a_term_never_links_to_itself(term, micro):
    nano = term(
        "Nano-influencer",
        definition="A nano-influencer, or nano creator, is smaller.",
        aliases=["Nano creator"],
        publish_it=True,
    )
    assert all_links(nano) == []


@pytest.mark.django_db
def test_the_longest_name_wins(term, micro):
    marketing = term("Micro-influencer marketing", publish_it=True)
    nano = term(
        "Nano-influencer",
        definition="Micro-influencer marketing pays. So does one micro-influencer.",
        publish_it=True,
    )
    assert links(nano.definition) == [
        (marketing.pk, "Micro-influencer marketing"),
        (micro.pk, "micro-influencer"),
    ]


@pytest.mark.django_db
def test_a_target_the_editor_linked_anywhere_is_not_linked_again(term, micro, image):
    nano = term(
        "Nano-influencer",
        definition="Smaller than a micro-influencer.",
        why_it_matters=para(f'<a linktype="page" id="{micro.pk}">Micro</a> too.', "w"),
        publish_it=True,
    )
    assert all_links(nano) == [(micro.pk, "Micro")]
    assert nano.auto_linked_terms == []
    example_link = term(
        "Pico-influencer",
        definition="Smaller than a micro-influencer.",
        examples=[
            (
                "example",
                {
                    "title": "",
                    "body": para("A post."),
                    "link": {"label": "See", "page": micro, "url": ""},
                },
            )
        ],
        publish_it=True,
    )
    assert all_links(example_link) == []


@pytest.mark.django_db
def test_unpublished_private_and_other_glossary_terms_are_not_linked(
    term, site_tree, make_term
):
    term("Reach", live=False)
    private = term("Niche", publish_it=True)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    other_glossary = GlossaryIndexPageFactory(parent=site_tree["home"], slug="other")
    make_term(parent=other_glossary, title="Merch", slug="merch")
    nano = term(
        "Nano-influencer",
        definition="Reach, niche and merch.",
        publish_it=True,
    )
    assert all_links(nano) == []
    assert GlossaryTermPage.objects.get(slug="reach").live is False


# How many


@pytest.mark.django_db
def test_at_most_the_sites_limit_in_reading_order(term):
    targets = [term(title, publish_it=True) for title in ("Reach", "Niche", "Merch")]
    set_limit(2)
    nano = term("Nano-influencer", definition="Merch, then reach, then niche.")
    nano = publish(nano)
    assert [pk for pk, _text in links(nano.definition)] == [
        targets[2].pk,
        targets[0].pk,
    ]


@pytest.mark.django_db
def test_zero_turns_automatic_links_off_for_the_site(term, micro):
    set_limit(0)
    nano = term("Nano-influencer", definition="Unlike a micro-influencer.")
    nano = publish(nano)
    assert all_links(nano) == []
    assert_no_unpublished_changes(nano)


@pytest.mark.django_db
def test_a_term_can_opt_out(term, micro):
    nano = term(
        "Nano-influencer", definition="Unlike a micro-influencer.", auto_link=False
    )
    assert all_links(publish(nano)) == []


# The editor removes one


def edit_and_publish(page, **fields):
    page = GlossaryTermPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return GlossaryTermPage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_a_removed_link_is_remembered_and_not_put_back(term, micro):
    nano = term(
        "Nano-influencer", definition="Unlike a micro-influencer.", publish_it=True
    )
    assert links(nano.definition) == [(micro.pk, "micro-influencer")]

    nano = edit_and_publish(nano, definition=para("Unlike a micro-influencer."))
    assert links(nano.definition) == []
    assert [skip.term_id for skip in nano.auto_link_skips.all()] == [micro.pk]
    assert nano.auto_linked_terms == []
    assert_no_unpublished_changes(nano)

    nano = edit_and_publish(nano, short_definition="Changed.")
    assert links(nano.definition) == []
    assert GlossaryAutoLinkSkip.objects.filter(page=nano).count() == 1

    # Deleting the row in "Automatic links" allows the link again.
    nano = edit_and_publish(nano, auto_link_skips=[])
    assert links(nano.definition) == [(micro.pk, "micro-influencer")]


@pytest.mark.django_db
def test_a_link_gone_with_its_mention_is_not_remembered(term, micro):
    nano = term(
        "Nano-influencer", definition="Unlike a micro-influencer.", publish_it=True
    )
    nano = edit_and_publish(nano, definition=para("Smaller than most creators."))
    assert nano.auto_link_skips.count() == 0
    assert nano.auto_linked_terms == []


@pytest.mark.django_db
def test_the_never_link_list_is_honoured(term, micro):
    nano = term("Nano-influencer", definition="Unlike a micro-influencer.")
    nano.auto_link_skips = [GlossaryAutoLinkSkip(term=micro)]
    nano.save()
    assert all_links(publish(nano)) == []


# Every way a term is published


@pytest.fixture
def boss(django_user_model, site_tree):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def editor_client(client, boss):
    client.force_login(boss)
    return client


def post_edit(client, page, **fields):
    data = term_form(title=page.title, slug=page.slug, **fields)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, {**data, "action-publish": "action-publish"})


@pytest.mark.django_db
def test_the_admin_publish_button_links_without_leaving_unpublished_changes(
    editor_client, term, micro
):
    nano = term("Nano-influencer", publish_it=True)
    response = post_edit(
        editor_client, nano, definition=rich_text(para("Unlike a micro-influencer."))
    )
    assert response.status_code == 302
    assert links(GlossaryTermPage.objects.get(pk=nano.pk).definition) == [
        (micro.pk, "micro-influencer")
    ]
    assert_no_unpublished_changes(nano)

    # The editor sees the link in the editor, and deletes it.
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[nano.pk]))
    assert f'id="{micro.pk}"' in edit.context["form"].initial["definition"]
    response = post_edit(
        editor_client, nano, definition=rich_text(para("Unlike a micro-influencer."))
    )
    assert response.status_code == 302
    nano = GlossaryTermPage.objects.get(pk=nano.pk)
    assert links(nano.definition) == []
    assert [s.term_id for s in nano.auto_link_skips.all()] == [micro.pk]
    assert_no_unpublished_changes(nano)
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[nano.pk]))
    skips = edit.context["form"].formsets["auto_link_skips"]
    assert [form.instance.term_id for form in skips.forms] == [micro.pk]


@pytest.mark.django_db
def test_scheduled_publishing_links_when_the_term_goes_live(
    editor_client, glossary, micro
):
    go_live = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    data = term_form(
        title="Nano-influencer",
        definition=rich_text(para("Unlike a micro-influencer.")),
        go_live_at=go_live,
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["glossary", "glossarytermpage", glossary.pk]
    )
    assert editor_client.post(url, {**data, "action-publish": "p"}).status_code == 302
    nano = GlossaryTermPage.objects.get(slug="nano-influencer")
    revision = nano.latest_revision
    assert links(revision.content["definition"]) == []  # not before it goes live
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()

    call_command("publish_scheduled", verbosity=0)

    nano = GlossaryTermPage.objects.get(pk=nano.pk)
    assert nano.live
    assert links(nano.definition) == [(micro.pk, "micro-influencer")]
    assert_no_unpublished_changes(nano)


@pytest.mark.django_db
def test_approval_in_a_moderation_workflow_links(editor_client, boss, glossary, micro):
    workflow = Workflow.objects.get(name="Moderators approval")
    workflow.workflow_pages.get_or_create(page=glossary.get_site().root_page)
    data = term_form(
        title="Nano-influencer",
        definition=rich_text(para("Unlike a micro-influencer.")),
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["glossary", "glossarytermpage", glossary.pk]
    )
    assert editor_client.post(url, {**data, "action-submit": "s"}).status_code == 302
    nano = GlossaryTermPage.objects.get(slug="nano-influencer")
    assert not nano.live

    task_state = nano.current_workflow_task_state
    task_state.task.on_action(task_state, boss, "approve")

    nano = GlossaryTermPage.objects.get(pk=nano.pk)
    assert nano.live
    assert links(nano.definition) == [(micro.pk, "micro-influencer")]
    assert_no_unpublished_changes(nano)


@pytest.mark.django_db
def test_an_import_that_publishes_links_its_terms(
    glossary, django_capture_on_commit_callbacks
):
    documents = [
        {
            "title": title,
            "short_definition": f"{title} in one sentence.",
            "definition": definition,
        }
        for title, definition in [
            ("Micro-influencer", "<p>Bigger than a nano-influencer.</p>"),
            ("Nano-influencer", "<p>Smaller than a micro-influencer.</p>"),
        ]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        write(json.dumps({"terms": documents}).encode(), "terms.json", publish=True)
    micro = GlossaryTermPage.objects.get(slug="micro-influencer")
    nano = GlossaryTermPage.objects.get(slug="nano-influencer")
    assert links(micro.definition) == [(nano.pk, "nano-influencer")]
    assert links(nano.definition) == [(micro.pk, "micro-influencer")]
    for page in (micro, nano):
        assert_no_unpublished_changes(page)
    assert ReferenceIndex.get_references_to(micro).filter(object_id=str(nano.pk))


# What readers and Wagtail see


@pytest.mark.django_db
def test_the_api_returns_an_ordinary_link_to_the_frontend_url(client, term, micro):
    manual = term(
        "Pico-influencer",
        definition=f'Unlike <a linktype="page" id="{micro.pk}">micro-influencers</a>.',
        publish_it=True,
    )
    automatic = term(
        "Nano-influencer", definition="Unlike micro-influencers.", publish_it=True
    )
    expected = f'<a href="{FRONTEND}/micro-influencer/">micro-influencers</a>'
    for page in (manual, automatic):
        v2 = client.get(f"/api/v2/pages/{page.pk}/").json()["definition"]
        glossary_api = client.get(f"/api/glossary/terms/{page.slug}/").json()
        assert expected in v2
        assert expected in glossary_api["definition"]
        assert "linktype" not in v2
    stored = TermDocument.objects.get(page=automatic)
    assert not stored.stale and expected in json.loads(stored.body)["definition"]


@pytest.mark.django_db
def test_the_reference_index_and_usage_view_know_the_links(editor_client, term, micro):
    nano = term(
        "Nano-influencer", definition="Unlike a micro-influencer.", publish_it=True
    )
    sources = ReferenceIndex.get_references_to(micro).values_list(
        "object_id", flat=True
    )
    assert str(nano.pk) in set(sources)
    usage = editor_client.get(reverse("wagtailadmin_pages:usage", args=[micro.pk]))
    assert usage.status_code == 200
    assert "Nano-influencer" in usage.content.decode()


@pytest.mark.django_db
def test_a_linked_terms_new_url_reaches_the_terms_linking_to_it(client, term, micro):
    nano = term(
        "Nano-influencer", definition="Unlike a micro-influencer.", publish_it=True
    )
    path = f"/api/glossary/terms/{nano.slug}/"
    assert f"{FRONTEND}/micro-influencer/" in client.get(path).json()["definition"]
    micro = GlossaryTermPage.objects.get(pk=micro.pk)
    micro.slug = "micro-creator-profile"
    micro.save_revision().publish()
    assert f"{FRONTEND}/micro-creator-profile/" in client.get(path).json()["definition"]


@pytest.mark.django_db
def test_linking_reads_as_much_in_a_large_glossary_as_a_small_one(term, micro):
    def queries_to_link():
        nano = GlossaryTermPage.objects.get(slug="nano-influencer")
        revision = nano.get_latest_revision_as_object().save_revision()
        revision = type(revision).objects.get(pk=revision.pk)
        assert revision.content_object == nano  # the publish has it already
        with CaptureQueriesContext(connection) as captured:
            autolink.link_revision(revision)
        return len(captured)

    term(
        "Nano-influencer",
        definition="Unlike a micro-influencer, " + "a small creator " * 60,
        publish_it=True,
    )
    queries_to_link()
    small = queries_to_link()
    for number in range(40):
        term(f"Filler term {number}", aliases=[f"Other filler {number}"])
    queries_to_link()
    assert queries_to_link() == small
    assert small <= 5


# Links the other way: terms that mention a new term


@pytest.fixture
def mentioning(term):
    """Live terms written before "Micro-influencer" existed, some mentioning it."""
    return {
        "brand": term(
            "Brand deal",
            definition="Brands pay micro-influencers for a post. Most pay per view.",
            publish_it=True,
        ),
        "fund": term(
            "Creator fund",
            why_it_matters=para("Even a micro creator can earn from it.", "w"),
            publish_it=True,
        ),
        "draft": term(
            "Gifting", definition="Brands send micro-influencers free products."
        ),
        "off": term(
            "Merch", definition="A micro-influencer sells merch.", auto_link=False
        ),
        "silent": term("Reach", publish_it=True),
    }


def add_micro(client, glossary):
    url = reverse(
        "wagtailadmin_pages:add", args=["glossary", "glossarytermpage", glossary.pk]
    )
    data = term_form(title="Micro-influencer", aliases=["Micro creator"])
    return client.post(url, {**data, "action-publish": "p"}, follow=True)


@pytest.fixture
def with_draft(mentioning):
    draft = publish(mentioning["draft"])
    draft = draft.get_latest_revision_as_object()
    draft.short_definition = "Someone's unpublished change."
    draft.save_revision()
    return mentioning


def offer_url(term):
    return reverse("glossary_auto_links", args=[term.pk])


@pytest.mark.django_db
def test_publishing_a_new_term_offers_links_from_terms_that_mention_it(
    editor_client, glossary, with_draft
):
    page = add_micro(editor_client, glossary).content.decode()
    micro = GlossaryTermPage.objects.get(slug="micro-influencer")
    assert "Other published terms mention “Micro-influencer”" in page
    assert offer_url(micro) in page

    listing = editor_client.get(offer_url(micro))
    assert listing.status_code == 200
    ready = [m.page.title for m in listing.context["ready"]]
    assert ready == ["Brand deal", "Creator fund"]
    assert [m.page.title for m in listing.context["drafts"]] == ["Gifting"]
    html = listing.content.decode()
    assert "Brands pay <mark>micro-influencers</mark> for a post." in html
    assert "Even a <mark>micro creator</mark> can earn from it." in html
    assert "Will link the next time they are published" in html
    assert "Merch" not in html and "Reach" not in html


@pytest.mark.django_db
def test_confirming_links_and_republishes_only_the_chosen_terms(
    editor_client, glossary, with_draft
):
    add_micro(editor_client, glossary)
    micro = GlossaryTermPage.objects.get(slug="micro-influencer")
    brand, fund, draft = (with_draft[k] for k in ("brand", "fund", "draft"))
    revisions = {t.pk: t.revisions.count() for t in (brand, fund, draft)}
    draft_before = GlossaryTermPage.objects.get(pk=draft.pk).definition

    response = editor_client.post(
        offer_url(micro), {"terms": [brand.pk, draft.pk]}, follow=True
    )

    html = response.content.decode()
    assert "Linked to “Micro-influencer” from 1 term and published it" in html
    assert "“Gifting” (it has unpublished changes)" in html
    brand = GlossaryTermPage.objects.get(pk=brand.pk)
    assert links(brand.definition) == [(micro.pk, "micro-influencers")]
    assert brand.revisions.count() == revisions[brand.pk] + 1
    assert_no_unpublished_changes(brand)
    assert PageLogEntry.objects.filter(
        page=brand, action=autolink_reverse.LINKED_ACTION
    ).exists()
    assert fund.revisions.count() == revisions[fund.pk]
    draft = GlossaryTermPage.objects.get(pk=draft.pk)
    assert draft.revisions.count() == revisions[draft.pk]
    assert draft.definition == draft_before and draft.has_unpublished_changes
    # Brand deal links to it now, so it is no longer offered.
    listing = editor_client.get(offer_url(micro))
    assert [m.page.title for m in listing.context["ready"]] == ["Creator fund"]


@pytest.mark.django_db
def test_each_term_is_linked_only_by_someone_who_may_publish_it(
    client, django_user_model, glossary, mentioning, term
):
    micro = term("Micro-influencer", aliases=["Micro creator"], publish_it=True)
    brand, fund = mentioning["brand"], mentioning["fund"]
    user = django_user_model.objects.create_user("limited", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = Group.objects.create(name="Fund writers")
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=fund, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    client.force_login(user)

    listing = client.get(offer_url(micro))
    assert [m.page.title for m in listing.context["ready"]] == ["Creator fund"]
    refused = [m.page.title for m in listing.context["refused"]]
    assert refused == ["Brand deal", "Gifting"]

    response = client.post(
        offer_url(micro), {"terms": [brand.pk, fund.pk]}, follow=True
    )
    assert "“Brand deal” (you can't publish it)" in shown(response)
    assert all_links(brand) == []
    assert all_links(fund) == [(micro.pk, "micro creator")]


@pytest.mark.django_db
def test_confirming_needs_a_csrf_token_and_a_choice(editor_client, boss, term):
    brand = term("Brand deal", definition="Pay a micro-influencer.", publish_it=True)
    micro = term("Micro-influencer", publish_it=True)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(boss)
    assert strict.post(offer_url(micro), {"terms": [brand.pk]}).status_code == 403
    for data in ({}, {"terms": ["x", ""]}):
        response = editor_client.post(offer_url(micro), data, follow=True)
        assert response.status_code == 200
        assert "Choose at least one term to link from." in response.content.decode()
    assert all_links(brand) == []
    missing = reverse("glossary_auto_links", args=[99999])
    assert editor_client.get(missing).status_code == 404


@pytest.mark.django_db
def test_no_offer_when_nothing_mentions_it(editor_client, glossary):
    page = add_micro(editor_client, glossary).content.decode()
    assert "Other published terms mention" not in page
    assert "created and published" in page


@pytest.mark.django_db
def test_offered_again_only_for_a_new_name(editor_client, glossary, term):
    term("Brand deal", definition="Pay a micro-influencer.", publish_it=True)
    assert (
        "Other published terms mention"
        in add_micro(editor_client, glossary).content.decode()
    )
    micro = GlossaryTermPage.objects.get(slug="micro-influencer")

    def republished(aliases):
        response = post_edit(
            editor_client, micro, aliases=aliases, short_definition="Changed."
        )
        assert response.status_code == 302
        return editor_client.get(response.url).content.decode()

    assert "Other published terms mention" not in republished(["Micro creator"])
    assert "Other published terms mention" in republished(
        ["Micro creator", "Small creator"]
    )


@pytest.mark.django_db
def test_an_unpublished_or_private_term_is_not_offered(editor_client, term):
    micro = term("Micro-influencer", publish_it=True)
    term("Brand deal", definition="Pay a micro-influencer.", publish_it=True)
    PageViewRestriction.objects.create(
        page=micro, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    listing = editor_client.get(offer_url(micro))
    assert "is private" in listing.content.decode()
    assert listing.context["ready"] == []
    response = editor_client.post(offer_url(micro), {"terms": ["1"]}, follow=True)
    assert "is private" in response.content.decode()
