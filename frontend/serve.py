"""Serve the reference frontend: static files, plus index.html for every page path.

    python frontend/serve.py --port 3000 --cms-url http://127.0.0.1:8000

The page reads the CMS address from /config.json, which this server writes
from --cms-url. /sitemap.xml is fetched from the CMS so search engines find it
on the public host.
"""

import argparse
import json
import mimetypes
import urllib.error
import urllib.request
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
ASSETS = {"/app.js", "/render.js", "/api.js", "/style.css"}


class FrontendHandler(BaseHTTPRequestHandler):
    server_version = "GlossaryFrontend"

    def __init__(self, *args, cms_url, **kwargs):
        self.cms_url = cms_url.rstrip("/")
        super().__init__(*args, **kwargs)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/config.json":
            body = json.dumps({"cmsUrl": self.cms_url}).encode()
            self.send(HTTPStatus.OK, body, "application/json", "no-cache")
        elif path == "/sitemap.xml":
            self.proxy_sitemap()
        elif path in ASSETS:
            content_type = mimetypes.guess_type(path)[0] or "text/plain"
            if path.endswith(".js"):
                content_type = "text/javascript"
            self.send(
                HTTPStatus.OK, (ROOT / path[1:]).read_bytes(), content_type, "no-cache"
            )
        else:
            # Every other path is a page; app.js asks the CMS what lives there.
            body = (ROOT / "index.html").read_bytes()
            self.send(HTTPStatus.OK, body, "text/html; charset=utf-8", "no-cache")

    def do_HEAD(self):
        self.do_GET()

    def proxy_sitemap(self):
        try:
            with urllib.request.urlopen(f"{self.cms_url}/sitemap.xml", timeout=10) as r:
                self.send(HTTPStatus.OK, r.read(), "application/xml", "max-age=300")
        except (urllib.error.URLError, TimeoutError):
            self.send(
                HTTPStatus.BAD_GATEWAY, b"CMS unavailable", "text/plain", "no-store"
            )

    def send(self, status, body, content_type, cache_control):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache_control)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(host, port, cms_url, verbose=True):
    server = ThreadingHTTPServer(
        (host, port), partial(FrontendHandler, cms_url=cms_url)
    )
    server.verbose = verbose
    server.daemon_threads = True
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--cms-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    server = make_server(args.host, args.port, args.cms_url)
    print(f"Frontend on http://{args.host}:{args.port}/ reading {args.cms_url}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
