"""Searching terms in the admin: the public search's engine over every term.

The Terms listing's search box finds a phrase from an example or an extra
section and tolerates typos, drafts included; the admin's page search offers
the same search as "Glossary terms". Runs on SQLite and on PostgreSQL (with
``DATABASE_URL``), whose search engines differ.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.search import admin_search_areas
from wagtail.models import GroupPagePermission, Page

from glossary.models import GlossaryCategory

from .factories import HomePageFactory, user_in

TERMS = reverse("glossary_terms:index")


@pytest.fixture
def editor(client, glossary):
    user = user_in("Editors", "editor")
    client.force_login(user)
    return user


def example(text):
    return ("example", {"title": "", "body": f"<p>{text}</p>"})


@pytest.fixture
def glossary_terms(make_term):
    audience = GlossaryCategory.objects.create(name="Audience", slug="audience")
    micro = make_term(
        title="Micro-influencer",
        category=audience,
        examples=[
            example(
                "A running coach posts three honest training runs in a new shoe "
                "and shares a discount code."
            )
        ],
        body=[
            (
                "faq",
                {
                    "question": "Do micro creators charge less?",
                    "answer": "<p>Rates follow engaged followers, not totals.</p>",
                },
            )
        ],
    )
    micro.save_revision().publish()
    nano = make_term(title="Nano-influencer", category=audience)
    nano.save_revision().publish()
    reach = make_term(
        title="Reach",
        examples=[example("A baker's reel is seen by people who never followed.")],
    )
    reach.save_revision().publish()
    # Never published: a draft, found by the text it was saved with.
    kit = make_term(
        title="Media kit",
        live=False,
        examples=[example("A sleek press pack with audience demographics.")],
    )
    kit.save_revision()
    return {"micro": micro, "nano": nano, "reach": reach, "kit": kit}


def found(client, **params):
    response = client.get(TERMS, params)
    assert response.status_code == 200
    return [page.get_admin_display_title() for page in response.context["pages"]]


def test_a_phrase_from_an_example_finds_its_term(client, editor, glossary_terms):
    assert found(client, q="honest training runs")[0] == "Micro-influencer"
    assert "Micro-influencer" not in found(client, q="sleek press pack")


def test_text_in_the_extra_sections_finds_its_term(client, editor, glossary_terms):
    assert found(client, q="engaged followers")[0] == "Micro-influencer"


def test_a_typo_finds_the_term(client, editor, glossary_terms):
    results = found(client, q="micro influenser")
    assert results[0] == "Micro-influencer"
    assert found(client, q="Nano-influenser")[0] == "Nano-influencer"


def test_drafts_are_searched_too(client, editor, glossary_terms):
    assert found(client, q="sleek press pack") == ["Media kit"]


def test_a_title_changed_in_a_draft_is_found_by_its_new_title(
    client, editor, glossary_terms
):
    reach = glossary_terms["reach"]
    reach.refresh_from_db()
    reach.title = "Organic reach"
    reach.save_revision()
    assert found(client, q="organic") == ["Organic reach"]


def test_part_of_a_word_in_a_title_is_enough(client, editor, glossary_terms):
    assert set(found(client, q="influ")) == {"Micro-influencer", "Nano-influencer"}


def test_the_best_match_comes_first_unless_the_editor_sorts(
    client, editor, glossary_terms
):
    # "Nano-influencer" is the title; the micro term only mentions "nano"
    # nowhere, so the title match leads.
    assert found(client, q="nano influencer")[0] == "Nano-influencer"
    by_title = found(client, q="influencer", ordering="title")
    assert by_title == sorted(by_title)
    assert set(by_title) == {"Micro-influencer", "Nano-influencer"}


def test_search_stays_inside_the_filters(client, editor, glossary_terms):
    audience = GlossaryCategory.objects.get(slug="audience")
    assert found(client, q="reel", category=audience.pk) == []
    assert found(client, q="reel") == ["Reach"]


def test_nothing_found_and_odd_input_answer_calmly(client, editor, glossary_terms):
    assert found(client, q="zzzqqq xylophone") == []
    response = client.get(TERMS, {"q": "!!! ??? ***"})
    assert response.status_code == 200
    assert client.get(TERMS, {"q": "influencer " * 2000}).status_code == 200


def test_the_listing_stays_complete_without_a_query(client, editor, glossary_terms):
    assert set(found(client)) == {
        "Micro-influencer",
        "Nano-influencer",
        "Reach",
        "Media kit",
    }


def first_search_area(user):
    """Where the sidebar's search box sends this user: the first search area."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin_search_areas.search_items_for_request(request)[0]


def test_the_sidebar_search_goes_to_the_glossary_search(client, editor, glossary_terms):
    area = first_search_area(editor)
    assert (area.label, area.url) == ("Glossary terms", TERMS)
    # Pages, images and documents are one click away while searching.
    response = client.get(TERMS, {"q": "discount code"})
    other = BeautifulSoup(response.content, "html.parser").find(
        "a", href=f"{reverse('wagtailadmin_pages:search')}?q=discount%20code"
    )
    assert other is not None and other.get_text(strip=True) == "Pages"


def test_the_page_search_offers_the_glossary_search(client, editor, glossary_terms):
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "micro"})
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").find(
        "a", href=f"{TERMS}?q=micro"
    )
    assert link.get_text(strip=True) == "Glossary terms"


def test_only_people_who_write_terms_are_offered_it(client, glossary):
    # Rights on a page outside every glossary: Wagtail's page search, but
    # no glossary search and no Glossary panel.
    elsewhere = HomePageFactory(parent=Page.get_first_root_node(), slug="elsewhere")
    writers = Group.objects.create(name="Other writers")
    writers.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    GroupPagePermission.objects.create(
        group=writers,
        page=elsewhere,
        permission=Permission.objects.get(codename="change_page"),
    )
    user = get_user_model().objects.create_user("writer", "w@x.test", "pw")
    user.groups.add(writers)
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "micro"})
    assert response.status_code == 200
    assert f"{TERMS}?q=" not in response.content.decode()
    assert b"glossary-summary" not in client.get("/admin/").content
    assert first_search_area(user).name == "pages"
