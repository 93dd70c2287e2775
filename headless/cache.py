"""A Redis cache that the site outlives: when Redis is down or slow, it is skipped.

Every cache read in this project is an optimisation: the database can always
answer. So a cache call that fails (connection refused, timeout, a broken
reply) answers as a miss — ``get`` returns its default, writes do nothing —
and the site goes on serving from the database. After a failure the server is
left alone for ``RETRY_AFTER`` seconds, so an outage costs one short timeout
a second per process, not one per call.

Staleness is the other risk: a change made while Redis was unreachable could
not start a new content version there, and Redis may come back holding answers
built before that change. So a process that lost contact sends
:data:`cache_reconnected` *before* its first call after the outage goes
through, and the response cache starts a new version in its receiver. Nothing
cached before the outage is served after it by a process that saw the outage.
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django.dispatch import Signal
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from .local_copies import ABSENT, LocalCopies

logger = logging.getLogger(__name__)

# Sent (sender = the cache backend class) when Redis answers again after this
# process failed to reach it; receivers may use the cache.
cache_reconnected = Signal()

# Seconds a process leaves an unreachable Redis alone before trying again.
RETRY_AFTER = 1.0

FAILURES = (ConnectionInterrupted, RedisError, OSError)


class _Health:
    """Shared by every thread's cache object for one Redis location."""

    def __init__(self):
        self.lock = threading.Lock()
        self.lost = False
        self.retry_at = 0.0


_health = {}
_health_lock = threading.Lock()
_local = threading.local()


def _health_for(location):
    with _health_lock:
        return _health.setdefault(location, _Health())


def _miss_on_failure(name, fallback):
    """RedisCache's method ``name``, answering ``fallback()`` when Redis fails."""
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        return self._guarded(lambda: method(self, *args, **kwargs), fallback)

    return guarded


def _dropping_copies(name, fallback, written):
    """A guarded write (:func:`_miss_on_failure`) that then drops local copies
    of the keys ``written(*args)`` names."""
    guarded = _miss_on_failure(name, fallback)

    @functools.wraps(guarded)
    def write(self, *args, version=None, **kwargs):
        result = guarded(self, *args, version=version, **kwargs)
        self._wrote(written(*args), version)
        return result

    return write


_copies = {}


def _copies_for(url, prefixes, size):
    """One set of local copies per Redis location and prefixes, per process."""
    with _health_lock:
        key = (url, tuple(prefixes))
        if key not in _copies:
            _copies[key] = LocalCopies(url, prefixes, size)
        return _copies[key]


class ResilientRedisCache(RedisCache):
    """django-redis with failures answered as misses and a reconnect signal.

    With ``LOCAL_COPIES`` (a list of key prefixes) in its settings, keys
    under those prefixes are also kept in this process and dropped as soon
    as Redis announces a change to them (``headless.local_copies``), so the
    keys read on every request cost no round trip; ``LOCAL_COPIES_SIZE``
    bounds how many (1,000 by default).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._health = _health_for(str(server))
        prefixes = params.get("LOCAL_COPIES") or ()
        self._copies = None
        if prefixes:
            url = server if isinstance(server, str) else server[0]
            self._copies = _copies_for(
                url.split(",")[0],
                [self.make_key(prefix) for prefix in prefixes],
                params.get("LOCAL_COPIES_SIZE", 1000),
            )

    def _read(self, keys, version, client):
        """{key: value} of ``keys``: local copies first, then one Redis call."""
        copies = self._copies
        full = {self.make_key(key, version=version): key for key in keys}
        found, generation = copies.lookup([k for k in full if copies.tracks(k)])
        values = {full[k]: value for k, value in found.items() if value is not ABSENT}
        missing = [key for full_key, key in full.items() if full_key not in found]
        if not missing:
            return values
        fetched = None

        def fetch():
            nonlocal fetched
            fetched = RedisCache.get_many(self, missing, version=version, client=client)
            return fetched

        self._guarded(fetch, dict)
        if fetched is None:  # Redis failed: a miss, and nothing to remember
            return values
        values.update(fetched)
        copies.keep(
            {
                self.make_key(key, version=version): fetched.get(key, ABSENT)
                for key in missing
                if copies.tracks(self.make_key(key, version=version))
            },
            generation,
        )
        return values

    def _wrote(self, keys, version=None):
        if self._copies is None:
            return
        if keys is not None:
            keys = [self.make_key(key, version=version) for key in keys]
        self._copies.forget(keys)

    def _guarded(self, call, fallback):
        health = self._health
        if getattr(_local, "recovering", False):
            return call()  # a reconnect receiver's own calls
        if health.lost:
            if time.monotonic() < health.retry_at or not self._recover():
                return fallback()
        try:
            return call()
        except FAILURES as exc:
            self._failed(exc)
            return fallback()

    def _failed(self, exc):
        health = self._health
        with health.lock:
            first = not health.lost
            health.lost = True
            health.retry_at = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning("Cache unreachable, serving without it: %s", exc)

    def _recover(self):
        """Let receivers catch up on missed changes; True when Redis answers."""
        health = self._health
        if not health.lock.acquire(blocking=False):
            return False  # another thread is recovering; stay a miss till it has
        try:
            if not health.lost:
                return True
            _local.recovering = True
            try:
                self.client.get_client(write=True).ping()
                cache_reconnected.send(sender=type(self))
            except FAILURES as exc:
                health.retry_at = time.monotonic() + RETRY_AFTER
                logger.debug("Cache still unreachable: %s", exc)
                return False
            finally:
                _local.recovering = False
            health.lost = False
            logger.warning("Cache reachable again")
            return True
        finally:
            health.lock.release()

    def get(self, key, default=None, version=None, client=None):
        if self._copies is not None:
            return self._read([key], version, client).get(key, default)
        return self._guarded(
            lambda: super(ResilientRedisCache, self).get(key, default, version, client),
            lambda: default,
        )

    def get_many(self, keys, version=None, client=None):
        if self._copies is not None:
            return self._read(keys, version, client)
        return self._guarded(
            lambda: RedisCache.get_many(self, keys, version=version, client=client),
            dict,
        )

    has_key = _miss_on_failure("has_key", bool)
    touch = _miss_on_failure("touch", bool)
    # Writes drop this process's copies once Redis has the new value, so the
    # process that made a change never reads its old value back.
    set = _dropping_copies("set", bool, lambda key, *rest: [key])
    add = _dropping_copies("add", bool, lambda key, *rest: [key])
    set_many = _dropping_copies("set_many", list, lambda data, *rest: list(data))
    delete = _dropping_copies("delete", bool, lambda key, *rest: [key])
    delete_many = _dropping_copies("delete_many", int, lambda keys, *rest: list(keys))
    _clear = _miss_on_failure("clear", bool)

    def clear(self, *args, **kwargs):
        result = self._clear(*args, **kwargs)
        self._wrote(None)
        return result


def shared_cache_control(browsers=True):
    """Cache-Control of public answers: ``max-age`` for browsers, five times
    that for shared caches (a CDN or Varnish, which the CMS purges).

    With ``browsers`` false, browsers ask again every time (``max-age=0``)
    and only shared caches keep the answer: for answers without validators
    to check cheaply, which a reader must see change as soon as it does.
    """
    max_age = settings.GLOSSARY_API_MAX_AGE
    return f"public, max-age={max_age if browsers else 0}, s-maxage={max_age * 5}"


def mark_shared(request, response):
    """A successful GET or HEAD answer may be kept by shared caches (only).

    Not one made for a session: Wagtail's page queries let a signed-in editor,
    or a reader who gave a page's password, see pages others cannot, and a
    CDN that ignores ``Vary: Cookie`` would hand that answer to everyone.
    """
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.has_header("Cache-Control")
    ):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response["Cache-Control"] = "private, no-cache"
        else:
            response["Cache-Control"] = shared_cache_control(browsers=False)
    return response


def shared(view):
    """``view`` with :func:`mark_shared` applied to its answers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return mark_shared(request, view(request, *args, **kwargs))

    return wrapped
