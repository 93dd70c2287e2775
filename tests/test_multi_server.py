"""Two app servers on one PostgreSQL and one Redis, as behind a load balancer.

What an editor publishes or unpublishes in one server's admin is what every
public endpoint of the other answers as soon as the admin has answered:
neither server's cached answers outlive a change made on the other. And when
one server stops under load, the other goes on answering.

Needs PostgreSQL (both servers read the test database), Redis and Chromium;
see tests/servers.py for when the tests skip.
"""

import json
import signal
import threading
import time
from collections import defaultdict
from types import SimpleNamespace

import pytest

from glossary.models import GlossaryRelatedTerm

from .factories import CategoryFactory, GlossaryTermPageFactory, build_site
from .servers import (
    FRONTEND_URL,
    Editor,
    get,
    needs_app_servers,
    needs_browser,
    new_deployment,
    require_app_servers,
    start_gunicorn,
)

pytestmark = [
    needs_app_servers(),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def servers(static_files, tmp_path, glossary, editor_account):
    """Two gunicorns with two workers each, sharing database, Redis and secret.

    They start once the content is in the database: what this process writes
    renews only its own cache, not theirs. Behind a load balancer their
    public address would be the balancer's.
    """
    require_app_servers()
    deployment = new_deployment(tmp_path, public_url="https://cms.example.com")
    started = []
    try:
        for name in ("app-a", "app-b"):
            started.append(start_gunicorn(deployment, tmp_path, name, wait=False))
        for server in started:
            server.wait_until_ready()
        yield started
    finally:
        for server in started:
            server.stop()
        deployment.forget_cache()


@pytest.fixture
def glossary(transactional_db):
    """Reach (Audience, tagged awareness); Impressions, which links to Reach;
    Engagement rate (Money)."""
    _home, index = build_site()
    audience = CategoryFactory(name="Audience", slug="audience")
    money = CategoryFactory(name="Money", slug="money")
    reach = GlossaryTermPageFactory(
        parent=index,
        title="Reach",
        slug="reach",
        short_definition="How many people saw a post.",
        category=audience,
    )
    reach.tags.add("awareness")
    reach.save_revision().publish()
    impressions = GlossaryTermPageFactory(
        parent=index, title="Impressions", slug="impressions", category=audience
    )
    impressions.tags.add("awareness")
    impressions.related_terms = [GlossaryRelatedTerm(term=reach)]
    impressions.definition = (
        f'<p>Unlike <a linktype="page" id="{reach.pk}">reach</a>, repeats count.</p>'
    )
    impressions.save_revision().publish()
    engagement = GlossaryTermPageFactory(
        parent=index, title="Engagement rate", slug="engagement-rate", category=money
    )
    return SimpleNamespace(reach=reach, impressions=impressions, engagement=engagement)


class Reader:
    """Reads the public endpoints of one server, as JSON where they answer JSON."""

    def __init__(self, server):
        self.url = server.url

    def answer(self, path):
        return get(self.url + path)

    def json(self, path):
        answer = self.answer(path)
        assert answer.status == 200, (self.url, path, answer.status, answer.body)
        return json.loads(answer.body)

    def term_listing(self):
        """{id: item} of the terms listing."""
        data = self.json("/api/glossary/terms/?limit=100")
        return {item["id"]: item for item in data["items"]}

    def letters(self):
        data = self.json("/api/glossary/letters/")
        return {item["letter"]: item["count"] for item in data["items"]}

    def categories(self):
        data = self.json("/api/glossary/categories/")
        return {item["slug"]: item["count"] for item in data["items"]}

    def tags(self):
        data = self.json("/api/glossary/tags/")
        return {item["name"]: item["count"] for item in data["items"]}

    def search(self, words):
        data = self.json(f"/api/glossary/search/?q={words}")
        return {item["id"]: item for item in data["items"]}

    def autocomplete(self, prefix):
        data = self.json(f"/api/glossary/autocomplete/?q={prefix}")
        return [item["title"] for item in data["items"]]

    def pages(self):
        data = self.json("/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*")
        return {item["id"]: item for item in data["items"]}

    def page(self, page_id):
        return self.json(f"/api/v2/pages/{page_id}/")

    def sitemap(self):
        answer = self.answer("/sitemap.xml")
        assert answer.status == 200
        return answer.body

    def everything(self, glossary):
        """Every public endpoint, read twice so that each answer is cached."""
        for _ in range(2):
            state = {
                "listing": self.term_listing(),
                "term": self.json("/api/glossary/terms/reach/"),
                "letters": self.letters(),
                "categories": self.categories(),
                "tags": self.tags(),
                "search": self.search("reach"),
                "autocomplete": self.autocomplete("rea"),
                "pages": self.pages(),
                "page": self.page(glossary.reach.pk),
                "sitemap": self.sitemap(),
                "linking": self.json("/api/glossary/terms/impressions/"),
                "linking page": self.page(glossary.impressions.pk),
            }
        return state


OLD_TEXT = "How many people saw a post."
NEW_TEXT = "Everyone who saw a post at least once."


def assert_shows_the_published_glossary(reader, glossary):
    """Every endpoint as it was before the editor's change."""
    reach = glossary.reach.pk
    state = reader.everything(glossary)
    assert state["listing"][reach]["short_definition"] == OLD_TEXT
    assert state["term"]["short_definition"] == OLD_TEXT
    assert (state["letters"]["R"], state["letters"]["U"]) == (1, 0)
    assert state["categories"] == {"audience": 2, "money": 1}
    assert "sponsored" not in state["tags"]
    assert state["search"][reach]["short_definition"] == OLD_TEXT
    assert state["autocomplete"] == ["Reach"]
    assert state["pages"][reach]["short_definition"] == OLD_TEXT
    assert state["page"]["title"] == "Reach"
    assert f"{FRONTEND_URL}/glossary/reach/" in state["sitemap"]
    assert state["linking"]["related_terms"][0]["short_definition"] == OLD_TEXT
    assert state["linking page"]["related_terms"][0]["title"] == "Reach"


@needs_browser()
def test_a_publish_on_one_server_is_what_the_other_serves_at_once(
    servers, glossary, chromium
):
    one, other = servers
    readers = [Reader(other), Reader(one)]
    for reader in readers:
        assert_shows_the_published_glossary(reader, glossary)

    editor = Editor(chromium, one.url)
    editor.publish(
        glossary.reach.pk,
        title="Unique reach",
        short_definition=NEW_TEXT,
        category="Money",
        new_tag="sponsored",
        slug="unique-reach",
    )
    editor.close()

    reach = glossary.reach.pk
    for reader in readers:
        where = reader.url
        listing = reader.term_listing()[reach]
        assert (listing["title"], listing["short_definition"]) == (
            "Unique reach",
            NEW_TEXT,
        ), where
        term = reader.json("/api/glossary/terms/unique-reach/")
        assert term["short_definition"] == NEW_TEXT, where
        assert term["category"]["slug"] == "money", where
        assert "sponsored" in term["tags"], where
        old_address = reader.answer("/api/glossary/terms/reach/")
        assert old_address.status == 301, where
        assert old_address.header("Location").endswith(
            "/api/glossary/terms/unique-reach/"
        ), where
        letters = reader.letters()
        assert (letters["R"], letters["U"]) == (0, 1), where
        assert reader.categories() == {"audience": 1, "money": 2}, where
        assert reader.tags()["sponsored"] == 1, where
        assert reader.search("unique")[reach]["short_definition"] == NEW_TEXT, where
        # Still found by its old word, if at all, with the new text.
        found = reader.search("reach").get(reach, {"short_definition": NEW_TEXT})
        assert found["short_definition"] == NEW_TEXT, where
        assert "Unique reach" in reader.autocomplete("uniq"), where
        assert "Reach" not in reader.autocomplete("rea"), where
        page = reader.pages()[reach]
        assert (page["title"], page["short_definition"]) == ("Unique reach", NEW_TEXT)
        detail = reader.page(reach)
        assert (detail["title"], detail["short_definition"]) == (
            "Unique reach",
            NEW_TEXT,
        ), where
        sitemap = reader.sitemap()
        assert f"{FRONTEND_URL}/glossary/unique-reach/" in sitemap, where
        assert f"{FRONTEND_URL}/glossary/reach/" not in sitemap, where
        for linking in (
            reader.json("/api/glossary/terms/impressions/"),
            reader.page(glossary.impressions.pk),
        ):
            related = linking["related_terms"][0]
            assert (related["title"], related["short_definition"]) == (
                "Unique reach",
                NEW_TEXT,
            ), where
            assert f"{FRONTEND_URL}/glossary/unique-reach/" in linking["definition"]


@needs_browser()
def test_an_unpublish_on_one_server_is_what_the_other_serves_at_once(
    servers, glossary, chromium
):
    one, other = servers
    reader = Reader(other)
    assert_shows_the_published_glossary(reader, glossary)

    editor = Editor(chromium, one.url)
    editor.unpublish(glossary.reach.pk)
    editor.close()

    reach = glossary.reach.pk
    assert reach not in reader.term_listing()
    assert reader.answer("/api/glossary/terms/reach/").status == 404
    assert reader.letters()["R"] == 0
    assert reader.categories() == {"audience": 1, "money": 1}
    assert reader.tags()["awareness"] == 1
    assert reach not in reader.search("reach")
    assert "Reach" not in reader.autocomplete("rea")
    assert reach not in reader.pages()
    assert reader.answer(f"/api/v2/pages/{reach}/").status == 404
    assert f"{FRONTEND_URL}/glossary/reach/" not in reader.sitemap()
    for linking in (
        reader.json("/api/glossary/terms/impressions/"),
        reader.page(glossary.impressions.pk),
    ):
        assert linking["related_terms"] == []
        assert "/glossary/reach/" not in linking["definition"]


LOAD_PATHS = [
    "/api/glossary/terms/",
    "/api/glossary/terms/reach/",
    "/api/glossary/letters/",
    "/api/glossary/search/?q=reach",
    "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*",
    "/sitemap.xml",
]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_when_one_server_stops_under_load_the_other_answers_every_request(
    servers, stop
):
    one, other = servers
    threads, before_stop, after_stop = 4, 2.0, 3.0
    outcomes = defaultdict(list)  # server url -> [(seconds since start, outcome)]
    lock = threading.Lock()
    start = time.monotonic()
    end = start + before_stop + after_stop

    def load(offset):
        turn = offset
        while time.monotonic() < end:
            server = servers[turn % 2]
            path = LOAD_PATHS[turn % len(LOAD_PATHS)]
            turn += 1
            try:
                outcome = get(server.url + path, timeout=10).status
            except OSError as error:
                outcome = type(error).__name__
            with lock:
                outcomes[server.url].append((time.monotonic() - start, outcome))

    workers = [threading.Thread(target=load, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    time.sleep(before_stop)
    stopped_at = time.monotonic() - start
    one.signal(stop)
    for worker in workers:
        worker.join()

    live = outcomes[other.url]
    dead = outcomes[one.url]
    assert {outcome for _at, outcome in live} == {200}
    assert len([at for at, _outcome in live if at > stopped_at + 0.5]) >= 10
    assert {outcome for at, outcome in dead if at < stopped_at} == {200}
    # The stopped server answered what it had started, then refused.
    after = [outcome for at, outcome in dead if at > stopped_at + 0.5]
    assert after and all(isinstance(outcome, str) for outcome in after), after
    assert not [o for _at, o in dead if isinstance(o, int) and o >= 500]
