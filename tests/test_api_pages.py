"""What the frontend reads from /api/v2/: shapes, URLs, query cost and privacy."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

from glossary.delivery.documents import refresh_documents
from glossary.models import GlossaryRelatedTerm, GlossaryTermAlias, TermDocument

from .factories import (
    CallToActionFactory,
    CategoryFactory,
    GlossaryIndexPageFactory,
    set_default_cta,
)

LISTING = "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*"


def detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_term_detail_exposes_every_section_resolved(client, make_term, image):
    cta = CallToActionFactory(heading="Grow now")
    set_default_cta(CallToActionFactory(heading="Default"))
    category = CategoryFactory(name="Metrics", slug="metrics")
    other = make_term(title="Reach")
    term = make_term(
        title="Engagement rate",
        short_definition="How much people interact.",
        definition=f'<p>See <a linktype="page" id="{other.pk}">reach</a>.</p>',
        category=category,
        cta=cta,
        examples=[
            (
                "example",
                {
                    "title": "One post",
                    "body": "<p>5%</p>",
                    "image": image,
                    "link": {"label": "More", "page": other, "url": ""},
                },
            ),
        ],
        body=[("faq", {"question": "Good rate?", "answer": "<p>3%</p>"})],
    )
    term.tags.add("Analytics", "instagram")
    term.term_aliases = [GlossaryTermAlias(name="ER")]
    term.related_terms = [GlossaryRelatedTerm(term=other)]
    term.save()

    data = detail(client, term)

    assert (
        data["meta"]["html_url"]
        == "https://glossary.example.com/glossary/engagement-rate/"
    )
    assert data["headings"] == {
        "definition": "What is an Engagement rate?",
        "why_it_matters": "Why is an Engagement rate important for creators?",
        "examples": "What is an example of an Engagement rate?",
    }
    assert data["letter"] == "E"
    assert 'href="https://glossary.example.com/glossary/reach/"' in data["definition"]
    assert "linktype" not in data["definition"]
    assert data["aliases"] == ["ER"]
    assert data["tags"] == ["Analytics", "instagram"]
    assert data["category"] == {
        "id": category.pk,
        "name": "Metrics",
        "slug": "metrics",
        "description": "",
    }
    assert data["related_terms"] == [
        {
            "id": other.pk,
            "title": "Reach",
            "slug": "reach",
            "url": "https://glossary.example.com/glossary/reach/",
            "short_definition": other.short_definition,
        }
    ]
    assert data["cta"]["heading"] == "Grow now"
    example = data["examples"][0]["value"]
    assert example["link"] == {
        "label": "More",
        "url": "https://glossary.example.com/glossary/reach/",
    }
    thumb = example["image"]["renditions"]["thumbnail"]
    assert thumb["url"].startswith("http://cms.test/media/images/")
    assert (thumb["width"], thumb["height"]) == (480, 270)
    assert data["body"][0]["value"] == {"question": "Good rate?", "answer": "<p>3%</p>"}


def test_document_links_point_at_the_cms_host(client, make_term):
    document = get_document_model().objects.create(
        title="Rate card", file=ContentFile(b"rates", name="rates.pdf")
    )
    term = make_term(
        definition=f'<p><a linktype="document" id="{document.pk}">PDF</a></p>'
    )
    html = detail(client, term)["definition"]
    assert f'href="http://cms.test/documents/{document.pk}/rates' in html


def test_term_without_cta_gets_the_site_default(client, make_term):
    set_default_cta(CallToActionFactory(heading="Download the app"))
    assert detail(client, make_term())["cta"]["heading"] == "Download the app"


def test_editor_heading_override_wins(client, make_term):
    term = make_term(title="UGC", definition_heading="What does UGC mean?")
    assert detail(client, term)["headings"]["definition"] == "What does UGC mean?"
    assert (
        detail(client, term)["headings"]["examples"] == "What is an example of a UGC?"
    )


def _populate(make_term, image, count):
    category = CategoryFactory()
    terms = [make_term(title=f"Word {i}", category=category) for i in range(count)]
    for i, term in enumerate(terms):
        target = terms[(i + 1) % count]
        term.tags.add("alpha", f"tag {i}")
        term.term_aliases = [GlossaryTermAlias(name=f"Alias {i}")]
        term.related_terms = [GlossaryRelatedTerm(term=target)]
        term.definition = f'<p><a linktype="page" id="{target.pk}">next</a></p>'
        term.examples = [
            ("example", {"title": "x", "body": "<p>y</p>", "image": image})
        ]
        term.social_image = image
        term.save()
    return terms


@pytest.mark.parametrize("stored", [False, True], ids=["built", "stored"])
def test_listing_query_count_does_not_grow_with_limit(client, make_term, image, stored):
    set_default_cta(CallToActionFactory())
    _populate(make_term, image, 25)
    if stored:
        refresh_documents.func()
    counts = {}
    for limit in (2, 10, 25):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{LISTING}&limit={limit}")
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit
        counts[limit] = len(ctx.captured_queries)
    # The first request also creates image renditions; steady state is what we pin.
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"{LISTING}&limit=25")
    # Built: 17 at most, the site's SEO settings one of them, read once per
    # request, and two spent finding that the terms have no stored answer.
    # Stored: the ids and their stored answers; the site, the pages the
    # public may see and the count are remembered from the first request.
    assert len(ctx.captured_queries) == counts[10] <= (2 if stored else 17)
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"{LISTING}&limit=2")
    assert len(ctx.captured_queries) == counts[10]


def hidden_pages(make_term):
    """A draft, an expired and a password-protected term."""
    draft = make_term(title="Draft term", live=False)
    expired = make_term(title="Expired term")
    expired.expire_at = timezone.now() - datetime.timedelta(days=1)
    expired.save()
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
    private = make_term(title="Private term")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    return [draft, expired, private]


def test_unpublished_expired_and_private_pages_never_appear(
    client, make_term, site_tree
):
    public = make_term(title="Public term")
    hidden = hidden_pages(make_term)
    public.related_terms = [GlossaryRelatedTerm(term=t) for t in hidden]
    public.save()

    listing = client.get(f"{LISTING}&limit=100").json()
    titles = {item["title"] for item in listing["items"]}
    assert titles == {"Public term"}
    everything = client.get("/api/v2/pages/?limit=100").json()
    assert not {p.title for p in hidden} & {i["title"] for i in everything["items"]}
    assert detail(client, public)["related_terms"] == []
    for page in hidden:
        response = client.get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == 404
        assert response.json() == {"message": "No Page matches the given query."}
        found = client.get(f"/api/v2/pages/find/?html_path=/glossary/{page.slug}/")
        assert found.status_code == 404
        searched = client.get(f"/api/v2/pages/?search={page.title.split()[0]}").json()
        assert page.title not in {i["title"] for i in searched["items"]}


def test_endpoints_are_routed(client, site_tree):
    for endpoint in ("pages", "images", "documents", "redirects"):
        response = client.get(f"/api/v2/{endpoint}/")
        assert response.status_code == 200, endpoint
        assert "items" in response.json()


def test_answers_are_compact_json(client, make_term):
    term = make_term(title="Micro-influencer")
    for path in ("/api/v2/pages/", "/api/v2/images/", f"/api/v2/pages/{term.pk}/"):
        body = client.get(path).content
        assert body.startswith(b'{"'), path
        assert b"\n" not in body, path


@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=-1",
        "limit=100000",
        "limit=99999999999999999999999",
        "offset=abc",
        "offset=-5",
        "type=nope",
        "type=glossary.Nope",
        "type=glossary.GlossaryTermPage&fields=nope",
        "type=glossary.GlossaryTermPage&fields=title(x)",
        "type=glossary.GlossaryTermPage&fields=(((",
        "type=glossary.GlossaryTermPage&order=nope",
        "type=glossary.GlossaryTermPage&category=abc",
        "type=glossary.GlossaryTermPage&last_reviewed_at=yesterday",
        "child_of=abc",
        "child_of=999999",
        "descendant_of=abc",
        "ancestor_of=abc",
        "site=nope.example:abc",
        "rich_text_format=pdf",
        "unknown=1",
        "search=x&search_operator=xor",
        "search=%00",
        "search=" + "x" * 5000,
        "type=glossary.GlossaryTermPage&letter=%00",
        "translation_of=1",
        "locale=zz",
    ],
)
def test_bad_query_parameters_get_a_json_4xx(client, make_term, query):
    make_term()
    response = client.get(f"/api/v2/pages/?{query}")
    assert 400 <= response.status_code < 500, (query, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.parametrize(
    "search", ['"', "'\"\\", "micro*", "(a OR b", "NEAR(", "é ü", "-x"]
)
def test_search_syntax_characters_are_treated_as_text(client, make_term, search):
    make_term(title="Micro-influencer")
    response = client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 200, response.content
    assert "items" in response.json()


def test_unknown_page_id_is_a_json_404(client, site_tree):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json()["message"]


def total(client, query=""):
    response = client.get(f"{LISTING}{query}")
    assert response.status_code == 200, response.content
    data = response.json()
    return data["meta"]["total_count"], [item["title"] for item in data["items"]]


@pytest.mark.parametrize("stored", [False, True], ids=["built", "stored"])
def test_listing_windows_share_a_count_that_follows_every_change(
    client, make_term, stored
):
    for title in ("Affiliate link", "Micro-influencer", "Nano-influencer"):
        make_term(title=title).save_revision().publish()
    if not stored:
        refresh_documents.func()  # then thrown away: every answer is built
        TermDocument.objects.all().delete()
    assert total(client, "&limit=1")[0] == 3
    with CaptureQueriesContext(connection) as queries:
        assert total(client, "&limit=1&offset=1")[0] == 3
    if stored:
        # Another window of the same listing: counted once for both.
        assert not [q for q in queries if "COUNT(" in q["sql"].upper()]

    extra = make_term(title="Engagement rate", live=False)
    extra.save_revision().publish()
    assert total(client, "&limit=1&offset=2")[0] == 4
    PageViewRestriction.objects.create(
        page=extra, restriction_type="password", password="x"
    )
    count, titles = total(client, "&limit=10")
    assert (count, "Engagement rate" in titles) == (3, False)
    assert client.get(f"/api/v2/pages/{extra.pk}/").status_code == 404
    micro = extra.get_siblings().get(title="Micro-influencer").specific
    micro.unpublish()
    assert total(client, "&limit=10") == (2, ["Affiliate link", "Nano-influencer"])
    # Filters are counted apart from each other.
    assert total(client, "&title=Nano-influencer")[0] == 1


def test_a_reader_signed_in_is_not_answered_from_what_the_public_shares(
    client, make_term
):
    editor = get_user_model().objects.create_user("reader", password="x" * 12)
    make_term(title="Affiliate link").save_revision().publish()
    members = make_term(title="Members only")
    members.save_revision().publish()
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    assert total(client) == (1, ["Affiliate link"])
    client.force_login(editor)
    assert total(client) == (2, ["Affiliate link", "Members only"])
    client.logout()
    assert total(client) == (1, ["Affiliate link"])


def test_a_site_moved_to_another_root_is_followed_at_once(client, make_term, site_tree):
    make_term(title="Affiliate link").save_revision().publish()
    assert total(client) == (1, ["Affiliate link"])
    other = GlossaryIndexPageFactory(parent=site_tree["home"], slug="other")
    make_term(title="Reach", parent=other).save_revision().publish()
    assert total(client)[0] == 2
    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()
    assert total(client) == (1, ["Reach"])
