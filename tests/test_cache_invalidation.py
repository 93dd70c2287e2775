"""Changes that reach readers without a publish still start a new content version."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in

from glossary.delivery.cache import VERSION_KEY
from glossary.models import GlossaryTermPage

API = "/api/glossary"


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user(
        "maya", first_name="Maya", last_name="Lopez", password="pw"
    )


@pytest.fixture
def term(make_term, reviewer):
    return make_term(title="Brand deal", slug="brand-deal", reviewed_by=reviewer)


def reviewer_shown(client):
    return client.get(f"{API}/terms/brand-deal/").json()["reviewed_by"]


def test_copying_a_term_as_an_alias_shows_up_in_listings(client, term, glossary):
    assert client.get(f"{API}/terms/").json()["count"] == 1
    term.create_alias(parent=glossary, update_slug="brand-deal-copy")
    listing = client.get(f"{API}/terms/").json()
    assert listing["count"] == 2
    assert {item["slug"] for item in listing["items"]} == {
        "brand-deal",
        "brand-deal-copy",
    }
    assert client.get(f"{API}/letters/").json()["total"] == 2


def test_renaming_a_reviewer_refreshes_their_terms(client, term, reviewer):
    assert reviewer_shown(client) == "Maya Lopez"
    reviewer.last_name = "López-Ruiz"
    reviewer.save()
    assert reviewer_shown(client) == "Maya López-Ruiz"
    v2 = client.get(f"/api/v2/pages/{term.pk}/").json()
    assert v2["reviewed_by"] == "Maya López-Ruiz"


def test_deleting_a_reviewer_removes_the_name(client, term, reviewer):
    assert reviewer_shown(client) == "Maya Lopez"
    reviewer.delete()
    assert GlossaryTermPage.objects.get(pk=term.pk).reviewed_by is None
    assert reviewer_shown(client) is None


def test_signing_in_or_other_users_change_nothing_cached(
    client, term, reviewer, rf, django_assert_num_queries
):
    reviewer_shown(client)
    version = client.get(f"{API}/letters/")["ETag"]
    from django.core.cache import cache

    before = cache.get(VERSION_KEY)
    user_logged_in.send(sender=type(reviewer), request=rf.get("/"), user=reviewer)
    get_user_model().objects.create_user("someone-else", first_name="Sam")
    assert cache.get(VERSION_KEY) == before
    assert client.get(f"{API}/letters/")["ETag"] == version
