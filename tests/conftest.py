import pytest

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
