"""HTTP and server-side caching for the delivery API that never serves stale content.

Every answer is filed under two *content versions* (a random token plus the
time of the last change): the site-wide one, and either its term's (for
``terms/<slug>/``) or the listings' (for everything else: listings, letters,
categories, tags, search, autocomplete). A change starts new versions for
exactly what it can alter — ``invalidation.connect`` is the one list of what
counts — so publishing one term replaces that term's answer, the answers of
terms that link to it, and the listings, while every other term stays cached.
Site-wide changes (sites, settings, categories, view restrictions, moves)
start a new site-wide version, which replaces everything at once.

The versions live in Django's cache (Redis when ``REDIS_URL`` is set), so
conditional requests are answered with a 304 from the cache alone, without a
database query.
"""

import copy
import hashlib
import json
import math
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, urlencode

from headless import replica
from headless.cache import shared_cache_control
from search import demand

VERSION_KEY = "glossary-api:version"
LISTINGS_KEY = "glossary-api:version:listings"
TERM_PREFIX = "glossary-api:version:term"
CLOCK_KEY = "glossary-api:clock"
# The primary's WAL position when content last changed: a cold answer is
# built on a read replica only once the replica has replayed that far.
WAL_KEY = "glossary-api:wal"
RESPONSE_PREFIX = "glossary-api:response"

# The one address whose answer depends on a single term rather than on all of
# them: GET /api/glossary/terms/<slug>/.
TERM_PATH = re.compile(r"^/api/glossary/terms/(?P<slug>[^/]+)/$")


def term_key(slug):
    """The version key of one term's answer, for any slug however long or odd."""
    return f"{TERM_PREFIX}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"


def scope_key(path):
    """Which version besides the site-wide one an answer at ``path`` is filed under.

    Any address that is not one term's answer is a listing's: renewed by every
    term change, so a miss here can only cost a rebuild, never serve stale.
    """
    match = TERM_PATH.match(path)
    return term_key(match["slug"]) if match else LISTINGS_KEY


def _new_version(changed_at):
    return (uuid.uuid4().hex, changed_at)


def _first_date(clock):
    """The date of a version started without a change: now, or the clock if later.

    Renewals are dated at least a second after both (:func:`_start_versions`),
    so no change can share a date with a version started before it.
    """
    return max(math.ceil(time.time()), clock or 0)


def content_version(clock=None):
    """(token, changed_at) of the site-wide version: what every answer depends on."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (first request, cache flushed or evicted): start a new version,
        # which can only cause misses, never stale hits.
        version = _new_version(_first_date(clock))
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def glossary_version():
    """A token that changes with anything the glossary's listings, searches and
    counts may show: the site-wide and the listings versions, which every
    change to a page, a setting or a snippet renews one of. None until both
    exist, which only a change or an answer starts.
    """
    listings = cache.get(LISTINGS_KEY)
    if listings is None:
        return None
    return f"{content_version()[0]}:{listings[0]}"


def read_version():
    """:func:`glossary_version` for a public read, started if it is missing.

    Read in one round trip with the primary's WAL position of the last
    change, so that what a read computes and files under the token (the v2
    API's counts and visible pages) is read on a replica only once it has
    replayed that change. A listings version nobody has started yet is
    started now, as an answer stored under it would be.
    """
    found = cache.get_many([VERSION_KEY, LISTINGS_KEY, CLOCK_KEY, WAL_KEY])
    replica.require(found.get(WAL_KEY))
    clock = found.get(CLOCK_KEY)
    site_wide = found.get(VERSION_KEY) or content_version(clock)
    listings = found.get(LISTINGS_KEY)
    if listings is None:
        listings = _new_version(_first_date(clock))
        if not cache.add(LISTINGS_KEY, listings, timeout=None):
            listings = cache.get(LISTINGS_KEY) or listings
    return f"{site_wide[0]}:{listings[0]}"


def _start_versions(keys):
    """New versions for these keys, dated after every version started before.

    One clock for all keys: an answer's Last-Modified is the latest date of the
    versions it depends on, so a change to any of them must move that date on,
    or an If-Modified-Since from before the change would still get a 304.
    A renewal is dated at least a second after now, and so after any version
    started without a change (:func:`_first_date`) up to this moment.
    """
    changed_at = max(math.ceil(time.time()), cache.get(CLOCK_KEY) or 0) + 1
    versions = {key: _new_version(changed_at) for key in keys}
    position = replica.wal_position()
    if position is not None:
        versions[WAL_KEY] = position
    cache.set_many({**versions, CLOCK_KEY: changed_at}, timeout=None)


def content_changed():
    """Start a new site-wide version: everything cached before is out of date."""
    _start_versions([VERSION_KEY])


def terms_changed(slugs):
    """Only these terms' answers, and every listing, search and count, are out of date.

    Answers for other terms stay cached. ``slugs`` holds every slug whose
    answer may show the change: the terms' own (old and new) and those of the
    terms that link to them or list them as related.
    """
    _start_versions([LISTINGS_KEY, *(term_key(slug) for slug in slugs)])


def _request_key(request):
    """Host, path and the query parameters in a stable order."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return f"{request.get_host()}|{request.path}|{query}"


def _json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


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
        self.scope = scope_key(request.path_info)
        keys = [VERSION_KEY, CLOCK_KEY, WAL_KEY, self.scope]
        if settings.GLOSSARY_API_CACHE:
            keys.append(self.key)
        found = cache.get_many(keys)
        # Before the first database read: an answer built now is filed under
        # versions started at that position, so it must not be older.
        replica.require(found.get(WAL_KEY))
        clock = found.get(CLOCK_KEY)
        site_wide = found.get(VERSION_KEY) or content_version(clock)
        # A scope nobody has changed yet (or whose version was evicted) gets a
        # version of its own, recorded only when an answer is stored under it:
        # made-up slugs must not fill the cache with versions.
        self.scope_version = found.get(self.scope)
        self.new_scope = self.scope_version is None
        if self.new_scope:
            self.scope_version = _new_version(_first_date(clock))
        self.global_token = site_wide[0]
        self.tokens = (site_wide[0], self.scope_version[0])
        self.changed_at = max(site_wide[1], self.scope_version[1])
        digest = hashlib.sha256(f"{self.tokens}|{request_key}".encode()).hexdigest()
        self.etag = f'"{digest[:32]}"'
        stored = found.get(self.key)
        # Entries are tagged with the versions they were built under; an entry
        # from any other version is out of date and ignored.
        self.stored = stored[1:] if stored and stored[0] == self.tokens else None

    def store(self, stored, timeout):
        """Keep a successful answer built under this request's versions.

        With the response cache off, the scope's version is still recorded,
        so that the answer's validators hold until something changes.
        """
        if self.new_scope and not cache.add(
            self.scope, self.scope_version, timeout=None
        ):
            # Someone started this scope's version meanwhile, perhaps with a
            # change this answer predates: keep nothing.
            return
        if settings.GLOSSARY_API_CACHE:
            cache.set(self.key, (self.tokens, *stored), timeout=timeout)

    def validators(self):
        return {
            "ETag": self.etag,
            "Last-Modified": http_date(self.changed_at),
            "Cache-Control": shared_cache_control(),
        }

    def respond(self, request, status, body, headers, asked=None):
        """The answer, or a 304 when the client's copy of a success is current.

        Conditions are weighed only once the status is known: ``If-None-Match:
        *`` means "if there is a representation", so a 404 never becomes a 304.
        ``asked`` is what search demand counts for this answer: counted here,
        each time it is served, fresh or from the cache.
        """
        demand.count(asked)
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


MEMO_PREFIX = "glossary-api:memo"


def remembered(request, name, compute):
    """``compute()``, remembered under the versions the request's answer is
    filed under, for other answers that share it (a listing's count, for
    every window of the listing).

    Kept whether or not answers themselves are cached: it is renewed by the
    same changes, so it can never be older than the answer it goes into.
    Without versions to file it under (outside the API) it is computed.
    """
    answer = getattr(request, "glossary_cache", None)
    if answer is None:
        return compute()
    digest = hashlib.sha256(f"{answer.tokens}|{name}".encode()).hexdigest()
    return cache.get_or_set(
        f"{MEMO_PREFIX}:{digest}", compute, timeout=settings.GLOSSARY_API_CACHE_TIMEOUT
    )


def cached_json(request, build, free_text=False):
    """Answer by calling ``build()`` once and keep the answer for next time.

    ``build`` returns ``(status, data)``, ``(status, data, headers)`` or
    ``(status, data, headers, asked)``, ``asked`` being what search demand
    counts each time the answer is served (``search.demand.count``). Cached
    answers and 304s are served by :class:`CachedResponseMiddleware` before
    the request reaches the API. Answers to ``free_text`` queries are kept
    only ``GLOSSARY_API_SEARCH_CACHE_TIMEOUT`` seconds: readers' words have
    endless variants, and must not crowd the cache for long.
    """
    answer = getattr(request, "glossary_cache", None) or CachedAnswer(request)
    if answer.stored is not None:
        return answer.respond(request, *answer.stored)
    status, data, *extra = build()
    stored = (status, _json(data), extra[0] if extra else {}, *extra[1:])
    if status in STORED_STATUSES:
        answer.store(
            stored,
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
