"""Content stored without the editor: ids that cannot exist, links to hidden pages."""

import pytest
from wagtail.models import PageViewRestriction


@pytest.mark.parametrize(
    "bad_id", ["abc", "99999999999999999999", "-1", "0", "", "1e5", "1.5"]
)
def test_links_and_embeds_to_impossible_ids_resolve_to_nothing(
    client, make_term, bad_id
):
    term = make_term(
        title="Reach",
        slug="reach",
        definition=(
            f'<p><a linktype="page" id="{bad_id}">page</a> '
            f'<a linktype="document" id="{bad_id}">file</a></p>'
            f'<embed embedtype="image" id="{bad_id}" format="left" alt="a"/>'
        ),
    )
    for url in (
        f"/api/v2/pages/{term.pk}/",
        "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=definition",
        "/api/glossary/terms/reach/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "page" in response.content.decode()


@pytest.fixture
def hidden_targets(make_term):
    draft = make_term(title="Secret launch", slug="secret-launch-draft")
    draft.unpublish()
    private = make_term(title="Partner deal", slug="secret-partner-private")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    return draft, private


def test_links_to_hidden_pages_lose_their_address(client, make_term, hidden_targets):
    draft, private = hidden_targets
    links = "".join(
        f'<a linktype="page" id="{page.pk}">{page.title}</a> '
        for page in hidden_targets
    )
    term = make_term(
        title="Reach",
        slug="reach",
        definition=f"<p>{links}</p>",
        # Raw stream data, as an import or a script would store it.
        examples=[
            {
                "type": "example",
                "value": {
                    "title": "Launch",
                    "body": f"<p>{links}</p>",
                    "link": {"label": "Read", "page": draft.pk, "url": ""},
                },
            }
        ],
        body=[
            {
                "type": "faq",
                "value": {"question": "Where?", "answer": f"<p>{links}</p>"},
            }
        ],
    )
    for url in (f"/api/v2/pages/{term.pk}/", "/api/glossary/terms/reach/"):
        body = client.get(url).content.decode()
        assert "secret" not in body, url
        assert "Secret launch" in body and "Partner deal" in body  # the words stay
    example = client.get("/api/glossary/terms/reach/").json()["examples"][0]
    assert example["value"]["link"] is None


@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999", "0"])
def test_choosers_holding_impossible_ids_answer(client, make_term, image, bad_id):
    term = make_term(
        title="Reach",
        slug="reach",
        examples=[
            {"type": "example", "value": {"title": "A", "body": "", "image": bad_id}},
            {"type": "example", "value": {"title": "B", "image": image.pk}},
        ],
        body=[{"type": "cta", "value": bad_id}],
    )
    for url in (
        f"/api/v2/pages/{term.pk}/",
        "/api/glossary/terms/reach/",
        "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*",
    ):
        assert client.get(url).status_code == 200, url
    examples = client.get("/api/glossary/terms/reach/").json()["examples"]
    assert examples[0]["value"]["image"] is None
    assert examples[1]["value"]["image"]["id"] == image.pk


@pytest.mark.parametrize(
    "rich_text_format", ["html", "db_html", "markdown", "db_markdown"]
)
def test_impossible_link_ids_in_every_rich_text_format(
    client, make_term, rich_text_format
):
    term = make_term(
        title="Reach",
        slug="reach",
        definition=(
            '<p><a linktype="page" id="abc">page</a> '
            '<a linktype="document" id="99999999999999999999">file</a></p>'
        ),
    )
    response = client.get(
        f"/api/v2/pages/{term.pk}/", {"rich_text_format": rich_text_format}
    )
    assert response.status_code == 200
    definition = response.json()["definition"]
    assert "page" in definition and "file" in definition
    assert "abc" not in definition
