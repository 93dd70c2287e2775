"""How the search engine reads each kind of index.

With OpenSearch or Elasticsearch configured, typos are the engine's to find.
No engine runs in the test suite. In its place, a backend built on Wagtail's
own Elasticsearch query compiler records the request each search would send
and answers with the hits a test chooses, so these tests see exactly the
query an engine would get: a fuzzy match for close spellings, restricted to
the public terms, and no name-by-name comparison in Python.

With Wagtail's database backend on PostgreSQL, the index rows are read in a
statement or two per search, a cost pinned here.
"""

import difflib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

from glossary.models import GlossaryTermAlias, GlossaryTermPage
from search import terms as term_search
from search.portable import SearchEngineIndex, SQLiteIndex
from search.postgres import PostgresIndex

API = "/api/glossary"


class RecordingClient:
    """Takes the place of the engine's client: keeps requests, answers hits."""

    requests = []
    # Term ids the engine finds, by kind of query.
    fuzzy_hits = []
    plain_hits = []

    def __init__(self, hosts=None, **options):
        pass

    def search(self, body=None, **params):
        self.requests.append(body)
        found = self.fuzzy_hits if fuzzy_matches(body) else self.plain_hits
        hits = [{"fields": {"pk": [pk]}, "_score": 1.0} for pk in found]
        return {"hits": {"hits": hits[: params.get("size")]}}


class RecordingEngine(ElasticsearchBaseSearchBackend):
    client_class = RecordingClient


def parts(body, key):
    """Every dict under body that has this key."""
    if isinstance(body, dict):
        if key in body:
            yield body
        for value in body.values():
            yield from parts(value, key)
    elif isinstance(body, list):
        for value in body:
            yield from parts(value, key)


def fuzzy_matches(body):
    return list(parts(body, "fuzziness"))


@pytest.fixture
def engine(settings, monkeypatch):
    """The recording engine as Wagtail's search backend, with no hits yet."""
    # Terms are indexed by the database backend as they are made; the engine
    # is only asked, never written to.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"{__name__}.RecordingEngine",
            "AUTO_UPDATE": False,
        }
    }
    settings.GLOSSARY_API_CACHE = False
    monkeypatch.setattr(RecordingClient, "requests", [])
    monkeypatch.setattr(RecordingClient, "fuzzy_hits", [])
    monkeypatch.setattr(RecordingClient, "plain_hits", [])

    def compare_nothing(*args, **kwargs):
        raise AssertionError("names were compared in Python")

    monkeypatch.setattr(difflib, "SequenceMatcher", compare_nothing)
    return RecordingClient


@pytest.fixture
def terms(make_term):
    micro = make_term(
        title="Micro-influencer",
        slug="micro-influencer",
        short_definition="A creator with a small but loyal audience.",
    )
    micro.term_aliases = [GlossaryTermAlias(name="Micro creator")]
    micro.save_revision().publish()
    affiliate = make_term(
        title="Affiliate link",
        slug="affiliate-link",
        short_definition="A tracked link that pays the creator a commission.",
    )
    draft = make_term(title="Micro-influencer draft", slug="draft", live=False)
    return {"micro": micro, "affiliate": affiliate, "draft": draft}


def get(client, path):
    response = client.get(f"{API}/{path}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_backend_setting_picks_the_index_reader(settings):
    expected = PostgresIndex if connection.vendor == "postgresql" else SQLiteIndex
    assert isinstance(term_search.index_reader(), expected)
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.opensearch3"}
    }
    assert isinstance(term_search.index_reader(), SearchEngineIndex)


@pytest.mark.django_db
def test_search_asks_the_engine_for_close_spellings(client, terms, engine):
    engine.fuzzy_hits = [terms["micro"].pk]
    data = get(client, "search/?q=micro influenser")

    assert [item["title"] for item in data["items"]] == ["Micro-influencer"]
    assert data["items"][0]["matched_name"] is None
    [match] = [m for body in engine.requests for m in fuzzy_matches(body)]
    assert match["query"] == "micro influenser"
    assert match["fuzziness"] == "AUTO"


@pytest.mark.django_db
def test_the_engine_is_asked_about_public_terms_only(client, terms, engine):
    # Even if the engine answered with a draft, the reader would not see it.
    engine.fuzzy_hits = [terms["draft"].pk, terms["micro"].pk]
    data = get(client, "search/?q=micro influenser")

    assert [item["slug"] for item in data["items"]] == ["micro-influencer"]
    public = sorted(terms[name].path for name in ("micro", "affiliate"))
    assert engine.requests
    for body in engine.requests:
        [restriction] = parts(body, "path_filter")
        assert sorted(restriction["path_filter"]) == public


@pytest.mark.django_db
def test_autocomplete_offers_the_engines_close_spellings(client, terms, engine):
    engine.fuzzy_hits = [terms["affiliate"].pk]
    data = get(client, "autocomplete/?q=afiliat")

    first = data["items"][0]
    assert (first["title"], first["suggestion"], first["is_other_name"]) == (
        "Affiliate link",
        "Affiliate link",
        False,
    )
    [match] = [m for body in engine.requests for m in fuzzy_matches(body)]
    assert match["query"] == "afiliat"


@pytest.mark.django_db
def test_prefixes_still_come_before_the_engines_close_spellings(client, terms, engine):
    engine.fuzzy_hits = [terms["affiliate"].pk]
    data = get(client, "autocomplete/?q=micro")

    suggestions = [(item["title"], item["suggestion"]) for item in data["items"]]
    assert suggestions[0] == ("Micro-influencer", "Micro-influencer")
    assert suggestions[-1] == ("Affiliate link", "Affiliate link")


def test_extracted_search_text_follows_changes_to_the_same_object(make_term):
    from search.fields import ExtractedSearchField

    term = make_term(title="Reach", why_it_matters="<p>First words.</p>")
    field = ExtractedSearchField("why_it_matters")
    assert "First words." in field.get_value(term)
    term.why_it_matters = "<p>Second words.</p>"
    assert "Second words." in field.get_value(term)
    term.examples = [("example", {"title": "One", "body": "<p>Story one.</p>"})]
    examples = ExtractedSearchField("examples")
    assert "Story one." in examples.get_value(term)
    term.examples = [("example", {"title": "Two", "body": "<p>Story two.</p>"})]
    assert "Story two." in examples.get_value(term)


def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("reads the index rows directly only on PostgreSQL")


def statements(call):
    """What ``call`` returns, and how many SQL statements it ran."""
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, first, expected",
    [
        # Every word matches: the full text, title and other-name lists.
        ("affiliate link", "Affiliate link", 1),
        # Nothing matches every word: the any-word fallback and typos too.
        ("micro influenser", "Micro-influencer", 2),
        ("afiliate", "Affiliate link", 2),
    ],
)
def test_postgres_reads_a_search_in_one_statement_or_two(terms, query, first, expected):
    postgres_only()
    hits, count = statements(
        lambda: term_search.search(GlossaryTermPage.objects.live(), query)
    )
    assert GlossaryTermPage.objects.get(pk=hits[0].term_id).title == first
    assert count == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, first, expected",
    [
        # Too short for close spellings: names and the terms' fields at once.
        ("mi", "micro-influencer", 1),
        # Fewer than ten names: close spellings are read as well.
        ("micro", "micro-influencer", 2),
        ("afiliat", "affiliate-link", 2),
    ],
)
def test_postgres_reads_an_autocomplete_in_one_statement_or_two(
    terms, query, first, expected
):
    postgres_only()
    suggestions, count = statements(
        lambda: term_search.autocomplete(
            GlossaryTermPage.objects.live(), query, fields=("slug",)
        )
    )
    assert suggestions[0].term == {"slug": first}
    assert count == expected


@pytest.mark.django_db
def test_terms_joined_to_many_rows_give_each_name_once(terms):
    postgres_only()
    terms["micro"].tags.add("instagram", "brand deals")
    terms["micro"].save()
    plain = GlossaryTermPage.objects.live()
    # One row per tag: the micro-influencer comes twice.
    joined = plain.filter(tagged_items__tag__name__in=["instagram", "brand deals"])
    assert joined.filter(pk=terms["micro"].pk).count() == 2

    reader = PostgresIndex()
    found = reader.suggestion_lists(joined, "micro", 10, ("title",))
    assert found.titles == reader.suggestion_lists(plain, "micro", 10, ()).titles
    assert [match.name for match in found.other_names] == ["Micro creator"]
    assert found.terms == {terms["micro"].pk: {"title": "Micro-influencer"}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "terms_query",
    [
        GlossaryTermPage.objects.none,
        lambda: GlossaryTermPage.objects.filter(pk__in=[]),
    ],
    ids=["none", "no ids"],
)
def test_terms_that_can_match_nothing_find_nothing(terms, terms_query):
    # No site answers for the host, for one: its terms are none().
    assert term_search.search(terms_query(), "micro") == []
    assert term_search.autocomplete(terms_query(), "micro", fields=("slug",)) == []
