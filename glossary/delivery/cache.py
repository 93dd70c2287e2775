"""HTTP and server-side caching for the delivery API that never serves stale content.

Every response is filed under a *content version*: a random token plus the
time of the last change to anything public. Every change that can alter a
public answer starts a new version — ``invalidation.connect`` is the one list
of what counts — so every cached listing, letter count, search and term is
replaced at once.

The version lives in Django's cache (Redis when ``REDIS_URL`` is set), so
conditional requests are answered with a 304 from the cache alone, without a
database query.
"""

import copy
import hashlib
import json
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, urlencode

VERSION_KEY = "glossary-api:version"
RESPONSE_PREFIX = "glossary-api:response"


def content_version():
    """(token, changed_at) for the current state of public content."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (first request, cache flushed or evicted): start a new version,
        # which can only cause misses, never stale hits.
        version = (uuid.uuid4().hex, math.ceil(time.time()))
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def content_changed():
    """Start a new content version: everything cached before is out of date."""
    previous = cache.get(VERSION_KEY)
    changed_at = math.ceil(time.time())
    if previous is not None:
        # Strictly later, so If-Modified-Since never mistakes a change made in
        # the same second for no change.
        changed_at = max(changed_at, previous[1] + 1)
    cache.set(VERSION_KEY, (uuid.uuid4().hex, changed_at), timeout=None)


def _request_key(request):
    """Host, path and the query parameters in a stable order."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return f"{request.get_host()}|{request.path}|{query}"


def _json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def cache_control():
    max_age = settings.GLOSSARY_API_MAX_AGE
    return f"public, max-age={max_age}, s-maxage={max_age * 5}"


# Statuses worth keeping: answers that hold until the content changes. Errors
# (404s for made-up slugs above all) and redirects (every spelling of an other
# name answers one) are cheap to rebuild and would let anyone fill the cache
# with junk.
STORED_STATUSES = (200,)


def _without_future_date(request, last_modified):
    """The request, minus an If-Modified-Since later than now (RFC 9110 13.1.3).

    A date in the future is invalid and must be ignored; honouring it would
    answer 304 for anything changed before that date. "Now" is at least our
    own Last-Modified, which runs up to a second or two ahead so that changes
    within one second still get distinct dates (:func:`content_changed`).
    """
    since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if since is None:
        return request
    date = parse_http_date_safe(since)
    if date is not None and date <= max(time.time(), last_modified):
        return request
    meta = {**request.META}
    del meta["HTTP_IF_MODIFIED_SINCE"]
    clean = copy.copy(request)
    clean.META = meta
    return clean


class CachedAnswer:
    """What the cache knows about one request, read in a single round trip."""

    def __init__(self, request):
        request_key = _request_key(request)
        digest = hashlib.sha256(request_key.encode()).hexdigest()
        self.key = f"{RESPONSE_PREFIX}:{digest}"
        keys = [VERSION_KEY, self.key] if settings.GLOSSARY_API_CACHE else [VERSION_KEY]
        found = cache.get_many(keys)
        self.version = found.get(VERSION_KEY) or content_version()
        token, self.changed_at = self.version
        digest = hashlib.sha256(f"{token}|{request_key}".encode()).hexdigest()
        self.etag = f'"{digest[:32]}"'
        stored = found.get(self.key)
        # Entries are tagged with the version they were built under; any other
        # version's entry is out of date and ignored.
        self.stored = stored[1:] if stored and stored[0] == token else None

    def validators(self):
        return {
            "ETag": self.etag,
            "Last-Modified": http_date(self.changed_at),
            "Cache-Control": cache_control(),
        }

    def respond(self, request, status, body, headers):
        """The answer, or a 304 when the client's copy of a success is current.

        Conditions are weighed only once the status is known: ``If-None-Match:
        *`` means "if there is a representation", so a 404 never becomes a 304.
        """
        validators = self.validators()
        if 200 <= status < 300:
            response = get_conditional_response(
                _without_future_date(request, self.changed_at),
                etag=self.etag,
                last_modified=self.changed_at,
            )
            if response is not None:
                for name, value in validators.items():
                    response[name] = value
                return response
        else:
            # Only successful answers carry validators, so only they come back
            # as conditional requests.
            validators = {"Cache-Control": validators["Cache-Control"]}
        response = HttpResponse(body, status=status, content_type="application/json")
        response["Content-Length"] = str(len(body))
        for name, value in {**headers, **validators}.items():
            response[name] = value
        return response


def cached_json(request, build, free_text=False):
    """Answer by calling ``build()`` once and keep the answer for next time.

    ``build`` returns ``(status, data)`` or ``(status, data, headers)``. Cached
    answers and 304s are served by :class:`CachedResponseMiddleware` before
    the request reaches the API. Answers to ``free_text`` queries are kept
    only ``GLOSSARY_API_SEARCH_CACHE_TIMEOUT`` seconds: readers' words have
    endless variants, and must not crowd the cache for long.
    """
    answer = getattr(request, "glossary_cache", None) or CachedAnswer(request)
    if answer.stored is not None:
        return answer.respond(request, *answer.stored)
    status, data, *extra = build()
    stored = (status, _json(data), extra[0] if extra else {})
    if settings.GLOSSARY_API_CACHE and status in STORED_STATUSES:
        cache.set(
            answer.key,
            (answer.version[0], *stored),
            timeout=min(
                settings.GLOSSARY_API_SEARCH_CACHE_TIMEOUT if free_text else math.inf,
                settings.GLOSSARY_API_CACHE_TIMEOUT,
            ),
        )
    return answer.respond(request, *stored)


class CachedResponseMiddleware:
    """Serve 304s and cached glossary API answers before the rest of the stack.

    A hit costs one cache round trip and no database query; anything else goes
    on to the API, which builds and stores the answer. HEAD is answered as GET
    without the body (RFC 9110 9.3.2), cached or not.
    """

    PREFIX = "/api/glossary/"
    UNCACHED = ("/api/glossary/docs", "/api/glossary/openapi.json")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            request.method not in ("GET", "HEAD")
            or not path.startswith(self.PREFIX)
            or path.startswith(self.UNCACHED)
        ):
            return self.get_response(request)
        head = request.method == "HEAD"
        answer = CachedAnswer(request)
        if answer.stored is not None:
            response = answer.respond(request, *answer.stored)
        else:
            request.glossary_cache = answer
            if head:
                request.method = "GET"  # the API's routes are declared for GET
            response = self.get_response(request)
        if head and response.status_code != 304 and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
