"""Schemathesis drives the delivery API from its own OpenAPI document.

Bounded examples per operation, valid and invalid: no 5xx, invalid input
rejected with a 4xx, and every response matches the document (status codes,
content types, bodies).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from glossary.models import GlossaryRelatedTerm, GlossaryTermAlias

from .factories import CategoryFactory, GlossaryTermPageFactory, build_site

schema = schemathesis.openapi.from_wsgi(
    "/api/glossary/openapi.json", get_wsgi_application()
)
# Valid and invalid input alike, NUL bytes included: invalid must get a 4xx.
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], allow_x00=True
)


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: requests must not close the test's connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def glossary_terms(db, keep_test_connection):
    _home, glossary = build_site()
    category = CategoryFactory(slug="audience")
    first = None
    for title in ("Micro-influencer", "Nano-influencer", "Affiliate link", "360 video"):
        term = GlossaryTermPageFactory(parent=glossary, title=title, category=category)
        term.tags.add("instagram")
        term.term_aliases = [GlossaryTermAlias(name=f"{title} alias")]
        if first is not None:
            term.related_terms = [GlossaryRelatedTerm(term=first)]
        term.save_revision().publish()
        first = first or term


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_document(case, glossary_terms):
    case.call_and_validate()
