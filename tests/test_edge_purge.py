"""What the CMS sends a caching proxy: PURGE per address, BAN for everything."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.contrib.redirects.models import Redirect

from glossary.models import GlossaryCategory, GlossaryTermPage
from headless import edge
from headless.edge import ProxyBackend

from .test_precise_invalidation import is_cached


class Proxy(ThreadingHTTPServer):
    """Records (method, Host, path) of every request; may hang first."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.seen = []
        self.delay = 0.0


class ProxyHandler(BaseHTTPRequestHandler):
    def answer(self):
        time.sleep(self.server.delay)
        self.server.seen.append((self.command, self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = Proxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    location = f"http://127.0.0.1:{server.server_port}"
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "headless.edge.ProxyBackend", "LOCATION": location}
    }
    yield server
    server.shutdown()
    server.server_close()


def backend(proxy, **params):
    location = f"http://127.0.0.1:{proxy.server_port}"
    return ProxyBackend({"LOCATION": location, **params})


def test_purge_and_ban_carry_the_sites_host_and_path(proxy):
    edge = backend(proxy)
    edge.purge("https://cms.example.com/api/glossary/terms/reel/?x=1")
    edge.ban("http://cms.example.com:8000/api/")
    assert proxy.seen == [
        ("PURGE", "cms.example.com", "/api/glossary/terms/reel/?x=1"),
        ("BAN", "cms.example.com:8000", "/api/"),
    ]


def test_a_hanging_proxy_costs_one_timeout_not_the_publish(proxy, caplog):
    proxy.delay = 3
    urls = [f"http://cms.test/api/glossary/terms/t{n}/" for n in range(6)]
    started = time.monotonic()
    backend(proxy, TIMEOUT=0.5).purge_batch(urls)
    assert time.monotonic() - started < 1.5
    assert caplog.text.count("did not reach the proxy") == 6


def test_an_unreachable_proxy_is_logged_not_raised(caplog):
    ProxyBackend({"LOCATION": "http://127.0.0.1:9"}).purge("http://cms.test/x/")
    assert "did not reach the proxy" in caplog.text


def test_the_location_must_be_a_web_address():
    with pytest.raises(ValueError, match="http"):
        ProxyBackend({"LOCATION": "file:///etc/passwd"})


def test_a_publish_purges_exactly_what_it_changed(
    terms, proxy, django_capture_on_commit_callbacks
):
    term = GlossaryTermPage.objects.get(pk=terms["affiliate"].pk)
    term.short_definition = "A link that pays per sale."
    with django_capture_on_commit_callbacks(execute=True):
        term.save_revision().publish()
    paths = {path for method, _host, path in proxy.seen if method == "PURGE"}
    assert "/api/glossary/terms/affiliate-link/" in paths
    assert {"/api/glossary/terms/", "/api/glossary/search/", "/sitemap.xml"} <= paths
    assert "/api/glossary/terms/micro-influencer/" not in paths
    assert not [seen for seen in proxy.seen if seen[0] == "BAN"]


def test_a_site_wide_change_bans_every_answer(
    terms, proxy, django_capture_on_commit_callbacks
):
    category = GlossaryCategory.objects.get(slug="money")
    category.name = "Earnings"
    with django_capture_on_commit_callbacks(execute=True):
        category.save()
    bans = {(host, path) for method, host, path in proxy.seen if method == "BAN"}
    assert bans == {("cms.test", "/api/"), ("cms.test", "/sitemap.xml")}


def test_a_redirect_purges_the_redirect_listing_and_keeps_answers(
    client, terms, proxy, django_capture_on_commit_callbacks
):
    client.get("/api/glossary/terms/")
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path="/old", redirect_link="https://a.example/")
    assert proxy.seen == [("PURGE", "cms.test", "/api/v2/redirects/")]
    assert is_cached(client, "terms/")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/?type=glossary.GlossaryTermPage",
        "/api/v2/images/",
        "/api/v2/redirects/",
        "/sitemap.xml",
    ],
)
def test_public_answers_may_be_kept_by_shared_caches(client, terms, path, settings):
    response = client.get(path)
    assert response.status_code == 200
    max_age = settings.GLOSSARY_API_MAX_AGE
    # Browsers ask again each time; the CMS purges shared caches.
    assert response["Cache-Control"] == f"public, max-age=0, s-maxage={max_age * 5}"


def test_errors_and_drafts_are_not_for_shared_caches(client, terms):
    assert not client.get("/api/v2/pages/999999/").has_header("Cache-Control")
    preview = client.get("/api/v2/page_preview/?content_type=x&token=y")
    assert preview["Cache-Control"] == "private, no-store"


def test_answers_made_for_a_session_are_not_for_shared_caches(admin_client, terms):
    response = admin_client.get("/api/v2/pages/?type=glossary.GlossaryTermPage")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_proxy_purges_are_sent_again_a_little_later(proxy, settings, db):
    """For answers built from the old rows that reach the proxy after the purge."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edge.purge(["http://cms.test/api/glossary/terms/reel/"], bans=[])
    assert proxy.seen == [("PURGE", "cms.test", "/api/glossary/terms/reel/")]
    [later] = DBTaskResult.objects.all()
    assert later.task_path == "headless.edge.purge_proxies"
    delay = (later.run_after - later.enqueued_at).total_seconds()
    assert edge.REPURGE_AFTER - 1 <= delay <= edge.REPURGE_AFTER + 1
