"""Redis down, refusing or stalled: every endpoint answers from the database.

And never a stale answer: a small TCP proxy (``redis_proxy.py``) stands between
the CMS and the real Redis so a test can make it refuse or hold connections
mid-run, then let traffic through again.
"""

import os
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.db import connections
from django.test import Client
from wagtail.models import Site

import headless.cache
from glossary.models import GlossarySettings

from .factories import GlossaryTermPageFactory, build_site
from .redis_proxy import REDIS_HOST, REDIS_PORT, RedisProxy


def redis_is_up():
    try:
        return redis.Redis(REDIS_HOST, REDIS_PORT, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.skipif(
        not redis_is_up() and not os.environ.get("REQUIRE_SERVICES"),
        reason="Redis is not running at 127.0.0.1:6379",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def proxy():
    proxy = RedisProxy()
    yield proxy
    proxy.close()


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """The CMS's cache in Redis behind whatever address the test chooses."""
    monkeypatch.setattr(headless.cache, "RETRY_AFTER", 0.2)
    headless.cache._health.clear()

    def use(port, db=13):
        settings.CACHES = {
            "default": {
                "BACKEND": "headless.cache.ResilientRedisCache",
                "LOCATION": f"redis://{REDIS_HOST}:{port}/{db}",
                "KEY_PREFIX": f"outage-test-{os.getpid()}",
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1},
            }
        }
        from django.core.cache import cache

        return cache

    yield use
    headless.cache._health.clear()
    redis.Redis(REDIS_HOST, REDIS_PORT, db=13).flushdb()


@pytest.fixture
def term():
    _home, index = build_site()
    # Made now, not by the first of the concurrent reads: SQLite's shared
    # in-memory test database refuses a write while other threads read.
    GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    return GlossaryTermPageFactory(
        parent=index,
        title="Engagement rate",
        slug="engagement-rate",
        short_definition="How much of an audience reacts to a post.",
    )


def public_urls(term):
    """Every kind of public read; those first in the list show the definition."""
    return [
        "/api/glossary/terms/",
        "/api/glossary/terms/engagement-rate/",
        "/api/glossary/search/?q=engagement",
        "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=short_definition",
        f"/api/v2/pages/{term.pk}/",
        "/api/glossary/letters/",
        "/api/glossary/autocomplete/?q=eng",
        "/sitemap.xml",
    ]


SHOWING_THE_DEFINITION = 5


def read_all(urls, rounds=3, workers=6):
    """(status, body) for every URL, fetched concurrently `rounds` times."""

    def fetch(url):
        try:
            response = Client().get(url)
            return url, response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fetch, urls * rounds))


def rename(term, definition):
    term.short_definition = definition
    term.save_revision().publish()


def assert_all_show(results, definition):
    failures = [(url, status) for url, status, _body in results if status != 200]
    assert failures == []
    urls = [url for url, _status, _body in results]
    showing = set(urls[:SHOWING_THE_DEFINITION])
    for url, _status, body in results:
        if url in showing:
            assert definition in body, url


def test_redis_at_a_closed_port_serves_everything_from_the_database(redis_cache, term):
    with socket.create_server(("127.0.0.1", 0)) as spare:
        closed_port = spare.getsockname()[1]
    redis_cache(closed_port)
    assert_all_show(read_all(public_urls(term)), "How much of an audience")
    rename(term, "Reactions per follower, as a share.")
    assert_all_show(read_all(public_urls(term)), "Reactions per follower")


@pytest.mark.parametrize("outage", ["refuse", "stall"])
def test_after_an_outage_no_answer_from_before_it_is_served(
    redis_cache, proxy, term, outage
):
    cache = redis_cache(proxy.port)
    urls = public_urls(term)
    assert_all_show(read_all(urls), "How much of an audience")
    assert cache.get("glossary-api:version") is not None  # really cached

    proxy.mode = outage
    assert_all_show(read_all(urls), "How much of an audience")
    # The change cannot reach Redis: it is published all the same.
    rename(term, "Reactions per follower, as a share.")
    during = read_all(urls)
    assert proxy.mode == outage  # the outage lasted the whole time
    assert_all_show(during, "Reactions per follower")

    proxy.mode = "pass"
    headless.cache._health[next(iter(headless.cache._health))].retry_at = 0
    # Redis still holds the answers cached before the outage; none comes back.
    assert_all_show(read_all(urls), "Reactions per follower")
    assert cache.get("glossary-api:version") is not None  # caching again
