import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from glossary.models import GlossaryRelatedTerm, GlossaryTermAlias

from .factories import CategoryFactory, GlossaryTermPageFactory, build_site
from .receivers import committed, endpoint, receiver  # noqa: F401 (fixtures)
from .servers import chromium, editor_account, static_files  # noqa: F401 (fixtures)


@pytest.fixture
def site_tree(db):
    home, index = build_site()
    return {"home": home, "index": index}


@pytest.fixture
def glossary(site_tree):
    return site_tree["index"]


@pytest.fixture
def make_term(glossary):
    def make(**kwargs):
        kwargs.setdefault("parent", glossary)
        return GlossaryTermPageFactory(**kwargs)

    return make


@pytest.fixture
def image(db):
    return get_image_model().objects.create(
        title="Screenshot", file=get_test_image_file(size=(1600, 900))
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (local memory, or Redis in CI)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def terms(make_term):
    """Four terms in two categories, with tags, other names, links and relations."""
    audience = CategoryFactory(name="Audience", slug="audience")
    money = CategoryFactory(name="Money", slug="money")
    micro = make_term(
        title="Micro-influencer",
        slug="micro-influencer",
        short_definition="A creator with a small but loyal audience.",
        why_it_matters="<p>Brands pay micro creators for trust.</p>",
        category=audience,
    )
    micro.tags.add("instagram", "brand deals")
    micro.term_aliases = [GlossaryTermAlias(name="Micro creator")]
    micro.save_revision().publish()
    nano = make_term(
        title="Nano-influencer",
        slug="nano-influencer",
        short_definition="A creator with fewer than ten thousand followers.",
        category=audience,
    )
    nano.tags.add("instagram")
    nano.related_terms = [GlossaryRelatedTerm(term=micro)]
    nano.definition = (
        f'<p>Smaller than a <a linktype="page" id="{micro.pk}">micro</a>.</p>'
    )
    nano.save_revision().publish()
    affiliate = make_term(
        title="Affiliate link",
        slug="affiliate-link",
        short_definition="A tracked link that pays the creator a commission.",
        category=money,
    )
    number = make_term(title="360 video", slug="360-video")
    return {"micro": micro, "nano": nano, "affiliate": affiliate, "number": number}
