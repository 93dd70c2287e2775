"""`make bench` lives in bench/: the product neither offers nor imports it."""

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from bench.management.commands import benchmark

from .processes import run_django


def test_the_product_does_not_offer_the_benchmark():
    assert "bench" not in settings.INSTALLED_APPS
    assert "benchmark" not in get_commands()
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("benchmark")


def test_loading_the_product_imports_nothing_from_bench():
    # A fresh process: this test module has imported bench itself.
    script = (
        "import sys, django; django.setup(); import cms.urls, cms.wsgi; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'bench'))"
    )
    result = run_django("cms.settings.dev", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_benchmark_refuses_a_database_other_than_postgres(db):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("the guard is for SQLite runs")
    with pytest.raises(CommandError, match="bench.settings"):
        call_command(benchmark.Command())


def test_bench_urls_serve_the_yardsticks_beside_the_site(make_term, client, settings):
    term = make_term(title="Brand funnel")
    settings.ROOT_URLCONF = "bench.urls"

    ceiling = client.get("/bench/static.json")
    assert ceiling.status_code == 200
    assert 4_000 < len(ceiling.content) < 6_000

    stock = client.get(
        "/bench/stock-v2/pages/", {"type": "glossary.GlossaryTermPage", "fields": "*"}
    )
    assert stock.status_code == 200
    assert [item["title"] for item in stock.json()["items"]] == [term.title]

    ours = client.get("/api/glossary/terms/", {"limit": 20})
    assert ours.status_code == 200
    assert [item["title"] for item in ours.json()["items"]] == [term.title]


def test_transfer_runs_a_command_and_reads_its_own_peak_memory():
    from bench import transfer

    seconds, peak_mb, output = transfer.run(["check"])
    assert "no issues" in output
    # The process's own high-water mark: a Django process, not its parent.
    assert 20 < peak_mb < 1000 and seconds > 0
    with pytest.raises(RuntimeError, match="failed"):
        transfer.run(["no_such_command"])
