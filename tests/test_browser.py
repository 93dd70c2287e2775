"""An editor previews a draft on the reference frontend, in a real Chromium.

Runs where Debian's chromium is installed (``.ci/run`` installs it); elsewhere
the test is skipped with a message saying so.
"""

import json
import os
import re
import urllib.request

import pytest

from .factories import GlossaryTermPageFactory, build_site
from .servers import CHROMIUM, CHROMIUM_ARGS
from .test_frontend_server import start_frontend

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
# CI sets REQUIRE_BROWSER_TESTS so a missing browser fails instead of skipping.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("REQUIRE_BROWSER_TESTS"),
    reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
)


@pytest.fixture
def frontend(live_server, settings):
    """The reference frontend on a free port, wired to the live CMS."""
    server, url = start_frontend(live_server.url)
    settings.FRONTEND_URL = url
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = live_server.url
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": url},
        "SERVE_BASE_URL": url,
    }
    settings.CORS_ALLOWED_ORIGINS = [url]
    yield url
    server.shutdown()
    server.server_close()


def api_definition(live_server, page_id):
    with urllib.request.urlopen(f"{live_server.url}/api/v2/pages/{page_id}/") as r:
        return json.load(r)["definition"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_previews_a_draft_on_the_frontend_then_publishes(
    live_server, frontend, admin_user
):
    _home, glossary = build_site()
    term = GlossaryTermPageFactory(
        parent=glossary,
        title="Micro-influencer",
        slug="micro-influencer",
        definition="<p>Published words about small creators.</p>",
    )
    term.save_revision().publish()
    public_page = f"{frontend}/glossary/micro-influencer/"
    draft_text = "Draft words written in the browser."

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        expect = playwright_api.expect
        # The admin must work under its Content-Security-Policy: Chromium
        # reports every blocked script, style, frame or request on the console.
        blocked = []
        page.on(
            "console",
            lambda message: (
                blocked.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "password")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

        # Replace the definition and save a draft.
        page.goto(f"{live_server.url}/admin/pages/{term.pk}/edit/")
        editor = page.locator(
            "[data-contentpath=definition] .public-DraftEditor-content"
        )
        editor.click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(draft_text)
        # Draftail writes its hidden input a moment after typing stops.
        page.wait_for_function(
            "text => document.querySelector('#id_definition').value.includes(text)",
            arg=draft_text,
        )
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator(".messages")).to_contain_text("has been updated")

        # Preview: the admin opens the frontend with a token; the draft shows
        # under the preview banner.
        page.locator("[data-side-panel-toggle=preview]").click()
        preview = page.frame_locator("#w-preview-iframe").frame_locator("iframe")
        expect(preview.locator("#preview-banner")).to_be_visible()
        expect(preview.locator("#preview-banner")).to_contain_text("Preview")
        expect(preview.locator("[data-testid=definition]")).to_contain_text(draft_text)
        expect(preview.locator('meta[name="robots"]')).to_have_attribute(
            "content", "noindex, nofollow"
        )

        # The public API and the public page still show the published text.
        assert "Published words" in api_definition(live_server, term.pk)
        reader = browser.new_page()
        reader.goto(public_page)
        expect(reader.locator("[data-testid=definition]")).to_contain_text(
            "Published words"
        )
        expect(reader.locator("#preview-banner")).to_be_hidden()
        assert draft_text not in reader.content()
        json_ld = reader.locator('script[type="application/ld+json"]')
        assert "DefinedTerm" in json_ld.first.text_content()

        # Publish: both now show the new text.
        page.goto(f"{live_server.url}/admin/pages/{term.pk}/edit/")
        page.get_by_role("button", name="More actions").click()
        page.locator("button[name=action-publish]").click()
        expect(page.locator(".messages")).to_contain_text("published")
        assert blocked == []
        assert "script-src 'self'" in page.evaluate(
            "() => fetch(location.href).then(r => r.headers.get("
            "'content-security-policy'))"
        )
        assert draft_text in api_definition(live_server, term.pk)
        reader.goto(public_page)
        expect(reader.locator("[data-testid=definition]")).to_contain_text(draft_text)

        # The glossary lists it under its letter, from /api/glossary/.
        reader.goto(f"{frontend}/glossary/?letter=m")
        expect(reader.locator("[data-testid=letter-section]")).to_contain_text(
            "Micro-influencer"
        )
        expect(reader.locator(".az__empty").first).to_have_text("A")
        browser.close()

    # The frontend's host also answers for the sitemap.
    with urllib.request.urlopen(f"{frontend}/sitemap.xml") as response:
        assert f"<loc>{public_page}</loc>" in response.read().decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_imports_a_spreadsheet_through_the_dry_run(
    live_server, admin_user, tmp_path
):
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

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        expect = playwright_api.expect
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "password")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

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
        browser.close()
