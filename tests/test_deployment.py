"""Production refuses to start without secrets; the CMS host serves no public HTML."""

from .processes import run_django


def run_check(**env):
    return run_django(
        "cms.settings.production",
        *("manage.py", "check", "--deploy", "--fail-level", "WARNING"),
        env=env,
        drop=("SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "GLOSSARY_API_CACHE"),
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(ALLOWED_HOSTS="cms.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check(SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


SECRETS = {
    "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
    "ALLOWED_HOSTS": "cms.example.com",
}


def test_production_passes_the_deploy_check():
    result = run_check(**SECRETS, REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_a_response_cache_each_process_keeps_alone():
    # Another worker, or cron's publish_scheduled, would change content that
    # this process then keeps serving from its own memory.
    result = run_check(**SECRETS)
    assert result.returncode != 0
    assert "set REDIS_URL" in result.stderr
    without_cache = run_check(**SECRETS, GLOSSARY_API_CACHE="0")
    assert without_cache.returncode == 0, without_cache.stderr


def test_production_logs_errors_with_tracebacks_to_stderr():
    script = (
        "import django, logging, sys; django.setup()\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('django.request').exception('Internal Server Error')\n"
    )
    result = run_django(
        "cms.settings.production",
        *("-c", script),
        env={**SECRETS, "GLOSSARY_API_CACHE": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert "ERROR django.request: Internal Server Error" in result.stderr
    assert "ZeroDivisionError" in result.stderr


def test_page_urls_on_the_cms_host_redirect_to_the_frontend(client, make_term):
    term = make_term(title="Reach")
    response = client.get("/glossary/reach/")
    assert response.status_code == 302
    assert response["Location"] == "https://glossary.example.com/glossary/reach/"
    assert term.full_url == "https://glossary.example.com/glossary/reach/"


def test_admin_static_files_are_served(client, db):
    response = client.get("/static/wagtailadmin/css/core.css")
    assert response.status_code == 200


def test_private_and_missing_pages_look_the_same_on_the_cms_host(client, make_term):
    from wagtail.models import PageViewRestriction

    private = make_term(title="Partner deal", slug="partner-deal")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    draft = make_term(title="Launch", slug="launch")
    draft.unpublish()
    answers = {
        path: client.get(path)
        for path in (
            "/glossary/partner-deal/",
            "/glossary/launch/",
            "/glossary/does-not-exist/",
        )
    }
    for path, response in answers.items():
        assert response.status_code == 302, path
        assert response["Location"] == f"https://glossary.example.com{path}"


def test_cms_prefixes_keep_their_own_answers(client, db):
    assert client.get("/admin").status_code == 301
    assert client.get("/api/nothing-here/")["Content-Type"] == "application/json"
    assert client.get("/api/nothing-here/").status_code == 404
