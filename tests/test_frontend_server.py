"""The reference frontend's static server."""

import importlib.util
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SERVE = Path(__file__).resolve().parent.parent / "frontend" / "serve.py"


def start_frontend(cms_url):
    """Serve frontend/ on a free port in a thread; returns (server, base URL)."""
    spec = importlib.util.spec_from_file_location("frontend_serve", SERVE)
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    server = serve.make_server("127.0.0.1", 0, cms_url, verbose=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def frontend():
    # Port 9 (discard) is closed here: the CMS is unreachable.
    server, url = start_frontend("http://127.0.0.1:9/")
    yield url
    server.shutdown()
    server.server_close()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_config_points_at_the_cms(frontend):
    status, headers, body = get(f"{frontend}/config.json")
    assert status == 200
    assert json.loads(body) == {"cmsUrl": "http://127.0.0.1:9"}


@pytest.mark.parametrize(
    "path", ["/", "/glossary/", "/glossary/micro-influencer/", "/../cms/urls.py"]
)
def test_every_page_path_gets_the_app_shell(frontend, path):
    status, headers, body = get(f"{frontend}{path}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b'<script type="module" src="/app.js">' in body


def test_modules_are_served_as_javascript(frontend):
    for name in ("app.js", "api.js", "render.js"):
        status, headers, _body = get(f"{frontend}/{name}")
        assert (status, headers["Content-Type"]) == (200, "text/javascript")


def test_sitemap_says_when_the_cms_is_down(frontend):
    status, _headers, body = get(f"{frontend}/sitemap.xml")
    assert (status, body) == (502, b"CMS unavailable")
