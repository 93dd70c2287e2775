"""Glossary health: each check, the report in the admin, the command, the filters."""

import csv
import datetime
import io
import uuid
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from glossary import health
from glossary.health_admin import report_url
from glossary.models import GlossaryRelatedTerm, GlossarySettings, GlossaryTermAlias

from .factories import user_in

TODAY = timezone.localdate()


# Texts of everyday words only, so that no phrase stands out but the test's own.
def example(body="<p>Someone used it well.</p>", page=None):
    return {
        "type": "example",
        "id": str(uuid.uuid4()),
        "value": {
            "title": "",
            "body": body,
            "image": None,
            "link": {"label": "See it" if page else "", "page": page, "url": ""},
        },
    }


@pytest.fixture
def healthy(make_term, image):
    """Make a published term that passes every check (once something links to it)."""

    def make(title, related=(), publish=True, **fields):
        fields.setdefault("short_definition", "What it is, in a few words.")
        fields.setdefault("why_it_matters", "<p>It matters to them.</p>")
        fields.setdefault(
            "search_description", "A plain explanation for creators. " * 2
        )
        fields.setdefault("seo_title", f"{title} explained for creators")
        fields.setdefault("social_image", image)
        fields.setdefault("last_reviewed_at", TODAY)
        examples = fields.pop("examples", [example()])
        term = make_term(title=title, slug=title.lower().replace(" ", "-"), **fields)
        term.examples = examples
        term.related_terms = [GlossaryRelatedTerm(term=other) for other in related]
        if publish:
            term.save_revision().publish()
        else:
            term.save()
            term.unpublish()
        term.refresh_from_db()
        return term

    return make


def relate(term, *others):
    term.related_terms = [GlossaryRelatedTerm(term=other) for other in others]
    term.save_revision().publish()


@pytest.fixture
def pair(healthy):
    """Two published terms related to each other: nothing to report."""
    first = healthy("Brand deal")
    second = healthy("Rate card", related=[first])
    relate(first, second)
    return first, second


def problems_of(term=None, kind=None, **options):
    return [
        (problem.kind, problem.detail)
        for problem in health.check(**options).problems
        if (term is None or problem.term_id == term.pk)
        and (kind is None or problem.kind == kind)
    ]


def kinds_of(term, **options):
    return {kind for kind, _detail in problems_of(term, **options)}


def test_a_healthy_glossary_has_nothing_to_report(pair):
    report = health.check()
    assert report.problems == []
    assert report.terms_checked == 2
    assert set(health.counts()) == {kind.key for kind in health.KINDS}
    assert not any(health.counts().values())


# Broken links -----------------------------------------------------------------


def link(page_id, text="see this"):
    return f'<p>Read <a linktype="page" id="{page_id}">{text}</a>.</p>'


def test_links_to_deleted_unpublished_and_private_pages_are_broken(
    pair, healthy, make_term
):
    first, second = pair
    gone = make_term(title="Gone term")
    gone_id = gone.pk
    gone.delete()
    draft = healthy("Draft term", related=[first], publish=False)
    secret = healthy("Secret term", related=[first])
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    first.definition = link(gone_id) + link(draft.pk)
    first.why_it_matters = link(secret.pk) + link(second.pk)
    first.examples = [example(page=gone_id)]
    first.save_revision().publish()

    found = problems_of(first, kind="broken_link")
    assert sorted(found) == [
        ("broken_link", "In the definition: a link to a page that was deleted."),
        (
            "broken_link",
            "In the definition: a link to “Draft term”, which is not published.",
        ),
        ("broken_link", "In the link of example 1: a link to a page that was deleted."),
        (
            "broken_link",
            "In “Why it matters”: a link to “Secret term”, which is private.",
        ),
    ]
    assert problems_of(second, kind="broken_link") == []


def test_a_link_to_a_published_page_is_not_broken(pair):
    first, second = pair
    first.definition = link(second.pk)
    first.examples = [example(page=second.pk), example(body=link(second.pk))]
    first.save_revision().publish()
    assert problems_of(kind="broken_link") == []


def test_a_draft_is_checked_once_published(pair, make_term):
    first, _second = pair
    gone = make_term(title="Gone term")
    gone_id = gone.pk
    gone.delete()
    first.definition = link(gone_id)
    first.save_revision()  # saved as a draft only
    assert problems_of(first) == []
    first.get_latest_revision().publish()
    assert kinds_of(first) == {"broken_link"}


# Related terms, orphans and dead ends -------------------------------------------


def test_related_terms_that_readers_cannot_open(pair, healthy):
    first, second = pair
    draft = healthy("Draft term", related=[first], publish=False)
    secret = healthy("Secret term", related=[first])
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    relate(first, second, draft, secret)
    assert sorted(problems_of(first, kind="unpublished_related")) == [
        ("unpublished_related", "“Draft term” is not published."),
        ("unpublished_related", "“Secret term” is private."),
    ]
    # It still leads readers on to the published one: not a dead end.
    assert "dead_end" not in kinds_of(first)
    relate(first, draft)
    assert problems_of(first, kind="dead_end") == [
        ("dead_end", "None of its related terms is published.")
    ]


def test_dead_end_is_a_term_without_related_terms(pair):
    first, second = pair
    relate(first)
    assert problems_of(kind="dead_end") == [
        ("dead_end", "Add a few terms readers will want next.")
    ]
    assert "dead_end" not in kinds_of(second)


def test_orphan_is_a_term_no_other_live_term_relates_or_links_to(pair, healthy):
    first, second = pair
    lonely = healthy("Lonely term", related=[first])
    assert kinds_of(lonely) == {"orphan"}
    # Its own link to itself, and a link from a term taken offline, don't count.
    lonely.definition = link(lonely.pk)
    lonely.save_revision().publish()
    offline = healthy("Offline term", related=[lonely], definition=link(lonely.pk))
    offline.unpublish()
    assert "orphan" in kinds_of(lonely)
    # A link in another live term's text does.
    second.why_it_matters = link(lonely.pk)
    second.save_revision().publish()
    assert "orphan" not in kinds_of(lonely)
    second.why_it_matters = "<p>Plain.</p>"
    second.save_revision().publish()
    # So does a related term.
    relate(first, second, lonely)
    assert "orphan" not in kinds_of(lonely)


# Sections and examples -----------------------------------------------------------


@pytest.mark.parametrize("empty", ["", "<p></p>", "<p> </p>"])
def test_an_empty_why_it_matters_is_a_missing_section(pair, healthy, empty):
    first, _second = pair
    term = healthy("Thin term", related=[first], why_it_matters=empty)
    relate(first, _second, term)
    assert problems_of(term) == [("missing_section", "“Why it matters” is empty.")]


def test_a_term_without_example(pair, healthy):
    first, second = pair
    term = healthy("No example term", related=[first], examples=[])
    relate(first, second, term)
    assert problems_of(term) == [("no_example", "Add at least one example.")]


# Review -------------------------------------------------------------------------


def months_ago(months, days=0):
    return health.terms.months_before(TODAY, months) - datetime.timedelta(days=days)


def test_review_due_when_never_or_too_long_ago(pair, glossary):
    first, second = pair
    first.last_reviewed_at = None
    first.save_revision().publish()
    second.last_reviewed_at = months_ago(12)
    second.save_revision().publish()
    assert problems_of(first, kind="review_due") == [("review_due", "Never reviewed.")]
    assert kinds_of(second) == {"review_due"}
    second.last_reviewed_at = months_ago(11, days=-1)
    second.save_revision().publish()
    assert kinds_of(second) == set()


def test_review_period_comes_from_glossary_settings(pair):
    _first, second = pair
    second.last_reviewed_at = months_ago(13)
    second.save_revision().publish()
    assert kinds_of(second) == {"review_due"}
    settings = GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    settings.review_after_months = 24
    settings.save()
    assert kinds_of(second) == set()


def test_months_before_keeps_the_day_or_the_months_last():
    assert health.terms.months_before(datetime.date(2025, 3, 31), 1) == datetime.date(
        2025, 2, 28
    )
    assert health.terms.months_before(datetime.date(2025, 1, 15), 12) == (
        datetime.date(2024, 1, 15)
    )


# SEO ----------------------------------------------------------------------------


def test_seo_gaps(pair):
    first, second = pair
    first.search_description = ""
    first.social_image = None
    first.seo_title = "Brand deal explained for creators: " + "x" * 40
    first.save_revision().publish()
    found = dict(problems_of(first))
    assert set(found) == {"no_meta_description", "title_length", "no_social_image"}
    assert found["title_length"] == "75 characters: too long, aim for 10–60."
    assert found["no_meta_description"] == "Write one of 50–160 characters."
    assert found["no_social_image"] == "Shares on social networks show no picture."
    second.seo_title = "CPM"
    second.save_revision().publish()
    assert problems_of(second) == [
        ("title_length", "3 characters: too short, aim for 10–60.")
    ]


def test_title_tag_is_counted_with_the_sites_suffix(pair):
    from seo.models import SEOSettings

    first, _second = pair
    first.seo_title = "A title of exactly forty-five characters, ok."
    first.save_revision().publish()
    assert "title_length" not in kinds_of(first)
    seo = SEOSettings.for_site(Site.objects.get(is_default_site=True))
    seo.title_suffix = "— Creator Glossary"
    seo.save()
    assert kinds_of(first) == {"title_length"}


# Phrases without a term -----------------------------------------------------------


def test_a_phrase_in_enough_terms_without_a_term_is_reported(pair, healthy):
    first, second = pair
    for title, text in (
        ("Launch plan", "Plan the creator flywheel early."),
        ("Launch week", "Each Creator-Flywheel turns slowly at first."),
        ("Launch list", "Their creator’s flywheels keep turning; plan it."),
    ):
        term = healthy(title, related=[first], definition=f"<p>{text}</p>")
        relate(second, first, term)
    missing = problems_of(kind="missing_term", phrase_min_terms=3)
    assert missing == [
        ("missing_term", "Used in 3 of 5 terms, with no term or other name.")
    ]
    phrases = [
        p.term
        for p in health.check(phrase_min_terms=3).problems
        if p.kind == "missing_term"
    ]
    assert phrases == ["creator flywheel"]
    # Not in enough terms: not reported.
    assert problems_of(kind="missing_term", phrase_min_terms=4) == []


def test_a_phrase_that_names_a_term_even_a_draft_is_not_missing(pair, healthy):
    first, second = pair
    for title, text in (
        ("Launch plan", "Grow a creator flywheel."),
        ("Launch week", "Each creator flywheel turns."),
        ("Launch list", "Creator flywheels spin."),
    ):
        healthy(title, related=[first], definition=f"<p>{text}</p>")

    def phrases():
        return [
            p.term
            for p in health.check(phrase_min_terms=3).problems
            if p.kind == "missing_term"
        ]

    assert "creator flywheel" in phrases()
    # Another name, spelt differently (plural, hyphen): the same name.
    second.term_aliases = [GlossaryTermAlias(name="Creator-flywheels")]
    second.save_revision().publish()
    assert "creator flywheel" not in phrases()
    second.term_aliases = []
    second.save_revision().publish()
    assert "creator flywheel" in phrases()
    healthy("Creator flywheel", related=[first], publish=False)
    assert "creator flywheel" not in phrases()


def test_dashboard_counts_use_the_last_scan_while_a_new_one_runs(pair, healthy):
    first, _second = pair
    for title, text in (
        ("Launch plan", "Grow a creator flywheel."),
        ("Launch week", "Each creator flywheel turns."),
        ("Launch list", "Creator flywheels spin."),
    ):
        healthy(title, related=[first], definition=f"<p>{text}</p>")
    assert health.counts()["missing_term"] == 1  # nothing stored yet: scanned now
    healthy("Creator flywheel", related=[first], publish=False)
    with mock.patch("glossary.health.phrases.refresh_missing_terms") as refresh:
        assert health.counts()["missing_term"] == 1
        assert health.counts()["missing_term"] == 1
    refresh.enqueue.assert_called_once_with(None)
    # The report and the command wait for a fresh scan.
    assert health.check().counts()["missing_term"] == 0
    assert health.counts()["missing_term"] == 0


def test_dashboard_counts_are_remembered_until_the_glossary_changes(pair, healthy):
    first, _second = pair
    before = health.current_counts()
    with mock.patch.object(health, "counts", side_effect=AssertionError("again")):
        assert health.current_counts() == before
    healthy("Broken term", related=[first], examples=[])
    assert health.current_counts()["no_example"] == before["no_example"] + 1


def test_default_phrase_threshold_grows_with_the_glossary():
    assert health.default_phrase_min_terms(35) == 3
    assert health.default_phrase_min_terms(10_000) == 100


# Queries ----------------------------------------------------------------------------


def count_queries():
    with CaptureQueriesContext(connection) as queries:
        health.check()
    return len(queries)


def test_query_count_does_not_grow_with_terms(pair, healthy, make_term):
    first, second = pair
    few = count_queries()
    for number in range(8):
        gone = make_term(title=f"Gone {number}")
        gone_id = gone.pk
        gone.delete()
        healthy(
            f"Extra term {number}",
            related=[first, second],
            definition=link(second.pk) + link(gone_id),
            examples=[example(page=first.pk), example()],
        )
    assert count_queries() == few


# The command ----------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    try:
        call_command("glossary_health", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def test_command_exits_zero_with_warnings_only_unless_strict(pair):
    first, _second = pair
    first.last_reviewed_at = None
    first.save_revision().publish()
    status, out, _ = run()
    assert status == 0
    assert "2 live terms checked, 0 broken, 1 warnings." in out
    assert "Warning: Review due (1)" in out
    assert "Brand deal: Never reviewed." in out
    status, _, message = run("--strict")
    assert status == 1
    assert message == "1 warning (--strict)."


def test_command_exits_non_zero_when_something_is_broken(pair):
    first, _second = pair
    first.examples = []
    first.save_revision().publish()
    status, out, message = run()
    assert status == 1
    assert "Broken: No example (1)" in out
    assert message == "1 broken problem to fix."


def test_command_writes_csv(pair):
    first, _second = pair
    first.last_reviewed_at = None
    first.search_description = ""
    first.save_revision().publish()
    status, out, _ = run("--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(health.EXPORT_COLUMNS.values())
    assert rows[1:] == [
        [
            "Warning",
            "Review due",
            "review_due",
            "Brand deal",
            "Never reviewed.",
            f"http://cms.test/admin/pages/{first.pk}/edit/",
        ],
        [
            "Warning",
            "No meta description",
            "no_meta_description",
            "Brand deal",
            "Write one of 50–160 characters.",
            f"http://cms.test/admin/pages/{first.pk}/edit/",
        ],
    ]
    _, out, _ = run("--format", "csv", "--kind", "no_meta_description")
    assert len(list(csv.reader(io.StringIO(out)))) == 2


def test_command_refuses_a_bad_threshold(pair):
    with pytest.raises(CommandError, match="1 or more"):
        call_command("glossary_health", "--phrase-min-terms", "0")


# The report in the admin ---------------------------------------------------------


@pytest.fixture
def editor(client, glossary):
    user = user_in("Editors", "editor")
    client.force_login(user)
    return user


@pytest.fixture
def troubled(pair, healthy):
    """A glossary with one broken term and one with warnings."""
    first, second = pair
    broken = healthy("Broken term", related=[first], examples=[])
    relate(second, first, broken)
    first.last_reviewed_at = None
    first.save_revision().publish()
    return {"broken": broken, "stale": first}


def test_report_shows_the_summary_and_a_row_per_problem(client, editor, troubled):
    response = client.get(report_url())
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "3 live terms checked" in html
    assert "<strong>1 broken</strong>" in html
    assert "Changes saved as a draft are checked once they are published" in html
    summary = response.context["summary"]
    found = {row["kind"].key: row["count"] for row in summary}
    assert found["no_example"] == 1 and found["review_due"] == 1
    assert found["orphan"] == 0
    edit = reverse("wagtailadmin_pages:edit", args=[troubled["broken"].pk])
    assert f'href="{edit}"' in html
    assert "Add at least one example." in html
    assert "Never reviewed." in html
    assert f'href="{report_url("no_example")}"' in html.replace("&amp;", "&")


def test_report_filters_by_kind_and_severity(client, editor, troubled):
    response = client.get(report_url("review_due"))
    rows = list(response.context["object_list"])
    assert [(p.term, p.kind) for p in rows] == [("Brand deal", "review_due")]
    response = client.get(reverse("glossary_health") + "?severity=broken")
    assert [p.kind for p in response.context["object_list"]] == ["no_example"]
    response = client.get(reverse("glossary_health_results") + "?kind=orphan")
    assert response.status_code == 200
    assert "No problems of this kind" in response.content.decode()


def test_report_downloads_as_csv_and_xlsx(client, editor, troubled):
    response = client.get(reverse("glossary_health") + "?export=csv&kind=no_example")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "glossary-health.csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(health.EXPORT_COLUMNS.values())
    assert rows[1][:5] == [
        "Broken",
        "No example",
        "no_example",
        "Broken term",
        "Add at least one example.",
    ]
    assert len(rows) == 2
    response = client.get(reverse("glossary_health") + "?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    # The download buttons are offered on the page.
    page = client.get(report_url()).content.decode()
    assert "Download CSV" in page and "?export=csv" in page


def test_editors_see_the_report_in_the_reports_menu(client, editor, pair):
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("glossary_health") in response.content.decode()


def test_who_may_not_see_the_report(client, pair):
    url = report_url()
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
    # Admin access without any page rights: no report, no menu item.
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user_in("Readers", "reader"))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert (
        reverse("glossary_health")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_report_url_names_a_kind():
    assert report_url() == "/admin/reports/glossary-health/"
    assert report_url("orphan") == "/admin/reports/glossary-health/?kind=orphan"


# The Terms listing's filters ---------------------------------------------------


def test_listing_filters_by_reviewer(client, editor, pair, healthy):
    first, second = pair
    reviewer = get_user_model().objects.create_user("rita", first_name="Rita")
    first.reviewed_by = reviewer
    first.save_revision().publish()
    url = reverse("glossary_terms:index")
    response = client.get(url)
    html = response.content.decode()
    assert 'name="reviewer"' in html
    assert "Rita" in html
    # Only people who reviewed a term are offered.
    form = response.context["filters"].form
    assert [user.pk for user in form.fields["reviewer"].queryset] == [reviewer.pk]
    response = client.get(url, {"reviewer": reviewer.pk})
    assert [page.pk for page in response.context["pages"]] == [first.pk]


def test_listing_filters_by_health(client, editor, troubled):
    url = reverse("glossary_terms:index")
    html = client.get(url).content.decode()
    assert 'name="health"' in html
    assert "Anything broken" in html and "Review due" in html
    response = client.get(url, {"health": "broken"})
    assert [p.pk for p in response.context["pages"]] == [troubled["broken"].pk]
    response = client.get(url, {"health": "review_due"})
    assert [p.pk for p in response.context["pages"]] == [troubled["stale"].pk]
    response = client.get(url, {"health": "orphan"})
    assert list(response.context["pages"]) == []
    response = client.get(url, {"health": "no-such-kind"})
    assert response.status_code == 200
