"""Terms a reader may not see never change what search tells them.

Wagtail's search index holds drafts and private pages as well as public ones.
Each test asks the same questions with hidden terms that use every word asked
and again once they are deleted, and expects the very same answers: the same
items, count, highlights, order and scores, from the same number of queries.
A difference would let anyone probe hidden terms one word at a time.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from modelsearch.conf import get_app_config
from wagtail.models import PageViewRestriction

from glossary.models import GlossaryTermAlias, GlossaryTermPage

API = "/api/glossary"
SECRET = "zephyrine"

REQUESTS = [
    # Only hidden terms have every word, so public terms need the any-word step.
    f"search/?q=creator {SECRET}",
    f"search/?q={SECRET}",
    "search/?q=creator",
    # A typo for a public title, spelt that way in hidden terms.
    "search/?q=afiliate",
    f"terms/?q=creator {SECRET}",
    f"terms/?q=creator {SECRET}&order=title",
    f"terms/?q=creator {SECRET}&tag=instagram",
    "terms/?q=afiliate",
    # Hidden other names starting with this would crowd out the typo match.
    "autocomplete/?q=afiliat",
    f"autocomplete/?q={SECRET[:4]}",
    "autocomplete/?q=creat",
]


def restrict(restriction_type):
    def hide(page):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=restriction_type, password="open sesame"
        )
        if restriction_type == PageViewRestriction.GROUPS:
            restriction.groups.add(Group.objects.get_or_create(name="Partners")[0])

    return hide


def unpublish(page):
    page.unpublish()


def expire(page):
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    call_command("publish_scheduled", verbosity=0)


HIDE = {
    "password": restrict(PageViewRestriction.PASSWORD),
    "login": restrict(PageViewRestriction.LOGIN),
    "groups": restrict(PageViewRestriction.GROUPS),
    "draft": lambda page: None,  # created with live=False, never published
    "unpublished": unpublish,
    "expired": expire,
}

# The limits as shipped, and limits small enough that a few hidden rows would
# fill every sample and candidate list if they were allowed in.
LIMITS = {
    "shipped": {},
    "small": {
        "search.ranking.CANDIDATES": 2,
        "search.postgres.BODY_SAMPLE": 2,
        "search.ranking.MAX_RESULTS": 2,
        # Ten names per autocomplete list: fewer than the hidden other names
        # that start with "afiliat", which sort before any public name.
        "search.ranking.AUTOCOMPLETE_OVERFETCH": 1,
    },
}


def add_public_terms(make_term):
    make_term(
        title="Affiliate link",
        slug="affiliate-link",
        short_definition="A tracked link that pays the creator a commission.",
    )
    micro = make_term(
        title="Micro-influencer",
        slug="micro-influencer",
        short_definition="A creator with a small audience; brands love creator deals.",
    )
    micro.term_aliases = [GlossaryTermAlias(name="Micro creator")]
    micro.save()
    nano = make_term(
        title="Nano-influencer",
        slug="nano-influencer",
        short_definition="Fewer than ten thousand followers.",
        why_it_matters="<p>A creator this size answers every comment.</p>",
    )
    nano.tags.add("instagram")
    micro.tags.add("instagram")


def add_hidden_terms(make_term, kind):
    """Three hidden terms that use every word REQUESTS ask for, in every field."""
    pages = []
    for n in range(3):
        page = make_term(
            title=f"Creator {SECRET} {n}",
            slug=f"{SECRET}-{n}",
            short_definition=f"What a creator calls an afiliate {SECRET} payout.",
            why_it_matters=f"<p>Afiliate creator {SECRET}.</p>",
            live=kind != "draft",
        )
        page.term_aliases = [
            GlossaryTermAlias(name=f"Afiliate {SECRET} {n}{i}") for i in range(4)
        ]
        page.save()
        page.tags.add("instagram")
        HIDE[kind](page)
        pages.append(page)
    return pages


def index_rows(term_ids):
    """Wagtail's search index rows for these terms."""
    IndexEntry = get_app_config().get_model("IndexEntry")
    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(GlossaryTermPage),
        object_id__in=[str(pk) for pk in term_ids],
    )


def answers(client):
    """{path: (JSON answer, queries it took)} for every request, from cold."""
    cache.clear()
    result = {}
    for path in REQUESTS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/{path}")
        assert response.status_code == 200, (path, response.content)
        result[path] = (response.json(), len(queries))
    return result


@pytest.mark.parametrize("limits", LIMITS.values(), ids=LIMITS.keys())
@pytest.mark.parametrize("kind", HIDE)
def test_hidden_terms_do_not_change_any_answer(
    client, make_term, settings, monkeypatch, kind, limits
):
    settings.GLOSSARY_API_CACHE = False
    for target, value in limits.items():
        monkeypatch.setattr(target, value)
    # Hidden terms first: their index rows come first, where an unordered
    # sample would meet them before any public row.
    hidden = [page.pk for page in add_hidden_terms(make_term, kind)]
    add_public_terms(make_term)
    assert client.get(f"{API}/terms/").json()["count"] == 3
    assert index_rows(hidden).count() == len(hidden)
    # Lookups Django keeps for the whole process must not count against one state.
    answers(client)

    with_hidden = answers(client)
    for pk in hidden:
        GlossaryTermPage.objects.get(pk=pk).delete()
    assert not index_rows(hidden).exists()
    without = answers(client)

    # Without them, the fallbacks are what finds public terms.
    assert without[f"search/?q=creator {SECRET}"][0]["count"] >= 2
    assert without["search/?q=afiliate"][0]["items"][0]["title"] == "Affiliate link"
    suggestion = without["autocomplete/?q=afiliat"][0]["items"][0]
    assert suggestion["title"] == "Affiliate link"
    assert with_hidden == without
