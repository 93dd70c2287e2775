"""What readers look for: search demand counted, bounded and reported to editors."""

import datetime
import html
import os
import re
import time
from unittest import mock

import pytest
import redis
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageViewRestriction

import headless.cache
from glossary import demand_admin
from glossary.health_admin import report_url as health_report_url
from glossary.models import GlossaryTermAlias, GlossaryTermPage
from search import demand
from search.models import SearchDemand

from .factories import user_in

API = "/api/glossary"
REPORT = reverse(demand_admin.REPORT_URL_NAME)
ADD_OTHER_NAME = reverse(demand_admin.ADD_OTHER_NAME_URL_NAME)
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def nothing_waiting():
    demand.discard()
    yield
    demand.discard()


def counted():
    """Every row written, as {(kind, query, outcome): (times, best term id)}."""
    demand.flush()
    return {
        (row.kind, row.query, row.outcome): (row.times, row.best_term_id)
        for row in SearchDemand.objects.all()
    }


def search(client, q, **params):
    response = client.get(f"{API}/search/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response


def suggest(client, q):
    response = client.get(f"{API}/autocomplete/", {"q": q})
    assert response.status_code == 200, response.content
    return response


# Counting ------------------------------------------------------------------


def test_a_search_counts_once_per_answer_from_the_cache_or_not(
    client, terms, django_assert_num_queries
):
    first = search(client, "micro")
    with django_assert_num_queries(0):
        second = search(client, "micro")
    assert second.content == first.content  # the cached answer
    assert counted() == {("search", "micro", "found"): (2, None)}


def test_answers_served_as_304_count_too(client, terms):
    etag = search(client, "micro")["ETag"]
    assert (
        client.get(
            f"{API}/search/", {"q": "micro"}, headers={"if-none-match": etag}
        ).status_code
        == 304
    )
    assert counted()[("search", "micro", "found")] == (2, None)


def test_counts_with_the_response_cache_off(client, terms, settings):
    settings.GLOSSARY_API_CACHE = False
    search(client, "micro")
    search(client, "micro")
    assert counted() == {("search", "micro", "found"): (2, None)}


def test_outcomes_found_typo_and_nothing(client, terms):
    assert search(client, "Micro creator").json()["count"] >= 1
    typo = search(client, "afiliate").json()
    assert [item["title"] for item in typo["items"]] == ["Affiliate link"]
    assert search(client, "zebra crossing").json()["count"] == 0
    assert counted() == {
        ("search", "micro creator", "found"): (1, None),
        ("search", "afiliate", "typo"): (1, terms["affiliate"].pk),
        ("search", "zebra crossing", "none"): (1, None),
    }


def test_later_pages_of_one_search_are_not_counted_again(client, terms):
    search(client, "influencer")
    search(client, "influencer", offset=1)
    assert counted() == {("search", "influencer", "found"): (1, None)}


def test_autocomplete_counts_only_what_offered_no_name_as_typed(client, terms):
    assert suggest(client, "micr").json()["items"]  # a prefix: not counted
    assert suggest(client, "zq").json()["items"] == []  # too short to count
    assert suggest(client, "zqx").json()["items"] == []
    typo = suggest(client, "Afiliate").json()["items"]
    assert [item["title"] for item in typo] == ["Affiliate link"]
    assert counted() == {
        ("autocomplete", "zqx", "none"): (1, None),
        ("autocomplete", "afiliate", "typo"): (1, terms["affiliate"].pk),
    }


def test_the_terms_listing_search_is_not_counted(client, terms):
    assert client.get(f"{API}/terms/", {"q": "zebra"}).status_code == 200
    assert counted() == {}


# Normalisation and privacy --------------------------------------------------


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("  Micro   INFLUENCER!! ", "micro influencer"),
        ("micro-influencer", "micro-influencer"),
        ("ｍｉｃｒｏ", "micro"),  # full-width letters
        ("Crème   BRÛLÉE", "crème brûlée"),  # accents stay
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("-“creator's” fund?", "creator's fund"),
        ("10000 followers", "10000 followers"),
    ],
)
def test_queries_are_folded_as_the_search_reads_them(typed, kept):
    assert demand.normalise(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "maya@example.com",
        "call me +44 20 7946 0958",
        "4111 1111 1111 1111",
        "https://example.com/?token=abc",
        "www.example.com",
        "!!! ???",
        "",
        "a" * 101,
    ],
)
def test_personal_looking_empty_and_overlong_queries_are_not_counted(typed):
    assert demand.normalise(typed) == ""
    assert demand.searched(typed, mock.Mock(hits=[], typos_only=False)) is None


def test_nothing_personal_is_stored(client, terms):
    fields = {field.name for field in SearchDemand._meta.get_fields()}
    assert fields == {"id", "day", "kind", "query", "outcome", "best_term_id", "times"}
    # The day, never a time of day.
    assert SearchDemand._meta.get_field("day").get_internal_type() == "DateField"

    reader = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (ReaderBrowser/42)",
        HTTP_REFERER="https://glossary.example.com/search/?q=zebra",
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    reader.cookies["sessionid"] = "reader-session-cookie"
    search(reader, "zebra crossing")
    demand.flush()
    row = SearchDemand.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    for personal in (
        "ReaderBrowser",
        "203.0.113.7",
        "198.51.100.9",
        "reader-session-cookie",
        "glossary.example.com",
    ):
        assert personal not in stored
    assert row["day"] == TODAY() and not isinstance(row["day"], datetime.datetime)


# Bounded input ---------------------------------------------------------------


def test_hostile_queries_get_their_answer_and_store_nothing(client, terms):
    assert client.get(f"{API}/search/", {"q": "x" * 5000}).status_code == 422
    assert client.get(f"{API}/search/", {"q": "zebra\x00"}).status_code == 422
    assert client.get(f"{API}/autocomplete/", {"q": "zeb\x00ra"}).status_code == 422
    long_question = " ".join(["why"] * 40)  # 159 characters: a question, not a term
    assert search(client, long_question).json()["count"] == 0
    assert search(client, "maya@example.com").json()["count"] == 0
    assert counted() == {}


def test_non_ascii_queries_count_as_typed(client, terms):
    search(client, "Crème brûlée")
    search(client, "CRÈME BRÛLÉE")
    search(client, "日本語")
    rows = counted()
    assert rows[("search", "crème brûlée", "none")] == (2, None)
    assert rows[("search", "日本語", "none")] == (1, None)


def test_a_process_keeps_only_so_many_queries_waiting(settings):
    settings.GLOSSARY_SEARCH_DEMAND = {
        **settings.GLOSSARY_SEARCH_DEMAND,
        "MAX_WAITING": 3,
    }
    for word in ("one", "two", "three", "four", "five"):
        demand.count(("search", word, demand.NOTHING, None))
    demand.count(("search", "one", demand.NOTHING, None))
    assert demand.waiting() == 3
    demand.count(("search", "something", "odd"))  # a malformed value: ignored
    demand.count(None)
    assert demand.waiting() == 3


@pytest.mark.django_db
def test_each_day_adds_only_so_many_new_queries(settings):
    settings.GLOSSARY_SEARCH_DEMAND = {
        **settings.GLOSSARY_SEARCH_DEMAND,
        "MAX_QUERIES_PER_DAY": 3,
    }
    for word in ("one", "two"):
        demand.count(("search", word, demand.NOTHING, None))
    demand.flush()
    demand.count(("search", "one", demand.NOTHING, None))
    for word in ("three", "four", "five"):
        demand.count(("search", word, demand.NOTHING, None))
    demand.count(("search", "five", demand.NOTHING, None))
    demand.count(("autocomplete", "four", demand.NOTHING, None))
    rows = counted()
    # "five", asked twice, takes the last place; "one" goes on counting.
    assert rows == {
        ("search", "one", "none"): (2, None),
        ("search", "two", "none"): (1, None),
        ("search", "five", "none"): (2, None),
        ("autocomplete", "four", "none"): (1, None),
    }


# Outages ---------------------------------------------------------------------


def test_a_database_error_loses_the_counts_not_the_answer(client, terms, caplog):
    with mock.patch.object(demand, "_add", side_effect=OperationalError("down")):
        answer = search(client, "zebra crossing")
        assert answer.json()["count"] == 0
        assert demand.flush() == 0
    assert "could not be written" in caplog.text
    assert demand.waiting() == 0
    search(client, "zebra crossing")
    assert counted() == {("search", "zebra crossing", "none"): (1, None)}


def test_counting_itself_failing_never_breaks_an_answer(client, terms):
    with mock.patch.object(demand.timezone, "localdate", side_effect=RuntimeError):
        assert search(client, "micro").json()["count"] >= 1
    assert counted() == {}


def redis_is_up():
    try:
        return redis.Redis("127.0.0.1", 6379, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_cache(settings):
    headless.cache._health.clear()

    def use(port):
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "headless.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/3",
                "KEY_PREFIX": f"demand-test-{os.getpid()}",
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
            },
        }

    yield use
    headless.cache._health.clear()


def test_redis_down_the_answer_comes_and_is_counted(client, terms, redis_cache):
    redis_cache(1)  # nothing listens on port 1
    assert search(client, "micro").json()["count"] >= 1
    assert search(client, "micro").json()["count"] >= 1
    assert counted() == {("search", "micro", "found"): (2, None)}


@pytest.mark.skipif(
    not redis_is_up() and not os.environ.get("REQUIRE_SERVICES"),
    reason="Redis is not running at 127.0.0.1:6379",
)
def test_answers_cached_in_redis_count_as_they_are_served(
    client, terms, redis_cache, django_assert_num_queries
):
    redis_cache(6379)
    try:
        search(client, "afiliate")
        with django_assert_num_queries(0):
            search(client, "afiliate")
        rows = counted()
        assert list(rows) == [("search", "afiliate", "typo")]
        assert rows[("search", "afiliate", "typo")][0] == 2
    finally:
        from django.core.cache import cache

        cache.clear()


# Writing and retention -------------------------------------------------------


@pytest.mark.django_db
def test_writes_add_to_the_days_counts():
    demand.count(("search", "zebra", demand.NOTHING, None))
    demand.count(("search", "zebra", demand.NOTHING, None))
    assert demand.flush() == 1
    demand.count(("search", "zebra", demand.NOTHING, None))
    demand.count(("search", "zebra", demand.TYPO, 7))
    demand.flush()
    assert counted() == {
        ("search", "zebra", "none"): (3, None),
        ("search", "zebra", "typo"): (1, 7),
    }


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the suite's in-memory SQLite database locks a table against a "
    "second thread's write; the writer thread is tested on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_background_thread_writes_the_counts(settings):
    background = {**settings.GLOSSARY_SEARCH_DEMAND, "FLUSH_SECONDS": 30}
    settings.GLOSSARY_SEARCH_DEMAND = {**background, "FLUSH_AT": 2}
    demand.count(("search", "zebra", demand.NOTHING, None))
    demand.count(("search", "zebra", demand.NOTHING, None))
    time.sleep(0.5)
    assert not SearchDemand.objects.exists()  # one query waits: not yet
    demand.count(("search", "quokka", demand.NOTHING, None))  # two: written now
    deadline = time.monotonic() + 10
    while SearchDemand.objects.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert dict(SearchDemand.objects.values_list("query", "times")) == {
        "zebra": 2,
        "quokka": 1,
    }
    writer = demand._waiting.writer
    settings.GLOSSARY_SEARCH_DEMAND = {**background, "FLUSH_SECONDS": 0}
    demand._waiting.wake.set()
    writer.join(timeout=10)
    assert not writer.is_alive()


def add_counts(
    query, times, days_ago=0, outcome=demand.NOTHING, kind="search", term=None
):
    return SearchDemand.objects.create(
        day=TODAY() - datetime.timedelta(days=days_ago),
        kind=kind,
        query=query,
        outcome=outcome,
        best_term_id=term,
        times=times,
    )


@pytest.mark.django_db
def test_counts_older_than_the_retention_period_are_deleted(settings):
    settings.GLOSSARY_SEARCH_DEMAND = {
        **settings.GLOSSARY_SEARCH_DEMAND,
        "RETENTION_DAYS": 30,
    }
    add_counts("kept", 1, days_ago=29)
    add_counts("gone", 1, days_ago=30)
    add_counts("long gone", 1, days_ago=400)
    assert demand.prune() == 2
    assert list(SearchDemand.objects.values_list("query", flat=True)) == ["kept"]

    add_counts("gone again", 1, days_ago=31)
    call_command("prune_search_demand")
    assert not SearchDemand.objects.filter(query="gone again").exists()


@pytest.mark.django_db
def test_writing_counts_deletes_expired_ones(settings, monkeypatch):
    settings.GLOSSARY_SEARCH_DEMAND = {
        **settings.GLOSSARY_SEARCH_DEMAND,
        "RETENTION_DAYS": 7,
    }
    monkeypatch.setattr(demand._waiting, "pruned_at", None)
    add_counts("expired", 3, days_ago=8)
    demand.count(("search", "fresh", demand.NOTHING, None))
    demand.flush()
    assert list(SearchDemand.objects.values_list("query", flat=True)) == ["fresh"]


# The report ------------------------------------------------------------------


@pytest.fixture
def editor(client, terms):
    user = user_in("Editors", "editor")
    client.force_login(user)
    return user


def report_rows(response):
    """(query, times asked, what readers find now) of the page shown."""
    return [
        (row.query, row.times, row.outcome_label)
        for row in response.context["object_list"]
    ]


def test_the_report_lists_what_missed_most_asked_first(client, terms, editor):
    add_counts("zebra crossing", 2, days_ago=1)
    add_counts("zebra crossing", 3)
    # Counted as typo-only with another term: the report asks again.
    add_counts("afiliate", 4, outcome=demand.TYPO, term=terms["micro"].pk)
    add_counts("quokka", 1)
    add_counts("micro", 9)  # missed once, finds a term now
    add_counts("old news", 50, days_ago=45)  # before the period
    add_counts("zebra crossing", 8, outcome=demand.FOUND)  # found: not a miss

    response = client.get(REPORT)
    assert response.status_code == 200
    assert report_rows(response) == [
        ("micro", 9, "Finds a term now"),
        ("zebra crossing", 5, "Nothing"),
        ("afiliate", 4, "Only a close spelling"),
        ("quokka", 1, "Nothing"),
    ]
    page = response.content.decode()
    assert "What readers look for" in page
    glossary = terms["micro"].get_parent()
    assert demand_admin.create_term_url(glossary, "Zebra crossing") in page
    assert demand_admin.create_term_url(glossary, "Quokka") in page
    # Nothing to do about a query that finds a term now.
    assert demand_admin.create_term_url(glossary, "Micro") not in page
    # Only the typo found a term to give another name.
    assert page.count("as other name of") == 1
    assert "Add “Afiliate” as other name of “Affiliate link”" in page

    longer = client.get(REPORT, {"days": "90"})
    assert ("old news", 50, "Nothing") in report_rows(longer)
    # A period the report does not offer is the default one, not an error.
    assert len(report_rows(client.get(REPORT, {"days": "1; drop"}))) == 4

    # Filtering reloads only the results; their actions still lead back to
    # the whole report, as filtered.
    fragment = client.get(
        reverse(demand_admin.RESULTS_URL_NAME),
        {"days": "90", "_w_filter_fragment": "1"},
    ).content.decode()
    nexts = set(re.findall(r'name="next" value="([^"]*)"', fragment))
    assert nexts == {f"{REPORT}?days=90"}


def test_the_health_report_lists_what_still_misses_with_its_actions(
    client, terms, editor
):
    add_counts("zebra crossing", 5)
    add_counts("afiliate", 4, outcome=demand.TYPO, term=terms["micro"].pk)
    add_counts("micro", 9)  # missed once, finds a term now: left out
    add_counts("old news", 50, days_ago=45)  # before the period

    response = client.get(health_report_url())
    assert response.status_code == 200
    rows = response.context["missed_queries"]
    assert [(row.query, row.times, row.outcome_label) for row in rows] == [
        ("zebra crossing", 5, "Nothing"),
        ("afiliate", 4, "Only a close spelling"),
    ]
    page = response.content.decode()
    section = page[page.index("data-health-demand") : page.index("health-problems")]
    glossary = terms["micro"].get_parent()
    assert demand_admin.create_term_url(glossary, "Zebra crossing") in section
    assert "Add “Afiliate” as other name of “Affiliate link”" in section
    assert f'href="{REPORT}"' in section
    # Its "add as other name" comes back to the health report.
    assert f'name="next" value="{health_report_url()}"' in section

    # Filtering the problems below reloads them alone, without asking again.
    with mock.patch.object(demand, "missed") as missed:
        fragment = client.get(reverse("glossary_health_results"), {"kind": "orphan"})
    assert fragment.status_code == 200
    missed.assert_not_called()


def test_the_health_report_says_when_nothing_misses(client, terms, editor):
    add_counts("micro", 3, outcome=demand.FOUND)
    response = client.get(health_report_url())
    assert response.context["missed_queries"] == []
    assert "Every search counted in this period finds a term" in (
        response.content.decode()
    )


def test_terms_readers_cannot_open_answer_no_missed_query(client, terms, editor):
    private, gone = terms["nano"], terms["number"]
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    gone.unpublish()
    add_counts("nano-influencer", 6)
    add_counts("360 video", 5)
    for rows in (
        client.get(REPORT).context["object_list"],
        client.get(health_report_url()).context["missed_queries"],
    ):
        shown = {row.query: row for row in rows}
        assert set(shown) >= {"nano-influencer", "360 video"}
        for row in shown.values():
            assert not row.found_now
            assert row.term is None or row.term.pk not in (private.pk, gone.pk)


def test_the_report_asks_again_only_the_page_shown(client, terms, editor):
    for number in range(25):
        add_counts(f"quokka{number:02d}", 100 - number)
    with mock.patch.object(
        demand, "outcome_now", wraps=demand.outcome_now
    ) as asked_again:
        first = client.get(REPORT)
        assert asked_again.call_count == 20
    assert first.context["paginator"].count == 25
    assert report_rows(first)[0] == ("quokka00", 100, "Nothing")
    assert report_rows(client.get(REPORT, {"p": 2}))[-1] == ("quokka24", 76, "Nothing")


def test_the_report_asks_again_only_once_the_glossary_changes(
    client, terms, editor, make_term
):
    add_counts("zebra crossing", 3)
    search(client, "micro")  # the API files its answers under a listings version
    with mock.patch.object(
        demand, "outcome_now", wraps=demand.outcome_now
    ) as asked_again:
        assert report_rows(client.get(REPORT)) == [("zebra crossing", 3, "Nothing")]
        assert report_rows(client.get(REPORT)) == [("zebra crossing", 3, "Nothing")]
        assert asked_again.call_count == 1
        zebra = make_term(title="Zebra crossing", slug="zebra-crossing")
        zebra.save_revision().publish()
        response = client.get(REPORT)
        assert report_rows(response) == [("zebra crossing", 3, "Finds a term now")]
        assert response.context["object_list"][0].term.pk == zebra.pk
        assert asked_again.call_count == 2


def test_the_report_downloads_as_csv(client, terms, editor):
    add_counts("zebra crossing", 5)
    add_counts("afiliate", 2, outcome=demand.TYPO, term=terms["affiliate"].pk)
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    day = TODAY().isoformat()
    assert lines == [
        "Query,Times asked,Last asked,Readers find,Term",
        f"zebra crossing,5,{day},Nothing,",
        f"afiliate,2,{day},Only a close spelling,Affiliate link",
    ]


def test_the_autocomplete_view_keeps_the_longest_of_what_was_typed(
    client, terms, editor
):
    for typed in ("zeb", "zebr", "zebra"):
        add_counts(typed, 1, kind="autocomplete")
    add_counts("quokka", 2, kind="autocomplete")
    response = client.get(REPORT, {"kind": "autocomplete"})
    assert report_rows(response) == [("quokka", 2, "Nothing"), ("zebra", 1, "Nothing")]


def test_the_report_is_for_people_who_write_pages(client, terms):
    add_counts("zebra crossing", 5)
    assert client.get(REPORT).status_code == 302  # to the login page
    client.force_login(user_in("", "reader"))
    assert client.get(REPORT).status_code in (302, 403)


def test_missed_leaves_out_what_finds_a_term_now(terms):
    add_counts("micro", 9)
    add_counts("zebra crossing", 5)
    add_counts("afiliate", 2, outcome=demand.TYPO, term=terms["micro"].pk)
    add_counts("quokka", 1)
    found = demand.missed(demand_admin.public_terms(), days=30, limit=2)
    assert [(entry.query, entry.times, entry.outcome) for entry in found] == [
        ("zebra crossing", 5, demand.NOTHING),
        ("afiliate", 2, demand.TYPO),
    ]
    assert found[1].term_id == terms["affiliate"].pk


def test_create_a_term_opens_the_new_term_form_with_the_title(client, terms, editor):
    url = demand_admin.create_term_url(terms["micro"].get_parent(), "Zebra crossing")
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Zebra crossing"
    assert form["slug"].value() == "zebra-crossing"
    # Nothing carries over to the next new term.
    plain = client.get(url.split("?")[0])
    assert not plain.context["form"]["title"].value()


# Add as other name -------------------------------------------------------------


def add_other_name(client, term, query, **extra):
    return client.post(
        ADD_OTHER_NAME, {"term": term.pk, "query": query, "next": REPORT, **extra}
    )


def messages_of(client):
    """The messages the report shows next, as the editor reads them."""
    response = client.get(REPORT)
    shown = [html.unescape(str(message)) for message in response.context["messages"]]
    return [" ".join(message.split()) for message in shown], response


def test_add_as_other_name_publishes_it_and_the_query_drops_out(client, terms, editor):
    affiliate = terms["affiliate"]
    add_counts("afiliate", 4, outcome=demand.TYPO, term=affiliate.pk)
    assert report_rows(client.get(REPORT)) == [("afiliate", 4, "Only a close spelling")]
    response = add_other_name(client, affiliate, "afiliate")
    assert response.status_code == 302 and response["Location"] == REPORT

    affiliate.refresh_from_db()
    assert "Afiliate" in [alias.name for alias in affiliate.term_aliases.all()]
    assert not affiliate.has_unpublished_changes
    messages, report = messages_of(client)
    assert any("published" in message for message in messages)
    assert report_rows(report) == [("afiliate", 4, "Finds a term now")]
    found = client.get(f"{API}/search/", {"q": "afiliate"}).json()
    assert found["items"][0]["matched_name"] == "Afiliate"


def test_add_as_other_name_refuses_a_name_another_term_uses(client, terms, editor):
    micro, affiliate = terms["micro"], terms["affiliate"]
    revisions = micro.revisions.count()
    response = add_other_name(client, micro, "affiliate links")
    assert response.status_code == 302
    messages, report = messages_of(client)
    assert len(messages) == 1
    assert messages[0].startswith(
        "“Affiliate links” was not added to “Micro-influencer”"
    )
    assert "“Affiliate link” already uses this name" in messages[0]
    # The form's own message, with its link to the term that holds the name.
    edit = reverse("wagtailadmin_pages:edit", args=[affiliate.pk])
    assert f'<a href="{edit}">Edit “Affiliate link”</a>' in report.content.decode()
    assert not GlossaryTermAlias.objects.filter(name__iexact="affiliate links").exists()
    assert micro.revisions.count() == revisions


def test_add_as_other_name_refuses_one_of_the_terms_own_names(client, terms, editor):
    micro = terms["micro"]
    add_other_name(client, micro, "micro creators")
    messages, _report = messages_of(client)
    assert "already this term's title or another of its names" in messages[0]
    assert [a.name for a in GlossaryTermAlias.objects.filter(page=micro)] == [
        "Micro creator"
    ]


def test_add_as_other_name_mentions_other_terms_it_is_close_to(client, terms, editor):
    add_other_name(client, terms["micro"], "nano influencr")
    messages, _report = messages_of(client)
    assert any(
        "close to other terms' names too: Nano-influencer" in m for m in messages
    )
    assert any("published" in message for message in messages)


def test_add_as_other_name_keeps_a_pending_draft_a_draft(client, terms, editor):
    affiliate = GlossaryTermPage.objects.get(pk=terms["affiliate"].pk)
    affiliate.short_definition = "An edit nobody has published yet."
    affiliate.save_revision()
    add_other_name(client, affiliate, "afiliate")

    live = GlossaryTermPage.objects.get(pk=affiliate.pk)
    assert "Afiliate" not in [alias.name for alias in live.term_aliases.all()]
    draft = live.get_latest_revision_as_object()
    assert "Afiliate" in [alias.name for alias in draft.term_aliases.all()]
    assert draft.short_definition == "An edit nobody has published yet."
    messages, _report = messages_of(client)
    assert any(
        "draft" in message and "not published" in message for message in messages
    )


def test_add_as_other_name_needs_the_right_to_edit_the_term(client, terms):
    client.force_login(user_in("", "stranger"))
    response = add_other_name(client, terms["affiliate"], "afiliate")
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/login/" in response["Location"]
    assert not GlossaryTermAlias.objects.filter(name="Afiliate").exists()


def test_add_as_other_name_needs_a_csrf_token(terms):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_in("Editors", "editor"))
    response = add_other_name(client, terms["affiliate"], "afiliate")
    assert response.status_code == 403
    assert not GlossaryTermAlias.objects.filter(name="Afiliate").exists()


def test_add_as_other_name_takes_only_a_post(client, terms, editor):
    assert client.get(ADD_OTHER_NAME).status_code == 405
    response = client.post(ADD_OTHER_NAME, {"term": "nope", "query": ""})
    assert response.status_code == 302
    assert not GlossaryTermAlias.objects.filter(name="").exists()


def test_an_editor_who_cannot_publish_adds_the_name_to_a_draft(client, terms):
    writers = Group.objects.create(name="Writers")
    writers.permissions.add(Permission.objects.get(codename="access_admin"))
    glossary = terms["affiliate"].get_parent()
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=writers,
            page=glossary,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    client.force_login(user_in("Writers", "writer"))
    add_other_name(client, terms["affiliate"], "afiliate")

    live = GlossaryTermPage.objects.get(pk=terms["affiliate"].pk)
    assert not live.term_aliases.filter(name="Afiliate").exists()
    assert live.has_unpublished_changes
    messages, _report = messages_of(client)
    assert any("you cannot publish it yourself" in message for message in messages)
