"""Production refuses to start without secrets; the CMS host serves no public HTML."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(ALLOWED_HOSTS="cms.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check(SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deploy_check():
    result = run_check(
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="cms.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_page_urls_on_the_cms_host_redirect_to_the_frontend(client, make_term):
    term = make_term(title="Reach")
    response = client.get("/glossary/reach/")
    assert response.status_code == 302
    assert response["Location"] == "https://glossary.example.com/glossary/reach/"
    assert term.full_url == "https://glossary.example.com/glossary/reach/"


def test_admin_static_files_are_served(client, db):
    response = client.get("/static/wagtailadmin/css/core.css")
    assert response.status_code == 200
