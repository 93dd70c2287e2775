"""Editors and readers in a real Chromium, on the reference frontend and a live CMS.

The frontend is its production build (``frontend/server.mjs``), started once
for the module and emptied of cached pages before each test; the CMS is
pytest-django's live server. Playwright's event loop keeps the test's thread
while a browser is open, and Django refuses database queries from such a
thread: each test writes what it needs before it opens Chromium.
"""

import re
import time
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from glossary.models import GlossaryTermAlias, GlossaryTermPage
from webhooks.event_types import SUBSCRIBABLE
from webhooks.models import Delivery, Endpoint

from .factories import GlossaryTermPageFactory, build_site
from .frontend import needs_frontend, start_frontend
from .live_site import SITEMAP_NS, expire_everything, frontend_settings
from .servers import Editor, chromium_browser, needs_browser

pytestmark = [
    needs_browser(),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
on_the_frontend = needs_frontend()

# How long a reader may see the old page after the editor clicks Publish:
# far below what any cache on the way would keep it (60 s and more), which is
# the point; not a speed target, which a shared test machine cannot measure.
# The worker indexes the term for search before it sends the webhook.
PUBLISH_TO_PAGE_SECONDS = 5
# How long the preview panel may take to show what the editor typed.
TYPING_TO_PREVIEW_SECONDS = 3


@pytest.fixture(scope="module")
def frontend(live_server, tmp_path_factory):
    server = start_frontend(live_server.url, tmp_path_factory.mktemp("frontend"))
    yield server
    server.stop()


@pytest.fixture
def site(live_server, frontend, settings):
    """The live CMS handing out the frontend's URLs and previewing on it."""
    for name, value in frontend_settings(live_server.url, frontend.url).items():
        setattr(settings, name, value)
    # Wagtail saves a draft a moment after each change in the edit form. Off
    # here: what the editor types stays unsaved, so the preview can only show
    # it from the form; and the suite's in-memory SQLite database locks a
    # table against the preview's read while autosave writes.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    return frontend


@pytest.fixture
def glossary():
    _home, index = build_site()
    return index


def publish_term(glossary, other_names=(), **fields):
    term = GlossaryTermPageFactory(parent=glossary, **fields)
    term.term_aliases = [GlossaryTermAlias(name=name) for name in other_names]
    term.save_revision().publish()
    return term


def revalidated_by_the_cms(frontend):
    """A webhook endpoint that tells the frontend about every page change."""
    return Endpoint.objects.create(
        name="Reference frontend",
        url=f"{frontend.url}/api/revalidate/",
        secret=frontend.secret,
        events=list(SUBSCRIBABLE),
    )


def ready(frontend):
    """Forget pages the frontend rendered from an earlier test's database."""
    expire_everything(frontend)


class Console:
    """Every console error and uncaught exception in the browser contexts watched.

    A Content-Security-Policy violation is a console error in Chromium, so
    an empty list also means no script, style, frame or request was blocked.
    """

    def __init__(self):
        self.errors = []

    def watch(self, context):
        context.on("console", self._message)
        context.on("weberror", lambda error: self.errors.append(str(error.error)))
        return context

    def _message(self, message):
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"{message.text} ({where})")

    def forgive_status(self, url, status):
        """Drop Chromium's report of a page answering ``status`` on purpose."""
        expected = f"the server responded with a status of {status}"
        self.errors = [
            error for error in self.errors if not (expected in error and url in error)
        ]


@pytest.fixture
def console(live_server):
    watched = Console()
    yield watched
    # Chromium asks for /favicon.ico on some admin navigations whatever the
    # page names, and the CMS has none to give: a CMS matter, not the site's.
    watched.forgive_status(f"{live_server.url}/favicon.ico", 404)
    assert watched.errors == []


def reader(browser, console, **options):
    """A fresh browser context: no cookies, no preview."""
    return console.watch(browser.new_context(**options)).new_page()


def signed_in(browser, console, live_server):
    editor = Editor(browser, live_server.url, "admin", "password")
    console.watch(editor.context)
    return editor


def cms_answer(page, live_server, path):
    """What the CMS's glossary API answers now, for a failure's message."""
    answer = page.request.get(f"{live_server.url}/api/glossary/{path}", max_redirects=0)
    return f"the CMS answers {answer.status} for {path}: {answer.text()[:300]}"


def deliveries():
    """The webhook deliveries made, for a failure's message."""
    made = Delivery.objects.values_list(
        "event", "status", "attempts", "response_code", "last_error"
    )
    return f"deliveries: {list(made)!r}"


def head(page, selector, attribute):
    return page.locator(selector).get_attribute(attribute)


# Preview ------------------------------------------------------------------------


@on_the_frontend
def test_an_editor_previews_a_draft_and_what_they_type_on_the_frontend(
    live_server, site, glossary, admin_user, console
):
    from playwright.sync_api import expect

    term = publish_term(
        glossary,
        title="Micro-influencer",
        slug="micro-influencer",
        short_definition="Published words about small creators.",
    )
    typed = "A sentence typed into the form and never saved."
    public_url = f"{site.url}/glossary/micro-influencer/"
    ready(site)

    with chromium_browser() as browser:
        editor = signed_in(browser, console, live_server)
        page = editor.page
        # Wagtail notes the form's starting state a moment after the edit
        # view loads and compares edits against it; what was typed before then
        # becomes the starting state, and nothing looks changed.
        page.add_init_script(
            "document.addEventListener('w-unsaved:watch-edits',"
            " () => { window.watchingEdits = true; });"
        )
        page.goto(f"{live_server.url}/admin/pages/{term.pk}/edit/")
        page.locator("[data-side-panel-toggle=preview]").click()
        # The admin's preview frame holds the CMS's preview page, which frames
        # the frontend's preview route.
        preview = page.frame_locator("#w-preview-iframe").frame_locator("iframe")
        banner = preview.locator(".preview-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Preview")
        expect(preview.locator("p.lead")).to_have_text(
            "Published words about small creators."
        )
        expect(preview.locator('meta[name="robots"]')).to_have_attribute(
            "content", "noindex, nofollow"
        )

        page.wait_for_function("() => window.watchingEdits === true")
        field = page.locator("#id_short_definition")
        field.fill("")
        field.press_sequentially(typed, delay=20)
        started = time.monotonic()
        expect(preview.locator("p.lead")).to_have_text(
            typed, timeout=TYPING_TO_PREVIEW_SECONDS * 1000
        )
        assert time.monotonic() - started < TYPING_TO_PREVIEW_SECONDS
        expect(banner).to_be_visible()

        # "Preview in new tab" shows the same unsaved text, full size.
        with editor.context.expect_page() as opened:
            page.get_by_role("link", name="Preview in new tab").click()
        tab = opened.value
        framed = tab.frame_locator("iframe")
        expect(framed.locator("p.lead")).to_have_text(typed)
        expect(framed.locator(".preview-banner")).to_be_visible()

        # A reader without the preview cookie sees the published page only.
        public = reader(browser, console)
        public.goto(public_url)
        expect(public.locator("p.lead")).to_have_text(
            "Published words about small creators."
        )
        expect(public.locator(".preview-banner")).to_have_count(0)
        content = public.content()
        assert typed not in content
        assert head(public, 'meta[name="robots"]', "content") == "index, follow"


# Publishing ---------------------------------------------------------------------


@on_the_frontend
def test_a_published_change_reaches_the_cached_public_page_at_once(
    live_server, site, glossary, admin_user, console
):
    from playwright.sync_api import expect

    term = publish_term(
        glossary,
        title="Engagement rate",
        slug="engagement-rate",
        short_definition="The old sentence readers have cached.",
    )
    revalidated_by_the_cms(site)
    public_url = f"{site.url}/glossary/engagement-rate/"
    changed = "A new sentence, published in the admin a moment ago."
    ready(site)

    with chromium_browser() as browser:
        page = reader(browser, console)
        # Twice: the second answer comes from the frontend's cache.
        page.goto(public_url)
        cached = page.goto(public_url)
        assert cached.headers.get("x-nextjs-cache") == "HIT"
        expect(page.locator("p.lead")).to_have_text(
            "The old sentence readers have cached."
        )

        editor = signed_in(browser, console, live_server)
        admin = editor.page
        admin.goto(f"{live_server.url}/admin/pages/{term.pk}/edit/")
        admin.fill("#id_short_definition", changed)
        published = time.monotonic()
        editor.click_publish()
        expect(admin.locator(".messages")).to_contain_text("published")

        delay = None
        while time.monotonic() - published < PUBLISH_TO_PAGE_SECONDS + 3:
            page.goto(public_url)
            if page.locator("p.lead").text_content() == changed:
                delay = time.monotonic() - published
                break
            time.sleep(0.1)
        cms_said = cms_answer(page, live_server, "terms/engagement-rate/")
    assert delay is not None, (
        f"the public page never showed the change; {cms_said}; {deliveries()}"
    )
    assert delay < PUBLISH_TO_PAGE_SECONDS, f"shown {delay:.2f} s after Publish"


# Addresses ----------------------------------------------------------------------


@on_the_frontend
def test_unknown_terms_other_names_and_old_slugs(
    live_server, site, glossary, admin_user, console
):
    from playwright.sync_api import expect

    publish_term(
        glossary,
        title="Micro-influencer",
        slug="micro-influencer",
        other_names=["Micro creator"],
    )
    renamed = publish_term(glossary, title="Media kit", slug="press-kit")
    revalidated_by_the_cms(site)
    ready(site)

    with chromium_browser() as browser:
        page = reader(browser, console)

        missing = f"{site.url}/glossary/no-such-term/"
        answer = page.goto(missing)
        assert answer.status == 404
        expect(page.locator("h1")).to_have_text("Page not found")
        expect(page.locator("main")).to_contain_text("renamed or removed")
        page.locator("main").get_by_role(
            "link", name=re.compile("browse every")
        ).click()
        expect(page).to_have_url(f"{site.url}/glossary/")
        console.forgive_status(missing, 404)

        answer = page.goto(f"{site.url}/glossary/micro-creator/")
        assert answer.request.redirected_from.response().status == 301
        expect(page).to_have_url(f"{site.url}/glossary/micro-influencer/")
        expect(page.locator("h1")).to_have_text("Micro-influencer")

        # The old address is visited (and cached) before the rename.
        old = f"{site.url}/glossary/press-kit/"
        assert page.goto(old).status == 200
        editor = signed_in(browser, console, live_server)
        editor.publish(renamed.pk, slug="media-kit")
        answer = page.goto(old)
        redirected = answer.request.redirected_from
        cms_said = cms_answer(page, live_server, "terms/press-kit/")
        assert redirected is not None, f"not redirected; {cms_said}"
        assert redirected.response().status == 301
        expect(page).to_have_url(f"{site.url}/glossary/media-kit/")
        expect(page.locator("h1")).to_have_text("Media kit")


# Searching ----------------------------------------------------------------------


@on_the_frontend
def test_the_search_box_suggests_through_typos_and_works_without_javascript(
    site, glossary, console
):
    from playwright.sync_api import expect

    publish_term(
        glossary,
        title="Micro-influencer",
        short_definition="A creator.",
        other_names=["Micro creator"],
    )
    publish_term(glossary, title="Nano-influencer", short_definition="Smaller.")
    publish_term(glossary, title="Reach", short_definition="Unique viewers.")
    ready(site)

    with chromium_browser() as browser:
        page = reader(browser, console)
        page.goto(site.url + "/")
        box = page.get_by_role("combobox", name="Search the glossary")
        box.press_sequentially("micro influenser", delay=30)
        suggestions = page.get_by_role("listbox", name="Suggestions")
        expect(suggestions).to_be_visible()
        expect(box).to_have_attribute("aria-expanded", "true")
        option = suggestions.get_by_role("option").first
        expect(option).to_contain_text("Micro")
        box.press("ArrowDown")
        expect(option).to_have_attribute("aria-selected", "true")
        expect(box).to_have_attribute(
            "aria-activedescendant", option.get_attribute("id")
        )
        box.press("Enter")
        expect(page).to_have_url(f"{site.url}/glossary/micro-influencer/")
        expect(page.locator("h1")).to_have_text("Micro-influencer")

        box = page.get_by_role("combobox", name="Search the glossary")
        box.fill("influencer")
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q=influencer$"))
        results = page.locator("ol.results a")
        expect(results).to_have_count(2)
        assert set(results.all_text_contents()) == {
            "Micro-influencer",
            "Nano-influencer",
        }

        static = reader(browser, console, java_script_enabled=False)
        static.goto(site.url + "/")
        static.get_by_role("combobox", name="Search the glossary").fill("reach")
        static.get_by_role("button", name="Search").click()
        expect(static).to_have_url(re.compile(r"/search/\?q=reach$"))
        expect(static.locator("ol.results a")).to_have_text(["Reach"])
        expect(static.get_by_role("status")).to_have_text("1 term matches.")


# A term with an accent ------------------------------------------------------------


@on_the_frontend
def test_the_élite_term_opens_at_its_canonical_address_and_from_the_sitemap(
    site, glossary, console
):
    from playwright.sync_api import expect

    publish_term(
        glossary,
        title="Élite creator programme",
        short_definition="An invitation-only scheme for top creators.",
    )
    ready(site)
    canonical = f"{site.url}/glossary/%C3%A9lite-creator-programme/"

    with chromium_browser() as browser:
        page = reader(browser, console)
        sitemap = page.request.get(f"{site.url}/sitemap.xml")
        assert sitemap.status == 200
        root = ElementTree.fromstring(sitemap.body())
        locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
        assert canonical in locations

        for address in (canonical, f"{site.url}/glossary/élite-creator-programme/"):
            answer = page.goto(address)
            assert answer.status == 200
            assert page.url == canonical
            expect(page.locator("h1")).to_have_text("Élite creator programme")
            assert head(page, 'link[rel="canonical"]', "href") == page.url
            assert head(page, 'meta[property="og:url"]', "content") == page.url
        assert unquote(urlsplit(page.url).path) == "/glossary/élite-creator-programme/"


# The admin's own pages --------------------------------------------------------------


def test_editor_imports_a_spreadsheet_through_the_dry_run(
    live_server, admin_user, tmp_path, console
):
    from playwright.sync_api import expect

    _home, glossary = build_site()
    GlossaryTermPageFactory(parent=glossary, title="Reach", slug="reach")
    upload = tmp_path / "terms.csv"
    upload.write_text(
        "title,short_definition,definition,related_terms\n"
        "Impressions,How often content is shown.,Shown twice counts twice.,reach\n"
        "Engagement rate,Interactions per view.,<p>Likes and comments.</p>,\n",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.csv"
    broken.write_text("title,short_defintion\nOops,x\n", encoding="utf-8")

    with chromium_browser() as browser:
        page = signed_in(browser, console, live_server).page

        # Glossary → Import terms, from the menu.
        page.get_by_role("button", name="Glossary").click()
        page.get_by_role("link", name="Import terms").click()

        # A broken file: every problem named, no way to import it.
        page.set_input_files("input[type=file]", str(broken))
        page.get_by_role("button", name="Check the file").click()
        problems = page.locator("[data-import-problems]")
        expect(problems).to_contain_text('did you mean "short_definition"')
        expect(problems).to_contain_text("definition")
        expect(page.get_by_role("button", name="Import as drafts")).to_have_count(0)

        # A good one: the dry run lists what will happen, then the import runs.
        page.goto(f"{live_server.url}/admin/glossary/import/")
        page.set_input_files("input[type=file]", str(upload))
        page.get_by_role("button", name="Check the file").click()
        expect(page.locator("[data-import-status]")).to_contain_text("Checked")
        created = page.locator("[data-import-rows=created]")
        expect(created).to_contain_text("Impressions")
        expect(created).to_contain_text("Engagement rate")
        page.get_by_role("button", name="Import as drafts").click()
        expect(page.locator("[data-import-status]")).to_contain_text("Imported")
        expect(page.locator(".messages")).to_contain_text("Importing terms.csv")

        # The drafts are in the Terms listing, ready for review.
        page.get_by_role("button", name="Glossary").click()
        page.get_by_role("link", name="Terms", exact=True).click()
        expect(page.locator("table.listing")).to_contain_text("Impressions")
        expect(page.locator("table.listing")).to_contain_text(
            re.compile("draft", re.IGNORECASE)
        )


# A new term, from the first keystroke to the public page -----------------------------


@on_the_frontend
def test_a_new_term_is_warned_counted_linked_and_published(
    live_server, site, glossary, admin_user, console
):
    """One new term through the duplicate warning, the live SEO counts and checks,
    and the automatic link its publish adds, as the editor and then a reader see it.
    """
    from playwright.sync_api import expect

    # A save takes seconds on a busy machine; that is not what this measures.
    slow = 30_000
    publish_term(
        glossary,
        title="Micro-influencer",
        slug="micro-influencer",
        other_names=["Micro-creator"],
    )
    rate = publish_term(glossary, title="Engagement rate", slug="engagement-rate")
    revalidated_by_the_cms(site)
    ready(site)
    seo_title = "Microcreator: what the word means for brand deals"
    description = (
        "A microcreator is a creator with a small, loyal following: what the word "
        "means, why brands book them and how they are paid."
    )

    with chromium_browser() as browser:
        editor = signed_in(browser, console, live_server)
        page = editor.page
        page.goto(
            f"{live_server.url}/admin/pages/add/glossary/glossarytermpage/{glossary.pk}/"
        )
        page.fill("#id_title", "Microcreator")
        page.fill("#id_short_definition", "A creator with a small, loyal audience.")
        page.locator("[data-contentpath=definition] [contenteditable=true]").click()
        page.keyboard.type("Brands judge one by the Engagement Rate of recent posts.")
        expect(page.locator("#id_definition")).to_have_value(
            re.compile("Engagement Rate"), timeout=slow
        )

        # The Promote tab counts as the editor types, and checks without saving.
        page.get_by_role("tab", name="Promote").click()
        title_count = page.locator('[data-seo-count-kind-value="title"]')
        description_count = page.locator('[data-seo-count-kind-value="description"]')
        expect(title_count).to_contain_text("from the page title")
        expect(description_count).to_have_attribute("data-state", "fallback")
        page.fill("#id_seo_title", "Microcreator")
        expect(title_count).to_have_attribute("data-state", "good")
        page.fill("#id_seo_title", seo_title + " and why a small audience still pays")
        expect(title_count).to_have_attribute("data-state", "long")
        expect(title_count).to_contain_text("too long")
        page.fill("#id_seo_title", seo_title)
        expect(title_count).to_have_attribute("data-state", "good")
        expect(title_count).to_contain_text(f"{len(seo_title)} characters")
        page.fill("#id_search_description", "Too short.")
        expect(description_count).to_have_attribute("data-state", "short")
        page.fill("#id_search_description", description)
        expect(description_count).to_have_attribute("data-state", "good")
        expect(description_count).to_contain_text(f"{len(description)} characters")
        expect(page.locator("[data-seo-result-title]")).to_contain_text(
            seo_title, timeout=slow
        )
        expect(page.locator("[data-seo-result-description]")).to_have_text(
            description, timeout=slow
        )
        expect(page.locator("[data-seo-checks-status]")).to_contain_text(
            "Checked as you typed", timeout=slow
        )

        # Publishing is held up by the close name, then goes ahead on a tick.
        editor.click_publish()
        warning = page.locator("[data-contentpath=title] .error-message")
        expect(warning).to_contain_text(
            "“Microcreator” is close to “Micro-creator”", timeout=slow
        )
        warning.get_by_label("This is a different term — save anyway").check()
        editor.click_publish()
        expect(page.locator(".messages")).to_contain_text("published", timeout=slow)

        # Back in the term, the editor finds the automatic link in their definition.
        page.locator("table.listing").get_by_role(
            "link", name="Microcreator", exact=True
        ).first.click()
        link = page.locator("[data-contentpath=definition] [contenteditable=true] a")
        expect(link).to_have_text("Engagement Rate", timeout=slow)

        # A reader of the new public page follows it to the term.
        reading = reader(browser, console)
        reading.goto(f"{site.url}/glossary/microcreator/")
        expect(reading.locator("h1")).to_have_text("Microcreator")
        assert reading.title().startswith(seo_title)
        reading.locator("main").get_by_role("link", name="Engagement Rate").click()
        expect(reading).to_have_url(f"{site.url}/glossary/engagement-rate/")

    new = GlossaryTermPage.objects.get(title="Microcreator")
    assert new.live
    assert f'<a linktype="page" id="{rate.pk}">Engagement Rate</a>' in str(
        new.definition
    )
