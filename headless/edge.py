"""Purging a caching proxy in front of the CMS, such as the Varnish in deploy/.

Wagtail's frontend cache purges through the task queue, so a purge waits for
the worker's next look at the queue (and behind any long task, such as an
import), and its ``HTTPBackend`` waits as long as the proxy takes to answer.
A proxy beside the app servers answers in milliseconds, so :func:`purge`
sends to it at once, all requests together, each with a timeout: a proxy that
hangs costs a change at most ``TIMEOUT`` seconds. CDNs, whose APIs are slow
and rate-limited, are still purged through the queue.

The proxy also takes ``BAN <path>``, which drops every cached answer under a
path at once: what a change to something shown site-wide needs, since the
address of every term cannot be listed.

A purge only drops what the proxy holds. An answer the CMS was building from
the old rows as the change committed reaches the proxy after the purge and
would be kept; so the same purge is queued again for ``REPURGE_AFTER``
seconds later, when such answers have arrived.
"""

import datetime
import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.utils import timezone
from django_tasks import task
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

logger = logging.getLogger(__name__)

# Seconds to wait for the proxy to answer one purge.
DEFAULT_TIMEOUT = 2.0
# Requests in flight at once to one proxy.
CONCURRENCY = 8
# Seconds after which a proxy purge is sent again.
REPURGE_AFTER = 5


def purge(urls, bans=()):
    """PURGE ``urls`` and BAN ``bans`` at proxies now; CDNs through the queue."""
    urls, bans = list(urls), list(bans)
    backends = get_backends()
    queued = [name for name, backend in backends.items() if not _is_proxy(backend)]
    if len(queued) < len(backends):
        purge_proxies.call(urls, bans)
        if purge_proxies.get_backend().supports_defer:
            later = timezone.now() + datetime.timedelta(seconds=REPURGE_AFTER)
            purge_proxies.using(run_after=later).enqueue(urls, bans)
    if queued and urls:
        purge_urls_from_cache(urls, backends=queued)


@task()
def purge_proxies(urls, bans):
    """BAN ``bans``, then PURGE ``urls``, at every proxy."""
    for backend in filter(_is_proxy, get_backends().values()):
        backend.send_all([("BAN", url) for url in bans])
        backend.send_all([("PURGE", url) for url in urls])


def _is_proxy(backend):
    return isinstance(backend, ProxyBackend)


class ProxyBackend(BaseBackend):
    """``PURGE`` one address, or ``BAN`` every address under a path, at a proxy."""

    def __init__(self, params):
        params = dict(params)
        location = urlsplit(params.pop("LOCATION"))
        if location.scheme not in ("http", "https") or not location.netloc:
            raise ValueError("the proxy's LOCATION must be an http(s) URL")
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)
        self.scheme, self.netloc = location.scheme, location.netloc

    def purge(self, url):
        self.send("PURGE", url)

    def purge_batch(self, urls):
        self.send_all([("PURGE", url) for url in urls])

    def send_all(self, requests):
        """Send (method, url) pairs together; returns when all are answered."""
        requests = [
            (method, url)
            for method, url in requests
            if self.invalidates_hostname(urlsplit(url).netloc)
        ]
        if len(requests) <= 1:
            for method, url in requests:
                self.send(method, url)
            return
        with ThreadPoolExecutor(min(CONCURRENCY, len(requests))) as pool:
            list(pool.map(lambda request: self.send(*request), requests))

    def ban(self, url):
        """Drop every cached answer on this URL's host under this URL's path."""
        self.send("BAN", url)

    def send(self, method, url):
        """Send to the proxy, for the host and path of ``url``; failures are logged."""
        parts = urlsplit(url)
        target = urlunsplit(
            (self.scheme, self.netloc, parts.path or "/", parts.query, "")
        )
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        request = Request(
            target,
            method=method,
            headers={"Host": host, "User-Agent": "glossary-cms-purge"},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 (LOCATION is http(s))
                pass
        except HTTPError as error:
            logger.error("%s %s refused by the proxy: %s", method, url, error.code)
        except (URLError, OSError) as error:
            logger.error("%s %s did not reach the proxy: %s", method, url, error)
