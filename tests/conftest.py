import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from .factories import GlossaryTermPageFactory, build_site


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
