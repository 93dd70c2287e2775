"""The CMS as it is deployed, for tests that need real processes.

gunicorn serves ``cms.settings.production`` from the test database and a Redis
cache, Varnish stands in front of it, and an editor signs in to the admin in
Chromium and publishes. The servers read what a test commits, so the test
database must be one other processes can open: PostgreSQL. On SQLite these
tests skip; CI's PostgreSQL run sets ``REQUIRE_APP_SERVERS``, and CI requires
Redis, Chromium and Varnish (``REQUIRE_SERVICES``, ``REQUIRE_BROWSER_TESTS``,
``REQUIRE_VARNISH``), so that there they fail instead.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from .processes import ROOT, run_django

HOST = "127.0.0.1"
VARNISH_VCL = ROOT / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# The app servers' cache: the suite's Redis when it has one. Keys are written
# under a prefix of each test's own and deleted afterwards, so any database
# number will do.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
# The public site, in the page URLs the app servers hand out.
FRONTEND_URL = "https://glossary.example.com"
STARTUP_TIMEOUT = 60


# What the tests need -------------------------------------------------------


def uses_postgresql():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def redis_is_up():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


def without_app_servers():
    """Why app servers cannot serve the test database here, or None."""
    if not uses_postgresql():
        return (
            "app servers need the test database in PostgreSQL "
            "(DATABASE_URL=postgres://…); the SQLite one is this process's own"
        )
    if not redis_is_up():
        return f"Redis is not running at {REDIS_URL}"
    return None


def needs_app_servers():
    """Skip without PostgreSQL or Redis, unless CI requires the tests to run.

    SQLite's test database lives in this process (or a file only it knows),
    so these tests skip on CI's SQLite run; its PostgreSQL run sets
    ``REQUIRE_APP_SERVERS``, and ``REQUIRE_SERVICES`` requires Redis.
    """
    reason = without_app_servers()
    required = os.environ.get("REQUIRE_APP_SERVERS") or (
        uses_postgresql() and os.environ.get("REQUIRE_SERVICES")
    )
    return pytest.mark.skipif(reason is not None and not required, reason=reason or "")


def require_app_servers():
    """Fail, in a fixture, where the app servers cannot run although required."""
    reason = without_app_servers()
    if reason is not None:
        pytest.fail(reason)


def needs_browser():
    """Skip without Chromium and Playwright, unless CI requires them."""
    required = os.environ.get("REQUIRE_BROWSER_TESTS")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return pytest.mark.skipif(
            not required, reason="the playwright package is not installed"
        )
    return pytest.mark.skipif(
        not CHROMIUM.exists() and not required,
        reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
    )


def needs_varnish():
    return pytest.mark.skipif(
        not Path(VARNISHD).exists() and not os.environ.get("REQUIRE_VARNISH"),
        reason="varnishd is not installed (apt-get install varnish)",
    )


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# Processes -----------------------------------------------------------------


class Server:
    """A process a test started, listening on ``port``, with its output in a log.

    It runs in a process group of its own, so that stopping it also stops
    whatever it started (gunicorn's workers, Varnish's child).
    """

    def __init__(self, name, command, *, port, env, log):
        self.name = name
        self.port = port
        self.url = f"http://{HOST}:{port}"
        self.log_path = log
        with open(log, "wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self):
        return self.log_path.read_text(errors="replace")

    def running(self):
        return self.process.poll() is None

    def wait_until_answering(self, path="/", timeout=STARTUP_TIMEOUT):
        """Wait for an HTTP answer on ``path``; fail with the server's output if none.

        Any status below 500 will do: the server is up, and so is whatever it
        needs to answer ``path``.
        """
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if not self.running():
                pytest.fail(
                    f"{self.name} exited with status {self.process.returncode}:\n"
                    f"{self.output()}"
                )
            try:
                status = get(self.url + path, timeout=5).status
            except OSError as error:
                last = repr(error)
            else:
                if status < 500:
                    return
                last = f"status {status}"
            time.sleep(0.1)
        self.stop()
        pytest.fail(
            f"{self.name} did not answer {path} on port {self.port} within "
            f"{timeout} s ({last}):\n{self.output()}"
        )

    def wait_until_ready(self):
        # The letters listing needs the database, Redis and the site.
        self.wait_until_answering("/api/glossary/letters/")

    def signal(self, signum):
        """Send ``signum`` to the whole process group."""
        if self.running():
            os.killpg(self.process.pid, signum)

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL if it has not gone within ``timeout`` seconds."""
        try:
            self.signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.process.wait(timeout)
        finally:
            # Workers left behind by a master that was killed alone.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@dataclass
class Deployment:
    """What every app server of one site shares: database, cache, secret, address."""

    public_url: str
    secret_key: str
    cache_prefix: str
    media_root: Path
    purge_url: str = ""

    def environment(self):
        """The environment of an app server, as the README lists it for production."""
        env = {
            name: os.environ[name]
            for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
            if name in os.environ
        }
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=f"{HOST},localhost",
            DATABASE_URL=shared_database_url(),
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=self.cache_prefix,
            WAGTAILADMIN_BASE_URL=self.public_url,
            FRONTEND_URL=FRONTEND_URL,
            MEDIA_ROOT=str(self.media_root),
            # Plain HTTP on the loopback: no TLS terminator in front.
            SECURE_SSL_REDIRECT="false",
            # Purges and search-index updates run inside the publish request
            # instead of waiting for a worker, so a test reads a publish's
            # effects as soon as the admin answers.
            TASKS_BACKEND="immediate",
        )
        if self.purge_url:
            env["FRONTEND_CACHE_PURGE_URL"] = self.purge_url
        return env

    def forget_cache(self):
        """Delete every key the app servers wrote to Redis."""
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        keys = list(client.scan_iter(f"{self.cache_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def new_deployment(tmp_path, public_url="", purge_url=""):
    media = tmp_path / "media"
    media.mkdir(exist_ok=True)
    return Deployment(
        public_url=public_url,
        secret_key=secrets.token_urlsafe(50),
        cache_prefix=f"servers-test-{secrets.token_hex(6)}",
        media_root=media,
        purge_url=purge_url,
    )


def shared_database_url():
    """The test database (already created by pytest-django) as a DATABASE_URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    at = "@" if credentials else ""
    return f"postgres://{credentials}{at}{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def editor_account(transactional_db):
    return create_editor()


@pytest.fixture
def chromium():
    """Ask for it after every fixture that writes to the database."""
    with chromium_browser() as browser:
        yield browser


@pytest.fixture(scope="session")
def static_files():
    """The admin's static files, collected once for every app-server test."""
    collect_static()


def collect_static():
    """``collectstatic`` as a deploy runs it: the admin needs the manifest."""
    result = run_django(
        "cms.settings.production",
        *("manage.py", "collectstatic", "--noinput"),
        env={
            "SECRET_KEY": "collectstatic-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": HOST,
            "GLOSSARY_API_CACHE": "0",
        },
    )
    if result.returncode != 0:
        pytest.fail(f"collectstatic failed:\n{result.stdout}{result.stderr}")


def start_gunicorn(deployment, log_dir, name="app", workers=2, wait=True):
    """gunicorn serving the CMS with ``workers`` workers.

    Answering when returned, unless ``wait`` is false: then call
    ``wait_until_ready()`` (servers started together boot side by side).
    """
    port = free_port()
    server = Server(
        name,
        [
            sys.executable,
            *("-m", "gunicorn", "cms.wsgi:application"),
            *("--bind", f"{HOST}:{port}"),
            *("--workers", str(workers)),
            *("--timeout", "60", "--graceful-timeout", "5"),
            *("--access-logfile", "-", "--error-logfile", "-"),
        ],
        port=port,
        env=deployment.environment(),
        log=log_dir / f"{name}.log",
    )
    if wait:
        server.wait_until_ready()
    return server


def app_servers_vcl(shipped, ports):
    """The shipped backends.vcl with one backend per port, each like ``app1``.

    The probe asks with ``Host: 127.0.0.1``, which the test servers allow.
    """
    block = re.search(r"(?ms)^backend app1 \{.*?^\}\n", shipped)
    adding = re.search(r"(?m)^( *)app_servers\.add_backend\(app1\);\n", shipped)
    host = re.search(r'"Host: cms\.example\.com"', shipped)
    assert block and adding and host, "backends.vcl no longer has app1 and its probe"
    backends = "\n".join(
        block[0]
        .replace("backend app1 {", f"backend app{n} {{")
        .replace('.port = "8000";', f'.port = "{port}";')
        for n, port in enumerate(ports, 1)
    )
    additions = "".join(
        f"{adding[1]}app_servers.add_backend(app{n});\n"
        for n in range(1, len(ports) + 1)
    )
    rendered = shipped.replace(block[0], backends).replace(adding[0], additions)
    return rendered.replace(host[0], f'"Host: {HOST}"')


def start_varnish(backend_ports, work_dir, port=None, vcl_dir=VARNISH_VCL):
    """varnishd with the shipped VCL, in front of the servers at ``backend_ports``.

    Its ``backends.vcl`` is the shipped one pointed at those servers, written
    to a directory that comes first in ``vcl_path``, so that ``default.vcl``
    includes it instead of the shipped one.
    """
    if not Path(VARNISHD).exists():
        pytest.fail("varnishd is not installed (apt-get install varnish)")
    work_dir.mkdir(parents=True, exist_ok=True)
    shipped = (vcl_dir / "backends.vcl").read_text()
    (work_dir / "backends.vcl").write_text(app_servers_vcl(shipped, backend_ports))
    port = port or free_port()
    server = Server(
        "varnishd",
        [
            VARNISHD,
            "-F",
            *("-n", str(work_dir / "state")),
            *("-a", f"{HOST}:{port}"),
            *("-T", "none"),
            # As root Varnish would switch to its own user, which cannot read
            # a test's private temporary directory.
            *("-j", "none"),
            *("-p", f"vcl_path={work_dir}:{vcl_dir}"),
            *("-f", "default.vcl"),
            *("-s", "malloc,64m"),
        ],
        port=port,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        log=work_dir / "varnishd.log",
    )
    # The admin is never cached: an answer means Varnish and a backend are up.
    server.wait_until_answering("/admin/login/")
    return server


# HTTP ----------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict
    body: str

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


def request(method, url, *, headers=None, source=None, timeout=10):
    """One HTTP request on a fresh connection, from ``source`` if given.

    Any 127.x.y.z address is this machine on Linux, so a test can speak to a
    server from an address other than 127.0.0.1.
    """
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(
        parts.hostname,
        parts.port,
        timeout=timeout,
        source_address=(source, 0) if source else None,
    )
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return Answer(
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            body,
        )
    finally:
        conn.close()


def get(url, **kwargs):
    return request("GET", url, **kwargs)


# The editor ----------------------------------------------------------------

EDITOR = ("maya", "a-long-editor-password")


def create_editor():
    """A superuser the app servers can sign in: (username, password).

    The suite hashes passwords with MD5 for speed, which production does not
    accept; this one is hashed with production's PBKDF2 (at few iterations,
    which production reads from the hash).
    """
    username, password = EDITOR
    get_user_model().objects.create_superuser(
        username,
        "maya@example.com",
        password=None,
    )
    hashed = PBKDF2PasswordHasher().encode(password, "servers-test", iterations=1000)
    get_user_model().objects.filter(username=username).update(password=hashed)
    return EDITOR


class Editor:
    """An editor signed in to the admin of one app server, in Chromium."""

    def __init__(self, browser, base_url, username=EDITOR[0], password=EDITOR[1]):
        from playwright.sync_api import expect

        self.expect = expect
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.goto(f"{base_url}/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{base_url}/admin/")

    def close(self):
        self.context.close()

    def publish(
        self,
        page_id,
        *,
        title=None,
        short_definition=None,
        category=None,
        new_tag=None,
        slug=None,
    ):
        """Change a term in its edit form and publish it; returns once it is live.

        Each field is filled in on its own tab, as an editor would:
        ``category`` by its name, ``new_tag`` typed into the tag field.
        """
        page = self.page
        page.goto(f"{self.base_url}/admin/pages/{page_id}/edit/")
        if title is not None:
            page.fill("#id_title", title)
        if short_definition is not None:
            page.fill("#id_short_definition", short_definition)
        if category is not None or new_tag is not None:
            page.get_by_role("tab", name="Relations").click()
        if category is not None:
            field = page.locator("[data-contentpath=category]")
            field.get_by_role("button", name="Actions").click()
            page.locator(
                "button[data-chooser-action-choose][aria-describedby=id_category-title]"
            ).click()
            page.locator("a[data-chooser-modal-choice]", has_text=category).click()
            self.expect(field.locator("[data-chooser-title]")).to_have_text(category)
        if new_tag is not None:
            tags = page.locator("[data-contentpath=tags] .tagit-new input")
            tags.fill(new_tag)
            tags.press("Enter")
            self.expect(page.locator("#id_tags")).to_have_value(
                re.compile(rf"(^|,\s*){re.escape(new_tag)}$")
            )
        if slug is not None:
            page.get_by_role("tab", name="Promote").click()
            page.fill("#id_slug", slug)
        self.click_publish()
        self.expect(page.locator(".messages")).to_contain_text("published")

    def click_publish(self):
        """Publish the form on screen, once the SEO checks asked while typing
        are answered: a suite on in-memory SQLite locks a table a check reads
        while the publish writes it, where a real database would wait.
        """
        page = self.page
        self.expect(
            page.locator("[data-seo-checks][data-state=checking]")
        ).to_have_count(0)
        page.get_by_role("button", name="More actions").click()
        page.locator("button[name=action-publish]").click()

    def unpublish(self, page_id):
        page = self.page
        page.goto(f"{self.base_url}/admin/pages/{page_id}/unpublish/")
        page.get_by_role("button", name="Yes, unpublish it").click()
        self.expect(page.locator(".messages")).to_contain_text("unpublished")


@contextmanager
def chromium_browser():
    """Debian's Chromium under Playwright.

    Playwright's event loop keeps this thread until the browser closes, and
    Django refuses database queries from a thread with a running loop: write
    to the database before opening the browser.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
