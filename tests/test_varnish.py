"""Varnish in front of the CMS (deploy/varnish/): what the edge keeps, and purges.

Two kinds of test. The first put the shipped VCL in front of a small origin
whose answers each test chooses, to pin what is and is not cached and what a
PURGE removes. The last puts it in front of the CMS itself (gunicorn,
PostgreSQL, Redis), where an editor publishes in the admin and readers must
get the new text from the edge at once.

Runs where Debian's varnishd is installed (``.ci/run`` installs it); elsewhere
the tests skip with a message, unless ``REQUIRE_VARNISH`` is set.
"""

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from glossary.models import GlossaryRelatedTerm

from .factories import GlossaryTermPageFactory, build_site
from .servers import (
    HOST,
    Editor,
    free_port,
    get,
    needs_app_servers,
    needs_browser,
    needs_varnish,
    new_deployment,
    request,
    require_app_servers,
    start_gunicorn,
    start_varnish,
)

pytestmark = needs_varnish()

PUBLIC = {"Cache-Control": "public, max-age=60, s-maxage=300"}
# Not in the purge ACL, but this machine all the same.
STRANGER = "127.0.0.2"


class Origin(ThreadingHTTPServer):
    """An app server whose answers a test sets, counting the requests it gets.

    Each answer's body names the request it answered (``/path#3``), so a test
    can tell a cached copy from a new one.
    """

    daemon_threads = True

    def __init__(self):
        super().__init__((HOST, 0), OriginHandler)
        self.answers = {}
        self.hits = Counter()
        self.cookies = {}
        self.lock = threading.Lock()

    def answer(self, path, status=200, headers=None):
        """How the origin answers ``path`` (any query) from now on."""
        self.answers[path] = (status, PUBLIC if headers is None else headers)


class OriginHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        origin = self.server
        path = self.path.split("?")[0]
        status, headers = origin.answers.get(path, (404, {}))
        with origin.lock:
            origin.hits[self.path] += 1
            origin.cookies[self.path] = self.headers.get("Cookie")
            body = f"{self.path}#{origin.hits[self.path]}".encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def origin():
    server = Origin()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.answer("/admin/login/", headers={})
    server.answer("/api/glossary/letters/")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def edge(origin, tmp_path_factory):
    varnish = start_varnish(
        [origin.server_address[1]], tmp_path_factory.mktemp("varnish")
    )
    yield varnish
    varnish.stop()


@pytest.fixture
def fresh(origin, edge):
    """A path of this test's own, so that no other test has cached it."""
    counter = iter(range(1_000_000))

    def make(prefix="/api/glossary/terms/"):
        return f"{prefix}t{time.monotonic_ns()}-{next(counter)}/"

    return make


def read(edge, path, **headers):
    return get(edge.url + path, headers=headers)


def purge(edge, path, source=HOST, host=None, method="PURGE"):
    return request(
        method,
        edge.url + path,
        headers={"Host": host or f"{HOST}:{edge.port}"},
        source=source,
    )


def test_public_answers_are_kept_and_served_from_the_edge(origin, edge):
    paths = [
        "/api/glossary/terms/",
        "/api/glossary/terms/reach/",
        "/api/glossary/search/?q=reach",
        "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*",
        "/api/v2/pages/5/",
        "/api/v2/images/",
        "/sitemap.xml",
    ]
    for path in paths:
        origin.answer(path.split("?")[0])
    for path in paths:
        first, second, third = (read(edge, path) for _ in range(3))
        assert first.status == 200, path
        assert (first.header("X-Cache"), first.header("X-Cache-Hits")) == ("MISS", "0")
        assert (second.header("X-Cache"), second.header("X-Cache-Hits")) == ("HIT", "1")
        assert third.header("X-Cache-Hits") == "2"
        assert first.body == second.body == third.body
        assert first.body.endswith("#1")
        # What purges match on stays inside Varnish.
        assert not {"x-url", "x-host", "x-path"} & set(first.headers)
    assert origin.hits["/sitemap.xml"] == 1


def test_query_parameters_in_any_order_share_one_copy(origin, edge, fresh):
    path = fresh()
    origin.answer(path)
    assert read(edge, f"{path}?letter=M&limit=5").header("X-Cache") == "MISS"
    assert read(edge, f"{path}?limit=5&letter=M").header("X-Cache") == "HIT"
    assert read(edge, f"{path}?letter=N&limit=5").header("X-Cache") == "MISS"


def test_shared_max_age_wins_over_the_browsers(origin, edge, fresh):
    path = fresh()
    origin.answer(path, headers={"Cache-Control": "public, max-age=1, s-maxage=300"})
    read(edge, path)
    time.sleep(1.5)
    assert read(edge, path).header("X-Cache") == "HIT"
    assert origin.hits[path] == 1


@pytest.mark.parametrize(
    "status, headers",
    [
        (200, {"Cache-Control": "private, max-age=300"}),
        (200, {"Cache-Control": "private, no-store"}),
        (200, {"Cache-Control": "no-store"}),
        (200, {"Cache-Control": "no-cache"}),
        (200, {"Cache-Control": "public, max-age=0"}),
        (200, {"Cache-Control": "public, s-maxage=0, max-age=60"}),
        (200, {**PUBLIC, "Set-Cookie": "sessionid=abc; HttpOnly"}),
        (200, {**PUBLIC, "Vary": "*"}),
        (404, PUBLIC),
        (301, {**PUBLIC, "Location": "/api/glossary/terms/other/"}),
        (500, PUBLIC),
    ],
    ids=[
        "private",
        "private-no-store",
        "no-store",
        "no-cache",
        "max-age-0",
        "s-maxage-0",
        "set-cookie",
        "vary-star",
        "404",
        "redirect",
        "error",
    ],
)
def test_what_the_origin_forbids_or_fails_is_never_kept(
    origin, edge, fresh, status, headers
):
    path = fresh()
    origin.answer(path, status=status, headers=headers)
    answers = [read(edge, path) for _ in range(3)]
    assert [a.status for a in answers] == [status] * 3
    assert [a.body for a in answers] == [f"{path}#{n}" for n in (1, 2, 3)]
    assert "HIT" not in {a.header("X-Cache") for a in answers}


def test_a_cacheable_answer_replaces_an_uncacheable_one(origin, edge, fresh):
    path = fresh()
    origin.answer(path, status=404)
    assert read(edge, path).status == 404
    origin.answer(path)
    assert read(edge, path).body == f"{path}#2"
    assert read(edge, path).header("X-Cache") == "HIT"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/5/edit/",
        "/api/v2/page_preview/?content_type=glossary.glossarytermpage&token=id%3D5",
        "/api/v2/pages/5/?token=id%3D5",
        "/api/glossary/docs",
        "/api/glossary/openapi.json",
        "/documents/1/rate-card.pdf",
        "/glossary/reach/",
    ],
)
def test_the_admin_previews_and_other_addresses_always_reach_the_cms(
    origin, edge, path
):
    # Even when the CMS would allow it: these are never shared.
    origin.answer(path.split("?")[0])
    answers = [read(edge, path) for _ in range(2)]
    assert [a.header("X-Cache") for a in answers] == ["PASS", "PASS"]
    assert answers[0].body != answers[1].body


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "csrftoken=xyz", "theme=dark; sessionid=abc"]
)
def test_an_editors_request_is_never_answered_from_the_cache(
    origin, edge, fresh, cookie
):
    path = fresh()
    origin.answer(path)
    assert read(edge, path).header("X-Cache") == "MISS"
    assert read(edge, path).header("X-Cache") == "HIT"
    signed_in = [read(edge, path, Cookie=cookie) for _ in range(2)]
    assert [a.header("X-Cache") for a in signed_in] == ["PASS", "PASS"]
    assert [a.body for a in signed_in] == [f"{path}#2", f"{path}#3"]
    assert origin.cookies[path] == cookie
    # The editor's copies were not kept for readers either.
    assert read(edge, path).body == f"{path}#1"


def test_other_cookies_are_dropped_so_public_answers_stay_shared(origin, edge, fresh):
    path = fresh()
    origin.answer(path)
    first = read(edge, path, Cookie="_ga=GA1.2.3; theme=dark")
    second = read(edge, path, Cookie="_ga=GA1.9.9")
    assert (first.header("X-Cache"), second.header("X-Cache")) == ("MISS", "HIT")
    assert origin.cookies[path] is None


def cached(edge, path, host=None):
    headers = {"Host": host} if host else {}
    return read(edge, path, **headers).header("X-Cache") == "HIT"


def test_a_purge_of_a_path_removes_every_query_of_it_and_nothing_else(
    origin, edge, fresh
):
    listing = fresh()
    term, longer_term = f"{listing}a/", f"{listing}ab/"
    for path in (listing, term, longer_term):
        origin.answer(path)
    variants = [listing, f"{listing}?letter=A", f"{listing}?letter=B&limit=5"]
    everything = [*variants, term, longer_term]
    for path in everything:
        read(edge, path)
    assert all(cached(edge, path) for path in everything)

    answer = purge(edge, listing)
    assert (answer.status, answer.body) == (200, "Purged\n")
    assert [cached(edge, path) for path in variants] == [False, False, False]
    assert cached(edge, term) and cached(edge, longer_term)

    assert purge(edge, term).status == 200
    assert not cached(edge, term)
    assert cached(edge, longer_term)
    assert all(cached(edge, path) for path in variants)


def test_a_purge_with_a_query_removes_only_that_query(origin, edge, fresh):
    listing = fresh()
    origin.answer(listing)
    for path in (listing, f"{listing}?letter=A&limit=5", f"{listing}?letter=B"):
        read(edge, path)
    assert purge(edge, f"{listing}?limit=5&letter=A").status == 200
    assert not cached(edge, f"{listing}?letter=A&limit=5")
    assert cached(edge, listing) and cached(edge, f"{listing}?letter=B")


def test_a_ban_removes_everything_under_a_path(origin, edge, fresh):
    prefix = fresh("/api/v2/pages/")
    inside = [f"{prefix}5/", f"{prefix}?type=glossary.GlossaryTermPage", prefix]
    # A dot in the path is a dot, not any character.
    dotted = fresh("/api/glossary/v1.0/")
    lookalike = dotted.replace("/v1.0/", "/v1x0/")
    outside = [fresh(), lookalike]
    for path in [*inside, dotted, *outside]:
        origin.answer(path.split("?")[0])
        read(edge, path)
    answer = purge(edge, prefix, method="BAN")
    assert (answer.status, answer.body) == (200, "Banned\n")
    assert [cached(edge, path) for path in inside] == [False, False, False]
    assert purge(edge, "/api/glossary/v1.0/", method="BAN").status == 200
    assert not cached(edge, dotted)
    assert [cached(edge, path) for path in outside] == [True, True]


def test_purges_match_the_host_however_it_was_written(origin, edge, fresh):
    path = fresh()
    origin.answer(path)
    read(edge, path, Host="CMS.Example.com:80")
    read(edge, path, Host="other.example.com")
    assert cached(edge, path, host="cms.example.com")
    assert purge(edge, path, host="cms.example.com").status == 200
    assert not cached(edge, path, host="cms.example.com")
    assert cached(edge, path, host="other.example.com")


def test_reads_go_on_when_an_app_server_stops_answering(origin, tmp_path):
    # The second server is a port nobody listens on.
    varnish = start_varnish([origin.server_address[1], free_port()], tmp_path)
    try:
        path = f"/api/glossary/terms/t{time.monotonic_ns()}/"
        origin.answer(path)
        reads = [read(varnish, f"{path}?page={n}") for n in range(6)]
        passes = [read(varnish, "/admin/login/") for _ in range(6)]
        assert [a.status for a in reads + passes] == [200] * 12
        assert [a.header("X-Cache") for a in reads] == ["MISS"] * 6
    finally:
        varnish.stop()


def test_only_the_cms_may_purge_or_ban(origin, edge, fresh):
    path = fresh()
    origin.answer(path)
    read(edge, path)
    for method in ("PURGE", "BAN"):
        refused = purge(edge, path, source=STRANGER, method=method)
        assert refused.status == 403
        assert refused.body == f"{method} is not allowed from this address\n"
        assert refused.header("Content-Type") == "text/plain; charset=utf-8"
    assert cached(edge, path)
    assert purge(edge, path).status == 200
    assert not cached(edge, path)


# The CMS behind the edge ----------------------------------------------------


@pytest.fixture
def cms_behind_the_edge(static_files, tmp_path, glossary_terms, editor_account):
    """gunicorn serving the test database, with Varnish in front of it.

    It starts once the content is in the database: what this process writes
    renews only its own cache, not the server's. The CMS's public address is
    the edge's, and it purges the edge.
    """
    require_app_servers()
    edge_port = free_port()
    edge_url = f"http://{HOST}:{edge_port}"
    deployment = new_deployment(tmp_path, public_url=edge_url, purge_url=edge_url)
    app = varnish = None
    try:
        app = start_gunicorn(deployment, tmp_path)
        varnish = start_varnish([app.port], tmp_path / "varnish", port=edge_port)
        yield varnish
    finally:
        for server in (varnish, app):
            if server is not None:
                server.stop()
        deployment.forget_cache()


@pytest.fixture
def glossary_terms(transactional_db):
    """Reach; Impressions, which links to Reach; Engagement rate, unrelated."""
    _home, index = build_site()
    reach = GlossaryTermPageFactory(
        parent=index,
        title="Reach",
        slug="reach",
        short_definition="How many people saw a post.",
    )
    impressions = GlossaryTermPageFactory(
        parent=index, title="Impressions", slug="impressions"
    )
    impressions.related_terms = [GlossaryRelatedTerm(term=reach)]
    impressions.definition = (
        f'<p>Unlike <a linktype="page" id="{reach.pk}">reach</a>, repeats count.</p>'
    )
    impressions.save_revision().publish()
    engagement = GlossaryTermPageFactory(
        parent=index, title="Engagement rate", slug="engagement-rate"
    )
    return reach, impressions, engagement


def wait_for_text(url, text, deadline):
    """The first answer at ``url`` showing ``text``, or the last one by ``deadline``."""
    while True:
        answer = get(url)
        if text in answer.body or time.monotonic() > deadline:
            return answer
        time.sleep(0.05)


@needs_app_servers()
@needs_browser()
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_published_in_the_admin_reaches_readers_through_the_edge(
    cms_behind_the_edge, glossary_terms, chromium
):
    edge = cms_behind_the_edge
    reach, impressions, engagement = glossary_terms
    showing_reach = [
        "/api/glossary/terms/reach/",
        "/api/glossary/terms/",
        "/api/glossary/terms/?letter=R",
        "/api/glossary/search/?q=reach",
        f"/api/v2/pages/{reach.pk}/",
        "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*",
        # Impressions lists Reach among its related terms.
        "/api/glossary/terms/impressions/",
        f"/api/v2/pages/{impressions.pk}/",
    ]
    unrelated = [
        "/api/glossary/terms/engagement-rate/",
        f"/api/v2/pages/{engagement.pk}/",
    ]
    for path in [*showing_reach, *unrelated, "/sitemap.xml"]:
        first, second = get(edge.url + path), get(edge.url + path)
        assert first.status == 200, (path, first.body)
        assert (first.header("X-Cache"), second.header("X-Cache")) == ("MISS", "HIT"), (
            path
        )
    for path in showing_reach:
        assert "How many people saw a post." in get(edge.url + path).body, path

    # The editor works through the edge too: the admin is never cached.
    editor = Editor(chromium, edge.url)
    assert get(edge.url + "/admin/login/").header("X-Cache") == "PASS"
    new_text = "The number of distinct people who saw a post."
    editor.publish(reach.pk, short_definition=new_text)
    within_a_second = time.monotonic() + 1

    stale = []
    for path in showing_reach:
        answer = wait_for_text(edge.url + path, new_text, within_a_second)
        if new_text not in answer.body:
            stale.append((path, answer.header("X-Cache"), answer.header("Age")))
    assert stale == []
    # The sitemap, which dates each publish, was purged too.
    sitemap = get(edge.url + "/sitemap.xml")
    assert sitemap.header("X-Cache") == "MISS"
    for path in unrelated:
        answer = get(edge.url + path)
        assert (answer.header("X-Cache"), int(answer.header("X-Cache-Hits"))) == (
            "HIT",
            2,
        ), path

    # Signed in, the editor's own reads reach the CMS.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in editor.context.cookies())
    assert "sessionid=" in cookies
    for path in ("/api/glossary/terms/engagement-rate/", "/admin/"):
        answers = [get(edge.url + path, headers={"Cookie": cookies}) for _ in range(2)]
        assert [a.header("X-Cache") for a in answers] == ["PASS", "PASS"], path
    editor.close()

    # The preview API answers "private, no-store": never kept.
    preview = "/api/v2/page_preview/?content_type=glossary.glossarytermpage&token=x"
    answers = [get(edge.url + preview) for _ in range(2)]
    assert answers[0].header("Cache-Control") == "private, no-store"
    assert [a.header("X-Cache") for a in answers] == ["PASS", "PASS"]

    # Only the CMS's own addresses may purge.
    term = "/api/glossary/terms/engagement-rate/"
    host = {"Host": f"{HOST}:{edge.port}"}
    refused = request("PURGE", edge.url + term, headers=host, source=STRANGER)
    assert refused.status == 403
    assert get(edge.url + term).header("X-Cache") == "HIT"
    assert request("PURGE", edge.url + term, headers=host).status == 200
    assert get(edge.url + term).header("X-Cache") == "MISS"
