"""The delivery API at /api/glossary/: what the frontend reads and never sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import parse_http_date
from wagtail.models import PageViewRestriction

from glossary.models import GlossaryRelatedTerm, GlossaryTermPage

from .factories import CategoryFactory
from .test_api_pages import hidden_pages

API = "/api/glossary"


def get(client, path, **headers):
    return client.get(f"{API}/{path}", **headers)


def ok(client, path):
    response = get(client, path)
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


# Listing ------------------------------------------------------------------


def test_terms_are_compact_and_alphabetical(client, terms):
    data = ok(client, "terms/")
    assert data["count"] == 4
    assert titles(data) == [
        "360 video",
        "Affiliate link",
        "Micro-influencer",
        "Nano-influencer",
    ]
    micro = data["items"][2]
    assert micro == {
        "id": terms["micro"].pk,
        "title": "Micro-influencer",
        "slug": "micro-influencer",
        "url": "https://glossary.example.com/glossary/micro-influencer/",
        "short_definition": "A creator with a small but loyal audience.",
        "letter": "M",
        "category": {"name": "Audience", "slug": "audience"},
        "tags": ["brand deals", "instagram"],
    }


@pytest.mark.parametrize("response_cache", [True, False])
def test_every_window_counts_the_terms_readers_can_see_now(
    client, terms, make_term, settings, response_cache
):
    settings.GLOSSARY_API_CACHE = response_cache
    assert ok(client, "terms/?limit=1")["count"] == 4
    assert ok(client, "terms/?limit=1&offset=1")["count"] == 4
    with CaptureQueriesContext(connection) as queries:
        # The count is shared with the first window: not counted again.
        assert ok(client, "terms/?limit=2&offset=2")["count"] == 4
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    # Published, unpublished or hidden: every window counts anew at once.
    extra = make_term(title="Engagement rate", live=False)
    extra.save_revision().publish()
    assert ok(client, "terms/?limit=1&offset=3")["count"] == 5
    PageViewRestriction.objects.create(
        page=extra, restriction_type="password", password="x"
    )
    assert ok(client, "terms/?limit=1&offset=2")["count"] == 4
    terms["micro"].unpublish()
    assert ok(client, "terms/?limit=1")["count"] == 3
    assert ok(client, "terms/?letter=m&limit=1")["count"] == 0
    assert ok(client, "terms/?letter=n&limit=1")["count"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("letter=m", ["Micro-influencer"]),
        ("letter=%23", ["360 video"]),
        ("category=audience", ["Micro-influencer", "Nano-influencer"]),
        ("tag=brand-deals", ["Micro-influencer"]),
        ("tag=instagram&letter=N", ["Nano-influencer"]),
        ("order=-title&limit=2", ["Nano-influencer", "Micro-influencer"]),
        ("limit=1&offset=1", ["Affiliate link"]),
        ("q=commission", ["Affiliate link"]),
        (
            "q=creator&order=title",
            ["Affiliate link", "Micro-influencer", "Nano-influencer"],
        ),
        ("category=nothing", []),
    ],
)
def test_terms_filters_ordering_and_paging(client, terms, query, expected):
    assert titles(ok(client, f"terms/?{query}")) == expected


def test_listing_queries_do_not_grow_with_limit(client, make_term, settings):
    settings.GLOSSARY_API_CACHE = False
    category = CategoryFactory()
    for i in range(30):
        make_term(title=f"Word {i:02}", category=category).tags.add(f"t{i}", "all")
    ok(client, "terms/?limit=2")  # the site's root is looked up once
    counts = {}
    for limit in (1, 10, 30):
        with CaptureQueriesContext(connection) as queries:
            assert len(ok(client, f"terms/?limit={limit}")["items"]) == limit
        counts[limit] = len(queries)
    assert counts[1] == counts[10] == counts[30] <= 6, counts


# One term -----------------------------------------------------------------


def test_term_has_the_same_fields_as_the_v2_detail(client, terms):
    mine = ok(client, "terms/nano-influencer/")
    stock = client.get(f"/api/v2/pages/{terms['nano'].pk}/").json()
    assert mine == stock
    assert mine["related_terms"][0]["slug"] == "micro-influencer"


@pytest.mark.parametrize("slug", ["micro-creator", "Micro-Creator"])
def test_other_name_redirects_to_the_term(client, terms, slug):
    response = get(client, f"terms/{slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"{API}/terms/micro-influencer/"
    assert response.json()["slug"] == "micro-influencer"


def test_old_slug_redirects_after_a_rename(
    client, terms, django_capture_on_commit_callbacks
):
    micro = terms["micro"]
    micro.slug = "micro-creator-marketing"
    with django_capture_on_commit_callbacks(execute=True):
        micro.save_revision().publish()
    response = get(client, "terms/micro-influencer/")
    assert response.status_code == 301
    assert response["Location"] == f"{API}/terms/micro-creator-marketing/"
    assert ok(client, "terms/micro-creator-marketing/")["id"] == micro.pk


def test_unknown_term_is_a_json_404(client, terms):
    response = get(client, "terms/no-such-term/")
    assert response.status_code == 404
    assert response.json() == {
        "message": "no published term has the slug 'no-such-term'"
    }


# Counts -------------------------------------------------------------------


def test_letters_include_every_letter_and_zeros(client, terms):
    data = ok(client, "letters/")
    counts = {item["letter"]: item["count"] for item in data["items"]}
    assert list(counts) == [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"]
    assert counts["M"] == counts["N"] == counts["A"] == counts["#"] == 1
    assert counts["Z"] == 0
    assert data["total"] == 4
    assert data["items"][12] == {
        "letter": "M",
        "count": 1,
        "url": "https://glossary.example.com/glossary/letter/m/",
    }
    assert data["items"][-1] == {
        "letter": "#",
        "count": 1,
        "url": "https://glossary.example.com/glossary/letter/0-9/",
    }


def test_categories_and_tags_with_counts(client, terms):
    CategoryFactory(name="Empty", slug="empty")
    categories = {c["slug"]: c["count"] for c in ok(client, "categories/")["items"]}
    assert categories == {"audience": 2, "money": 1, "empty": 0}
    tags = ok(client, "tags/")["items"]
    assert tags == [
        {"name": "instagram", "slug": "instagram", "count": 2},
        {"name": "brand deals", "slug": "brand-deals", "count": 1},
    ]


# Search -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("micro influenser", "Micro-influencer"),  # a typo
        ("Micro-influencer", "Micro-influencer"),
        ("micro creator", "Micro-influencer"),  # an other name
        ("commission", "Affiliate link"),  # section text
        ("affiliat", "Affiliate link"),  # a prefix
    ],
)
def test_search_is_ranked_and_typo_tolerant(client, terms, query, first):
    data = ok(client, f"search/?q={query}")
    assert data["count"] >= 1
    assert data["items"][0]["title"] == first


def test_search_highlights_matches(client, terms):
    hit = ok(client, "search/?q=commission")["items"][0]
    assert "<mark>commission</mark>" in hit["highlight"]["snippet"]
    hit = ok(client, "search/?q=micro creator")["items"][0]
    assert hit["highlight"]["title"] == "<mark>Micro</mark>-influencer"
    assert hit["matched_name"] == "Micro creator"


def test_search_escapes_what_it_highlights(client, make_term):
    make_term(
        title="<b>Bold</b> claims",
        slug="bold-claims",
        short_definition="Beware <script>x</script>.",
    )
    hit = ok(client, "search/?q=bold")["items"][0]
    assert "<b>" not in hit["highlight"]["title"]
    assert "<script>" not in hit["highlight"]["snippet"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mic", ("Micro-influencer", "Micro-influencer", False)),
        ("micro c", ("Micro-influencer", "Micro creator", True)),
        ("influ", ("Nano-influencer", "Nano-influencer", False)),  # shortest first
        ("afiliate", ("Affiliate link", "Affiliate link", False)),  # a typo
    ],
)
def test_autocomplete_prefixes_other_names_and_typos(client, terms, query, expected):
    first = ok(client, f"autocomplete/?q={query}")["items"][0]
    assert (first["title"], first["suggestion"], first["is_other_name"]) == expected


def test_autocomplete_offers_at_most_ten(client, make_term):
    for i in range(15):
        make_term(title=f"Reach {i:02}")
    assert len(ok(client, "autocomplete/?q=reach")["items"]) == 10


# Privacy ------------------------------------------------------------------


ENDPOINTS = [
    "terms/?limit=100",
    "search/?q=term",
    "search/?q=draft",
    "autocomplete/?q=draft",
    "autocomplete/?q=private",
    "autocomplete/?q=expired",
    "letters/",
    "tags/",
    "categories/",
]


def test_drafts_expired_and_private_terms_never_appear(client, make_term):
    category = CategoryFactory(slug="secret")
    public = make_term(title="Public term")
    hidden = hidden_pages(make_term)
    GlossaryTermPage.objects.filter(pk__in=[p.pk for p in hidden]).update(
        category=category
    )
    for page in hidden:
        page.tags.add("hidden-tag")
    public.related_terms = [GlossaryRelatedTerm(term=page) for page in hidden]
    public.save_revision().publish()
    for path in ENDPOINTS:
        body = get(client, path).content.decode()
        for page in hidden:
            assert page.title not in body, (path, page.title)
    assert "hidden-tag" not in get(client, "tags/").content.decode()
    assert ok(client, "letters/")["total"] == 1
    assert {c["slug"]: c["count"] for c in ok(client, "categories/")["items"]} == {
        "secret": 0
    }
    assert ok(client, "terms/public-term/")["related_terms"] == []
    for page in hidden:
        assert get(client, f"terms/{page.slug}/").status_code == 404


def test_private_section_hides_all_its_terms(client, terms, glossary):
    PageViewRestriction.objects.create(
        page=glossary, restriction_type="password", password="x"
    )
    assert ok(client, "terms/")["count"] == 0
    assert get(client, "terms/micro-influencer/").status_code == 404


# Bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("terms/?limit=0", 422, "limit"),
        ("terms/?limit=101", 422, "limit"),
        ("terms/?limit=99999999999999999999999999", 422, "limit"),
        ("terms/?limit=abc", 422, "limit"),
        ("terms/?offset=-1", 422, "offset"),
        ("terms/?offset=1e9", 422, "offset"),
        ("terms/?letter=AB", 422, "letter"),
        ("terms/?letter=%00", 422, "letter"),
        ("terms/?order=random", 422, "order"),
        ("terms/?category=a%20b", 422, "category"),
        ("terms/?q=" + "x" * 201, 422, "q"),
        ("terms/?colour=red", 400, "unknown query parameter 'colour'"),
        ("terms/?limit=1&limit=2", 400, "more than once"),
        ("terms/?x%00=1", 400, "NUL"),
        ("search/", 422, "q"),
        ("search/?q=", 422, "q"),
        ("search/?q=a%00b", 422, "q"),
        ("search/?q=micro&page=2", 400, "unknown query parameter"),
        ("autocomplete/?q=" + "x" * 101, 422, "q"),
        ("letters/?letter=A", 400, "unknown query parameter"),
        ("terms/micro%00/", 400, "slug"),
        ("terms/" + "x" * 300 + "/", 400, "slug"),
    ],
)
def test_bad_parameters_get_a_json_4xx(client, terms, path, status, message):
    response = get(client, path)
    assert response.status_code == status, response.content
    assert message in response.json()["message"]


@pytest.mark.parametrize(
    "query",
    ["日本語", "émoji 🎉", "'; DROP TABLE wagtailcore_page; --", "a" * 200, "%", "_"],
)
def test_unusual_but_valid_queries_answer_200(client, terms, query):
    for path in ("search/", "autocomplete/", "terms/"):
        response = client.get(f"{API}/{path}", {"q": query[:100]})
        assert response.status_code == 200, (path, response.content)


def test_openapi_document_and_docs(client, db):
    schema = ok(client, "openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/glossary/terms/",
        "/api/glossary/terms/{slug}/",
        "/api/glossary/letters/",
        "/api/glossary/categories/",
        "/api/glossary/tags/",
        "/api/glossary/search/",
        "/api/glossary/autocomplete/",
    }
    docs = client.get(f"{API}/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_last_modified_moves_forward_on_every_change(client, terms):
    first = get(client, "letters/")["Last-Modified"]
    terms["micro"].save_revision().publish()
    second = get(client, "letters/")["Last-Modified"]
    assert parse_http_date(second) > parse_http_date(first)


def test_a_whole_term_costs_a_fixed_few_queries(client, terms, settings):
    # One indexed lookup, then the v2 detail serializer's prefetches; pinned
    # so that sharing the v2 view never loads the term twice again.
    settings.GLOSSARY_API_CACHE = False
    get(client, "terms/nano-influencer/")  # site paths and renditions warm up
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "terms/nano-influencer/").status_code == 200
    assert len(queries) <= 13  # with the site's SEO settings
