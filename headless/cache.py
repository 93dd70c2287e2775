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


class ResilientRedisCache(RedisCache):
    """django-redis with failures answered as misses and a reconnect signal."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._health = _health_for(str(server))

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
        return self._guarded(
            lambda: super(ResilientRedisCache, self).get(key, default, version, client),
            lambda: default,
        )

    get_many = _miss_on_failure("get_many", dict)
    has_key = _miss_on_failure("has_key", bool)
    set = _miss_on_failure("set", bool)
    add = _miss_on_failure("add", bool)
    set_many = _miss_on_failure("set_many", list)
    touch = _miss_on_failure("touch", bool)
    delete = _miss_on_failure("delete", bool)
    delete_many = _miss_on_failure("delete_many", int)
    clear = _miss_on_failure("clear", bool)


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
