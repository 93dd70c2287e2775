"""Purging a caching proxy in front of the CMS, such as the Varnish in deploy/.

Wagtail's ``HTTPBackend`` sends ``PURGE <url>`` and waits as long as the proxy
takes to answer. This backend sends the same request with a timeout, so a
proxy that hangs costs a publish seconds at most rather than the publish, and
adds ``BAN <path>``, which drops every cached answer under a path at once:
what a change to something shown site-wide needs, since the address of every
term cannot be listed.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger(__name__)

# Seconds to wait for the proxy to answer one purge.
DEFAULT_TIMEOUT = 2.0


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
