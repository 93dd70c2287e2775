"""The admin for editors: the Glossary dashboard panel, category counts, new CTAs.

What an editor sees on the dashboard (counts, the letter and category charts,
health counts, recent and scheduled terms), that it costs a fixed number of
queries, and who sees it; the term counts in the categories listing; and
writing a call to action from the chooser without leaving the term.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from glossary import health
from glossary.blocks import CTAChooserBlock
from glossary.dashboard import GlossaryPanel
from glossary.models import CallToAction

from .factories import CategoryFactory, user_in

DASHBOARD = "/admin/"
CATEGORIES = reverse("wagtailsnippets_glossary_glossarycategory:list")
CHOOSER = "wagtailsnippetchoosers_glossary_calltoaction"


@pytest.fixture
def superuser(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@x.test", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def publish(make_term):
    def make(title, **fields):
        term = make_term(title=title, **fields)
        term.save_revision().publish()
        # As published: later edits start from the live version.
        term.refresh_from_db()
        return term

    return make


@pytest.fixture
def draft(make_term):
    def make(title, **fields):
        term = make_term(title=title, live=False, **fields)
        term.save_revision()
        return term

    return make


@pytest.fixture
def glossary_content(publish, draft):
    audience = CategoryFactory(name="Audience", slug="audience")
    money = CategoryFactory(name="Money", slug="money")
    CategoryFactory(name="Tools", slug="tools")
    micro = publish("Micro-influencer", category=audience)
    publish("Nano-influencer", category=audience)
    publish("Affiliate link", category=money)
    publish("360 video")
    draft("Media kit", category=money)
    return {"audience": audience, "money": money, "micro": micro}


def panel(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return html.find(id="glossary-summary-section")


def text(element):
    return " ".join(element.get_text().split())


def bars(panel_html, heading_id):
    """{label: count} of a chart, as a screen reader reads each bar."""
    chart = panel_html.find(attrs={"aria-labelledby": heading_id})
    found = {}
    for item in chart.find_all("li"):
        label, count = text(item).split(": ")
        found[label] = int(count.split()[0].replace(",", ""))
    return found


# The panel --------------------------------------------------------------------


def test_the_panel_counts_published_terms_and_drafts(
    client, superuser, glossary_content
):
    found = panel(client.get(DASHBOARD))
    totals = text(found.find(class_="glossary-dashboard__totals"))
    assert "4 published terms" in totals
    assert "1 draft not yet published" in totals
    assert "0 published terms with changes not yet published" in totals

    micro = glossary_content["micro"]
    micro.short_definition = "Changed, not yet published."
    micro.save_revision()
    totals = text(
        panel(client.get(DASHBOARD)).find(class_="glossary-dashboard__totals")
    )
    assert "1 published term with changes not yet published" in totals


def test_the_letter_chart_shows_every_letter_with_its_count(
    client, superuser, glossary_content
):
    letters = bars(panel(client.get(DASHBOARD)), "glossary-letters-heading")
    assert list(letters) == [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]
    # Published terms only: the draft "Media kit" is not under M.
    assert letters["M"] == 1
    assert letters["N"] == 1
    assert letters["A"] == 1
    assert letters["#"] == 1
    assert letters["Q"] == 0


def test_the_category_chart_puts_the_biggest_first_and_counts_the_rest(
    client, superuser, glossary_content
):
    found = panel(client.get(DASHBOARD))
    categories = bars(found, "glossary-categories-heading")
    assert list(categories.items()) == [
        ("Audience", 2),
        ("Money", 1),
        ("No category", 1),
        ("Tools", 0),
    ]
    chart = found.find(attrs={"aria-labelledby": "glossary-categories-heading"})
    links = [a["href"] for a in chart.find_all("a")]
    listing = reverse("glossary_terms:index")
    assert f"{listing}?category={glossary_content['audience'].pk}" in links


def test_each_bar_is_as_long_as_its_share_of_the_longest(
    client, superuser, glossary_content
):
    found = panel(client.get(DASHBOARD))
    chart = found.find(attrs={"aria-labelledby": "glossary-categories-heading"})
    lengths = [bar["style"] for bar in chart.find_all(class_="glossary-chart__bar")]
    # Audience 2, Money 1, no category 1, Tools 0 (no bar at all).
    assert lengths == ["--share: 100", "--share: 50", "--share: 50", "--share: 0"]


def test_health_counts_link_to_the_report(client, superuser, glossary_content):
    found = panel(client.get(DASHBOARD))
    section = found.find(attrs={"aria-labelledby": "glossary-health-heading"})
    counts = health.counts()
    shown = {kind for kind in health.KINDS if counts[kind.key]}
    assert shown, "the factory terms have no examples, so some checks fail"
    links = {a["href"]: text(a) for a in section.find_all("a")}
    assert reverse("glossary_health") in links
    for kind in shown:
        url = f"{reverse('glossary_health')}?kind={kind.key}"
        assert links[url] == f"{counts[kind.key]} {kind.label}"
    # Kinds with nothing to fix are not listed.
    for kind in set(health.KINDS) - shown:
        assert f"?kind={kind.key}" not in " ".join(links)


def test_recently_published_and_scheduled_terms_are_listed(
    client, superuser, glossary_content, draft
):
    coming = draft("Whitelisting")
    when = timezone.now() + datetime.timedelta(days=3)
    coming.go_live_at = when
    coming.save_revision().publish()
    # A published term can have changes scheduled too, under a new title.
    micro = glossary_content["micro"]
    micro.title = "Micro creator"
    micro.go_live_at = when + datetime.timedelta(days=1)
    micro.save_revision().publish()

    found = panel(client.get(DASHBOARD))
    recent = found.find(attrs={"aria-labelledby": "glossary-recent-heading"})
    titles = [text(a) for a in recent.find_all("a")]
    assert titles[0] == "360 video"  # published last
    assert set(titles) == {
        "360 video",
        "Affiliate link",
        "Nano-influencer",
        "Micro-influencer",
    }
    scheduled = found.find(attrs={"aria-labelledby": "glossary-scheduled-heading"})
    rows = [text(li) for li in scheduled.find_all("li")]
    local = timezone.localtime(when)
    assert rows[0] == f"Whitelisting {local:%-d %B %Y, %H:%M}"
    assert rows[1].startswith("Micro creator ")
    edit = reverse("wagtailadmin_pages:edit", args=[coming.pk])
    assert scheduled.find("a")["href"] == edit


def test_only_five_recent_terms_and_a_note_when_more_are_scheduled(
    client, superuser, publish, draft
):
    for number in range(7):
        publish(f"Term {number}")
        page = draft(f"Later {number}")
        page.go_live_at = timezone.now() + datetime.timedelta(days=number + 1)
        page.save_revision().publish()
    found = panel(client.get(DASHBOARD))
    recent = found.find(attrs={"aria-labelledby": "glossary-recent-heading"})
    assert len(recent.find_all("li")) == 5
    scheduled = found.find(attrs={"aria-labelledby": "glossary-scheduled-heading"})
    assert [text(a) for a in scheduled.find_all("a")] == [
        f"Later {number}" for number in range(5)
    ]
    assert "More terms are scheduled after these." in text(scheduled)


def test_an_empty_glossary_says_so(client, superuser, glossary):
    found = panel(client.get(DASHBOARD))
    assert "0 published terms" in text(found)
    assert "Nothing published yet." in text(found)
    assert "Nothing is scheduled." in text(found)
    assert "No categories yet." in text(found)


def test_the_panel_reads_a_fixed_number_of_queries(
    superuser, publish, draft, monkeypatch
):
    request = RequestFactory().get(DASHBOARD)
    request.user = superuser

    def queries():
        with CaptureQueriesContext(connection) as captured:
            GlossaryPanel(request).render_html({"request": request})
        return len(captured)

    def grow():
        for number in range(12):
            publish(f"Term {number}", category=CategoryFactory())
            page = draft(f"Later {number}")
            page.go_live_at = timezone.now() + datetime.timedelta(days=1)
            page.save_revision().publish()

    publish("Reach")
    # The health report's check has its own fixed cost (glossary.health),
    # which depends on what its cache holds: counted on its own below.
    assert queries() <= 25
    monkeypatch.setattr(health, "counts", lambda: dict.fromkeys(health.KIND_BY_KEY, 1))
    # Totals, letters, categories, recently published, scheduled.
    assert queries() == 5
    grow()
    assert queries() == 5
    monkeypatch.undo()
    assert queries() <= 25


# Who sees it ----------------------------------------------------------------


def test_editors_see_the_panel(client, glossary_content):
    client.force_login(user_in("Editors", "editor"))
    assert panel(client.get(DASHBOARD)) is not None


def test_people_who_cannot_write_terms_do_not_see_it(client, glossary_content):
    readers = Group.objects.create(name="Admin readers")
    readers.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user_in("Admin readers", "reader"))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert panel(response) is None
    assert b"glossary/dashboard.css" not in response.content


# Categories listing -----------------------------------------------------------


def category_rows(response):
    html = BeautifulSoup(response.content, "html.parser")
    rows = {}
    for row in html.select("table.listing tbody tr"):
        cells = [text(cell) for cell in row.find_all("td")]
        name = text(row.find(class_="title").find("a"))
        rows[name] = cells[-2:]
    return rows


def test_the_categories_listing_counts_terms_and_published_terms(
    client, superuser, glossary_content
):
    response = client.get(CATEGORIES)
    assert response.status_code == 200
    assert category_rows(response) == {
        "Audience": ["2", "2"],
        "Money": ["2", "1"],  # the draft "Media kit" is counted in Terms
        "Tools": ["0", "0"],
    }
    html = BeautifulSoup(response.content, "html.parser")
    listing = reverse("glossary_terms:index")
    money = glossary_content["money"].pk
    assert html.find("a", href=f"{listing}?category={money}") is not None


def test_the_categories_listing_sorts_by_count_and_searches(
    client, superuser, glossary_content
):
    response = client.get(CATEGORIES, {"ordering": "-live_count"})
    assert list(category_rows(response)) == ["Audience", "Money", "Tools"]
    response = client.get(CATEGORIES, {"ordering": "term_count"})
    assert list(category_rows(response))[0] == "Tools"
    # Names and descriptions are searched; the counts stay.
    response = client.get(CATEGORIES, {"q": "mon"})
    assert category_rows(response) == {"Money": ["2", "1"]}


# A call to action from the chooser --------------------------------------------


CTA_FORM = {
    "name": "Sign-up — creators",
    "heading": "Ready to grow?",
    "text": "Join free.",
    "button_label": "Create your profile",
    "url": "https://example.com/signup",
    "app_store_url": "",
    "play_store_url": "",
}


def modal(response):
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_chooser_offers_a_new_call_to_action_tab(client, glossary):
    client.force_login(user_in("Editors", "editor"))
    data = modal(client.get(reverse(f"{CHOOSER}:choose")))
    html = BeautifulSoup(data["html"], "html.parser")
    assert "New call to action" in text(html.find(id="tab-label-create"))
    form = html.find("form", attrs={"data-chooser-modal-creation-form": True})
    assert form["action"] == reverse(f"{CHOOSER}:create")
    assert {"name", "heading", "button_label", "url"} <= {
        field["name"] for field in form.find_all(["input", "textarea"])
    }
    assert "Save and choose" in text(form)


def test_the_body_cta_block_opens_the_same_chooser():
    widget = CTAChooserBlock().field.widget
    assert widget.get_chooser_modal_url() == reverse(f"{CHOOSER}:choose")


def test_creating_from_the_chooser_saves_and_chooses_it(client, glossary):
    editor = user_in("Editors", "editor")
    client.force_login(editor)
    data = modal(client.post(reverse(f"{CHOOSER}:create"), CTA_FORM))
    cta = CallToAction.objects.get(name="Sign-up — creators")
    assert data["step"] == "chosen"
    assert data["result"]["id"] == str(cta.pk)
    assert data["result"]["string"] == "Sign-up — creators"
    assert data["result"]["edit_url"] == reverse(
        "wagtailsnippets_glossary_calltoaction:edit", args=[cta.pk]
    )
    assert cta.heading == "Ready to grow?"
    entry = ModelLogEntry.objects.get(object_id=str(cta.pk))
    assert (entry.action, entry.user) == ("wagtail.create", editor)


def test_a_bad_call_to_action_shows_the_form_again_with_its_errors(client, glossary):
    client.force_login(user_in("Editors", "editor"))
    data = modal(
        client.post(
            reverse(f"{CHOOSER}:create"),
            {**CTA_FORM, "url": "not an address", "button_label": ""},
        )
    )
    assert data["step"] == "reshow_creation_form"
    html = BeautifulSoup(data["htmlFragment"], "html.parser")
    errors = text(html)
    assert "Enter a valid URL." in errors
    assert "This field is required." in errors
    assert not CallToAction.objects.exists()


def test_people_without_the_right_cannot_create_one(client, glossary):
    readers = Group.objects.create(name="Admin readers")
    readers.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user_in("Admin readers", "reader"))
    response = client.post(reverse(f"{CHOOSER}:create"), CTA_FORM)
    assert response.status_code in (302, 403)
    assert not CallToAction.objects.exists()
