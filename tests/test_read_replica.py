"""Public API reads from a read replica; the admin, previews and writes the primary.

The routing rules are checked on their own first. Then against a real
streaming replica (``replica_cluster.py``): its replay is paused, a term is
published on the primary, and what each kind of request answers shows which
database it read: the replica still has the old title, the primary the new.
A publish made by another server is one this process then forgets it made
(``restart``), or, for the app server, one made by the test process.

Needs PostgreSQL and, for the replica, root and PostgreSQL's server binaries;
skips with the reason elsewhere, and fails instead under ``REQUIRE_REPLICA``
(on PostgreSQL; CI's SQLite run skips).
"""

import json
import logging
import socket
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections, transaction
from django.test import Client, RequestFactory, override_settings
from wagtail.models import Page

from glossary.models import GlossaryCategory
from headless import replica as routing_module
from headless.replica import (
    PRIMARY,
    REPLICA,
    PublicReadsMiddleware,
    ReplicaRouter,
    is_public_read,
    public_reads,
    require,
    wal_position,
)

from .factories import GlossaryTermPageFactory, build_site
from .replica_cluster import HOST, query, start_replica, uses_postgresql
from .servers import (
    Deployment,
    get,
    needs_app_servers,
    new_deployment,
    require_app_servers,
    start_gunicorn,
)

on_both_databases = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=[PRIMARY, REPLICA]
)

OLD_TITLE = "Reach"
NEW_TITLE = "Reach (changed elsewhere)"


# The rules, without a replica ---------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "cookies", "public"),
    [
        ("GET", "/api/glossary/terms/", {}, True),
        ("HEAD", "/api/glossary/terms/reach/", {}, True),
        ("GET", "/api/v2/pages/5/", {}, True),
        ("GET", "/api/v2/images/", {"csrftoken": "x"}, True),
        ("GET", "/api/v2/pages/5/", {"sessionid": "x"}, False),
        ("GET", "/api/glossary/letters/", {"sessionid": "x"}, False),
        ("GET", "/api/v2/page_preview/", {}, False),
        ("OPTIONS", "/api/v2/pages/", {}, False),
        ("POST", "/api/glossary/terms/", {}, False),
        ("GET", "/admin/pages/", {}, False),
        ("GET", "/sitemap.xml", {}, False),
    ],
)
def test_only_anonymous_public_api_reads_count_as_public(method, path, cookies, public):
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies)
    assert is_public_read(request) is public


def test_without_a_replica_everything_uses_the_primary(settings):
    router = ReplicaRouter()
    with warnings.catch_warnings():
        # Django warns that connections ignore the change; only the check of
        # whether a replica is configured reads it here.
        warnings.simplefilter("ignore")
        with override_settings(DATABASES={PRIMARY: settings.DATABASES[PRIMARY]}):
            with public_reads():
                require(10**12)
                assert router.db_for_read(Page) == PRIMARY
            assert wal_position() is None
            with pytest.raises(MiddlewareNotUsed):
                PublicReadsMiddleware(lambda request: None)


def test_outside_public_reads_the_router_names_the_primary():
    router = ReplicaRouter()
    from_replica = Page(pk=1)
    from_replica._state.db = REPLICA
    from_primary = Page(pk=2)
    from_primary._state.db = PRIMARY
    elsewhere = Page(pk=3)
    elsewhere._state.db = "archive"

    # Even for an object the replica loaded, which Django would follow.
    assert router.db_for_read(Page, instance=from_replica) == PRIMARY
    assert router.db_for_write(Page, instance=from_replica) == PRIMARY
    assert router.allow_migrate(PRIMARY, "wagtailcore") is True
    assert router.allow_migrate(REPLICA, "wagtailcore") is False
    assert router.allow_relation(from_replica, from_primary) is True
    assert router.allow_relation(from_replica, elsewhere) is None


# This process routed as with DATABASE_REPLICA_URL -------------------------------


class Routing:
    """The ``replica`` alias and the router, set up in this process as settings do."""

    def point_at(self, port):
        replica = connections[REPLICA]
        replica.close()
        replica.settings_dict["PORT"] = str(port)

    @contextmanager
    def pointed_at(self, port):
        """The alias on ``port`` for a while, then back where it was."""
        before = connections[REPLICA].settings_dict["PORT"]
        self.point_at(port)
        try:
            yield
        finally:
            self.point_at(before)


@pytest.fixture(scope="module")
def routing(django_db_setup):
    """DATABASE_REPLICA_URL's settings, added to the running suite.

    The alias is the test database on another server, marked as a mirror of
    the primary's so that the test runner neither creates nor flushes it.
    """
    if not uses_postgresql():
        pytest.skip(
            "a read replica needs the suite on PostgreSQL (DATABASE_URL=postgres://…)"
        )
    primary = connections[PRIMARY].settings_dict
    connections.settings[REPLICA] = {
        **primary,
        "HOST": HOST,
        # Nothing listens there: a test points it at a server of its choice.
        "PORT": "1",
        "OPTIONS": {**primary["OPTIONS"], "connect_timeout": 2},
        "TEST": {**primary["TEST"], "MIRROR": PRIMARY},
    }
    try:
        with override_settings(DATABASE_ROUTERS=["headless.replica.ReplicaRouter"]):
            yield Routing()
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture(scope="module")
def replica(routing):
    """A streaming replica of the test database, behind the ``replica`` alias."""
    cluster = start_replica()
    routing.point_at(cluster.port)
    yield cluster
    routing.point_at(1)
    cluster.remove()


@pytest.fixture
def restart(monkeypatch):
    """Make this process as if just started: no write of its own, the replica fine.

    Called after a publish, it makes that publish another server's.
    """

    def restart():
        monkeypatch.setattr(routing_module, "_process", routing_module._Process())

    restart()
    return restart


@pytest.fixture
def reach(restart):
    """A published term, committed to the primary."""
    _home, index = build_site()
    return GlossaryTermPageFactory(parent=index, title=OLD_TITLE, slug="reach")


def publish(page, title):
    page.title = title
    page.save_revision().publish()


def public_title(client, page, query=""):
    response = client.get(f"/api/v2/pages/{page.pk}/{query}")
    assert response.status_code == 200, response.content
    return response.json()["title"]


def title_on_replica(cluster, page):
    return query(
        "SELECT title FROM wagtailcore_page WHERE id = %s",
        (page.pk,),
        port=cluster.port,
    )[0]


@pytest.fixture
def paused(replica, reach):
    """The replica caught up with every commit so far, term included, then still."""
    replica.catch_up()
    replica.pause()
    try:
        yield replica
    finally:
        replica.resume()


@on_both_databases
def test_public_reads_come_from_the_replica_and_the_admin_from_the_primary(
    replica, reach, admin_user, settings, restart
):
    settings.GLOSSARY_API_CACHE = False
    editor = Client()
    editor.force_login(admin_user)
    reader = Client()

    replica.catch_up()
    replica.pause()
    try:
        # Written on the primary behind the CMS's back (no content version
        # renewed): public reads are the replica's, which has not got it.
        query(
            "UPDATE wagtailcore_page SET title = %s WHERE id = %s",
            ("Reach (edited by hand)", reach.pk),
        )
        assert public_title(reader, reach, "?fields=title") == OLD_TITLE
        query(
            "UPDATE wagtailcore_page SET title = %s WHERE id = %s",
            (OLD_TITLE, reach.pk),
        )
        publish(reach, NEW_TITLE)
        restart()
        assert title_on_replica(replica, reach) == OLD_TITLE
        # Both APIs' answers are filed under content versions that record
        # where the change was in the WAL: built while the replica lags
        # behind it, they come from the primary, or an answer from before
        # the change would be filed under the new version.
        assert public_title(reader, reach) == NEW_TITLE
        assert public_title(reader, reach, "?fields=title") == NEW_TITLE
        term = reader.get("/api/glossary/terms/reach/")
        assert term.status_code == 200
        assert term.json()["title"] == NEW_TITLE
        # A signed-in editor's API reads are the primary's, like the admin.
        assert public_title(editor, reach) == NEW_TITLE
        listing = editor.get(f"/admin/pages/{reach.get_parent().pk}/")
        assert listing.status_code == 200
        assert NEW_TITLE in listing.text
    finally:
        replica.resume()
    replica.catch_up()
    assert public_title(reader, reach) == NEW_TITLE


@on_both_databases
def test_after_this_process_wrote_it_reads_the_primary_until_the_replica_has_it(
    paused, reach, client, restart
):
    publish(reach, "Reach, republished here")

    # The replica is still paused before the publish; the answer has it anyway.
    assert title_on_replica(paused, reach) == OLD_TITLE
    assert public_title(client, reach) == "Reach, republished here"

    paused.resume()
    paused.catch_up()
    paused.pause()
    query(
        "UPDATE wagtailcore_page SET title = %s WHERE id = %s",
        (NEW_TITLE, reach.pk),
    )
    restart()
    # Once the replica has the write, public reads are the replica's again
    # (a write behind the CMS's back, which the replica has not got, shows it).
    assert public_title(client, reach, "?fields=title") == "Reach, republished here"


@on_both_databases
def test_a_write_inside_a_public_request_goes_to_the_primary_and_so_do_later_reads(
    paused, reach
):
    with public_reads():
        assert Page.objects.get(pk=reach.pk)._state.db == REPLICA
        with transaction.atomic():
            # The replica refuses writes; this one lands on the primary...
            category = GlossaryCategory.objects.create(name="Money", slug="money")
            assert category._state.db == PRIMARY
            # ...and the rest of the request reads it there, before the commit.
            found = GlossaryCategory.objects.get(pk=category.pk)
            assert found._state.db == PRIMARY
    # The next request too, until the replica has it.
    with public_reads():
        assert GlossaryCategory.objects.get(pk=category.pk)._state.db == PRIMARY


@on_both_databases
def test_previews_read_the_primary(replica, reach, client):
    reach.short_definition = "The saved draft."
    preview = reach.create_page_preview()
    replica.catch_up()
    replica.pause()
    try:
        query(
            "UPDATE wagtail_headless_preview_pagepreview "
            "SET content_json = replace(content_json, %s, %s) WHERE id = %s",
            ("The saved draft.", "The draft saved a moment later.", preview.pk),
        )
        response = client.get(
            "/api/v2/page_preview/",
            {"content_type": "glossary.glossarytermpage", "token": preview.token},
        )
    finally:
        replica.resume()
    assert response.status_code == 200, response.content
    assert response.json()["short_definition"] == "The draft saved a moment later."


@on_both_databases
def test_require_holds_reads_on_the_primary_until_the_replica_has_the_position(
    paused, reach, restart
):
    before = paused.replayed()
    publish(reach, NEW_TITLE)
    restart()
    # As the response cache takes it: once the change has committed.
    changed = wal_position()
    assert changed > before

    def read():
        page = Page.objects.get(pk=reach.pk)
        return page.title, page._state.db

    with public_reads():
        require(None)
        assert read() == (OLD_TITLE, REPLICA)
    with public_reads():
        require(before)
        assert read() == (OLD_TITLE, REPLICA)
    with public_reads():
        require(changed)
        assert read() == (NEW_TITLE, PRIMARY)
    with public_reads():
        assert read() == (OLD_TITLE, REPLICA)
        # Asked for later than the replica had: the rest of the request moves.
        require(changed)
        assert read() == (NEW_TITLE, PRIMARY)

    paused.resume()
    paused.wait_until_replayed(changed)
    with public_reads():
        require(changed)
        assert read() == (NEW_TITLE, REPLICA)


@on_both_databases
def test_with_the_replica_down_public_reads_answer_from_the_primary(
    replica, reach, client, caplog
):
    replica.catch_up()
    assert public_title(client, reach) == OLD_TITLE
    replica.stop()
    try:
        publish(reach, "Reach, while the replica is down")
        with caplog.at_level(logging.WARNING, logger="headless.replica"):
            assert public_title(client, reach) == "Reach, while the replica is down"
            term = client.get("/api/glossary/terms/reach/")
            assert term.status_code == 200
        assert "Read replica unusable" in caplog.text
    finally:
        replica.start()

    # Back within a retry or two, once it has the publish.
    deadline = time.monotonic() + 5
    while True:
        with public_reads():
            if Page.objects.get(pk=reach.pk)._state.db == REPLICA:
                break
        assert time.monotonic() < deadline, "public reads stayed on the primary"
        time.sleep(0.2)


class ClosingListener:
    """A port that accepts connections and closes them at once: a broken replica."""

    def __init__(self):
        self.socket = socket.create_server((HOST, 0))
        self.port = self.socket.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self):
        self.socket.close()


@on_both_databases
def test_a_broken_replica_is_tried_at_most_once_a_second(routing, reach, client):
    listener = ClosingListener()
    try:
        with routing.pointed_at(listener.port):
            assert public_title(client, reach) == OLD_TITLE
            tried = listener.accepted
            assert tried > 0
            for _ in range(5):
                assert public_title(client, reach) == OLD_TITLE
            assert listener.accepted == tried
            time.sleep(routing_module.RETRY_AFTER + 0.1)
            assert public_title(client, reach) == OLD_TITLE
            assert listener.accepted > tried
    finally:
        listener.close()


# A deployed app server ----------------------------------------------------------


@dataclass
class ReplicaDeployment(Deployment):
    replica_url: str = ""

    def environment(self):
        return {**super().environment(), "DATABASE_REPLICA_URL": self.replica_url}


@needs_app_servers()
@on_both_databases
def test_an_app_server_with_a_replica_reads_public_answers_from_it(
    replica, reach, tmp_path
):
    require_app_servers()
    replica.catch_up()
    deployment = ReplicaDeployment(
        **vars(new_deployment(tmp_path)), replica_url=replica.url()
    )
    server = start_gunicorn(deployment, tmp_path, "app", workers=1)
    try:
        replica.pause()
        try:
            # Published by this process, not the server's.
            publish(reach, NEW_TITLE)
            detail = get(f"{server.url}/api/v2/pages/{reach.pk}/")
            term = get(f"{server.url}/api/glossary/terms/reach/")
            signed_in = get(
                f"{server.url}/api/v2/pages/{reach.pk}/",
                headers={"Cookie": "sessionid=anything"},
            )
        finally:
            replica.resume()
        assert (detail.status, term.status, signed_in.status) == (200, 200, 200)
        assert json.loads(detail.body)["title"] == OLD_TITLE
        assert json.loads(term.body)["title"] == OLD_TITLE
        assert json.loads(signed_in.body)["title"] == NEW_TITLE
        replica.catch_up()
        later = get(f"{server.url}/api/v2/pages/{reach.pk}/")
        assert json.loads(later.body)["title"] == NEW_TITLE
    finally:
        server.stop()
        deployment.forget_cache()
