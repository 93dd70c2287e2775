"""HTTP and server-side caching for the delivery API that never serves stale content.

Every response is filed under a *content version*: a random token plus the
time of the last change to anything public. Publishing, unpublishing,
deleting or moving a page, changing a view restriction, a category, a call to
action, an image, a tag, a redirect or a site starts a new version (see
``invalidation.py``), so every cached listing, letter count, search and term —
including terms that link to the changed one — is replaced at once.

The version lives in Django's cache (Redis when ``REDIS_URL`` is set), so
conditional requests are answered with a 304 from the cache alone, without a
database query.
"""

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
from django.utils.http import http_date, urlencode

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


def _response(status, body, headers):
    response = HttpResponse(body, status=status, content_type="application/json")
    for name, value in headers.items():
        response[name] = value
    return response


def cache_control():
    max_age = settings.GLOSSARY_API_MAX_AGE
    return f"public, max-age={max_age}, s-maxage={max_age * 5}"


def cached_json(request, build):
    """Answer a public GET from the cache, or by calling ``build()`` once.

    ``build`` returns ``(status, data)`` or ``(status, data, headers)``.
    """
    token, changed_at = content_version()
    digest = hashlib.sha256(f"{token}|{_request_key(request)}".encode()).hexdigest()
    validators = {
        "ETag": f'"{digest[:32]}"',
        "Last-Modified": http_date(changed_at),
        "Cache-Control": cache_control(),
    }
    not_modified = get_conditional_response(
        request, etag=validators["ETag"], last_modified=changed_at
    )
    if not_modified is not None:
        for name, value in validators.items():
            not_modified[name] = value
        return not_modified

    key = f"{RESPONSE_PREFIX}:{digest}"
    use_cache = settings.GLOSSARY_API_CACHE
    stored = cache.get(key) if use_cache else None
    if stored is None:
        status, data, *extra = build()
        headers = extra[0] if extra else {}
        stored = (status, _json(data), headers)
        if use_cache:
            cache.set(key, stored, timeout=settings.GLOSSARY_API_CACHE_TIMEOUT)
    status, body, headers = stored
    if not 200 <= status < 300:
        # Only successful answers carry validators, so only they come back
        # as conditional requests.
        validators = {"Cache-Control": validators["Cache-Control"]}
    return _response(status, body, {**headers, **validators})
