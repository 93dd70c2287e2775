"""The reference frontend (Next.js, ``frontend/``), started from its production build.

``make test`` builds it first (``npm run build``). Without Node.js or without a
build the tests that need it are skipped with a message saying which, unless
CI requires them (``REQUIRE_FRONTEND``).
"""

import os
import secrets
import shutil
import subprocess

import pytest

from .processes import ROOT
from .servers import Server, free_port

FRONTEND = ROOT / "frontend"
BUILD_ID = FRONTEND / ".next" / "BUILD_ID"


def node_major():
    node = shutil.which("node")
    if node is None:
        return None
    result = subprocess.run(
        [node, "-p", "process.versions.node.split('.')[0]"],
        capture_output=True,
        text=True,
        check=False,
    )
    return int(result.stdout.strip()) if result.returncode == 0 else None


def missing():
    """Why the frontend cannot run here, or None."""
    major = node_major()
    if major is None or major < 20:
        return "Node.js 20 or newer is not installed"
    if not BUILD_ID.exists():
        return "the frontend is not built (cd frontend && npm ci && npm run build)"
    return None


def needs_frontend():
    reason = missing()
    return pytest.mark.skipif(
        reason is not None and not os.environ.get("REQUIRE_FRONTEND"),
        reason=reason or "",
    )


def start_frontend(cms_url, log_dir, secret=None):
    """The production server on a free port, reading the CMS at ``cms_url``.

    Its ``secret`` (made up when not given) is what the CMS's webhook
    endpoint must sign with; it is on the returned server as ``.secret``.
    """
    if (reason := missing()) is not None:
        pytest.fail(f"The frontend cannot start: {reason}.")
    port = free_port()
    secret = secret or secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "NODE_ENV": "production",
        "PORT": str(port),
        "HOSTNAME": "127.0.0.1",
        "CMS_URL": cms_url,
        "REVALIDATE_SECRET": secret,
        "NEXT_TELEMETRY_DISABLED": "1",
    }
    server = Server(
        "frontend",
        ["node", str(FRONTEND / "server.mjs")],
        port=port,
        env=env,
        log=log_dir / f"frontend-{port}.log",
    )
    server.secret = secret
    # robots.txt answers without a page from the CMS, so it proves only that
    # the server is up.
    server.wait_until_answering("/robots.txt")
    return server
