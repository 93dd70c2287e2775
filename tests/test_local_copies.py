"""Cached answers served from this process's copies, dropped the moment Redis says.

Another client stands for another app server: it changes keys in Redis
directly, and this process must stop serving its copy without a round trip
per hit in between.
"""

import os
import pickle
import time

import pytest
import redis
from django.core.cache import caches
from django_redis.cache import RedisCache

import headless.cache
import headless.local_copies

from .redis_proxy import REDIS_HOST, REDIS_PORT, RedisProxy
from .test_cache_outage import redis_is_up

pytestmark = pytest.mark.skipif(
    not redis_is_up() and not os.environ.get("REQUIRE_SERVICES"),
    reason="Redis is not running at 127.0.0.1:6379",
)

DB = 13
VERSION = "glossary-api:version"
OTHER = "something-else"


@pytest.fixture
def make_cache(settings):
    made = []

    def make(port=REDIS_PORT):
        headless.cache._copies.clear()
        prefix = f"copies-test-{os.getpid()}-{len(made)}"
        settings.CACHES = {
            **settings.CACHES,
            "copies": {
                "BACKEND": "headless.cache.ResilientRedisCache",
                "LOCATION": f"redis://{REDIS_HOST}:{port}/{DB}",
                "KEY_PREFIX": prefix,
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
                "LOCAL_COPIES": ["glossary-api:"],
            },
        }
        cache = caches["copies"]
        made.append(cache)
        return cache

    yield make
    for cache in made:
        cache._copies.stop()
        cache.clear()
    headless.cache._copies.clear()


@pytest.fixture
def round_trips(monkeypatch):
    calls = []
    get_many = RedisCache.get_many

    def counted(self, keys, *args, **kwargs):
        calls.append(list(keys))
        return get_many(self, keys, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get_many", counted)
    return calls


def other_server_sets(cache, key, value):
    """A write from another process: a client of its own, straight to Redis."""
    raw = redis.Redis(REDIS_HOST, REDIS_PORT, db=DB)
    raw.set(cache.make_key(key), pickle.dumps(value))
    raw.close()


def listening(cache):
    cache.get(VERSION)  # starts the listener
    deadline = time.monotonic() + 5
    while not cache._copies.live:
        assert time.monotonic() < deadline, "the listener did not connect"
        time.sleep(0.01)


def eventually(check, within=0.5):
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_a_hit_costs_no_round_trip_and_other_keys_are_not_copied(
    make_cache, round_trips
):
    cache = make_cache()
    cache.set_many({VERSION: ("a", 1), OTHER: "x"}, timeout=None)
    listening(cache)
    round_trips.clear()
    assert cache.get_many([VERSION]) == {VERSION: ("a", 1)}
    assert len(round_trips) == 1
    for _ in range(5):
        assert cache.get_many([VERSION]) == {VERSION: ("a", 1)}
        assert cache.get(VERSION) == ("a", 1)
        assert cache.get(OTHER) == "x"
    # The untracked key went to Redis each time; the tracked one never again.
    assert round_trips[1:] == [[OTHER]] * 5


def test_another_servers_change_is_seen_well_within_the_copy_lifetime(make_cache):
    cache = make_cache()
    cache.set(VERSION, ("a", 1), timeout=None)
    listening(cache)
    assert cache.get(VERSION) == ("a", 1)
    assert cache.get(VERSION) == ("a", 1)  # now a copy
    other_server_sets(cache, VERSION, ("b", 2))
    # Well within MAX_AGE: dropped because Redis said so, not by age.
    eventually(lambda: cache.get(VERSION) == ("b", 2), within=0.3)


def test_the_process_that_writes_never_reads_its_old_value(make_cache):
    cache = make_cache()
    cache.set(VERSION, ("a", 1), timeout=None)
    listening(cache)
    assert cache.get(VERSION) == ("a", 1)
    for n in range(20):
        cache.set_many({VERSION: ("w", n)}, timeout=None)
        assert cache.get(VERSION) == ("w", n)
    cache.delete(VERSION)
    assert cache.get(VERSION) is None
    cache.add(VERSION, ("added", 0), timeout=None)
    assert cache.get(VERSION) == ("added", 0)


def test_a_value_read_while_a_change_arrives_is_not_kept(make_cache, round_trips):
    cache = make_cache()
    cache.set(VERSION, ("a", 1), timeout=None)
    listening(cache)
    copies = cache._copies
    full_key = cache.make_key(VERSION)
    _found, generation = copies.lookup([full_key])
    copies.forget([cache.make_key(OTHER)])  # any announcement, meanwhile
    copies.keep({full_key: ("a", 1)}, generation)
    assert copies.lookup([full_key])[0] == {}


def test_copies_are_only_served_while_redis_can_announce_changes(
    make_cache, monkeypatch
):
    monkeypatch.setattr(headless.local_copies, "PING_EVERY", 0.05)
    monkeypatch.setattr(headless.local_copies, "RETRY_AFTER", 0.05)
    monkeypatch.setattr(headless.cache, "RETRY_AFTER", 0.05)
    headless.cache._health.clear()
    proxy = RedisProxy()
    try:
        cache = make_cache(proxy.port)
        cache.set(VERSION, ("a", 1), timeout=None)
        listening(cache)
        assert cache.get(VERSION) == ("a", 1)

        proxy.mode = "stall"  # Redis stalls: announcements cannot arrive
        eventually(lambda: not cache._copies.live, within=2)
        assert cache.get(VERSION) is None  # no copy, and Redis answers nothing
        other_server_sets(cache, VERSION, ("changed meanwhile", 2))

        proxy.mode = "pass"
        eventually(lambda: cache._copies.live, within=3)
        eventually(lambda: cache.get(VERSION) == ("changed meanwhile", 2), within=3)
    finally:
        proxy.close()
        headless.cache._health.clear()


def test_copies_never_outlive_max_age(make_cache, monkeypatch):
    monkeypatch.setattr(headless.local_copies, "MAX_AGE", 0.05)
    cache = make_cache()
    cache.set(VERSION, ("a", 1), timeout=None)
    listening(cache)
    copies = cache._copies
    full_key = cache.make_key(VERSION)
    copies.keep({full_key: ("stale", 0)}, copies.generation)
    assert cache.get(VERSION) == ("stale", 0)
    time.sleep(0.06)
    assert cache.get(VERSION) == ("a", 1)
