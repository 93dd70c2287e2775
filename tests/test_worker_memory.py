"""A worker does not hold finished answers, nor code only some requests need."""

import gc
import weakref

from .processes import run_django

LISTING = "/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*&limit=20"


def test_a_requests_reference_cycles_are_freed_when_the_next_request_starts(
    client, terms
):
    # With automatic collection off, only the collection the next request
    # starts with can free what the first one left in cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        response = client.get(LISTING)
        assert response.status_code == 200
        view = weakref.ref(response.renderer_context["view"])
        del response
        assert view() is not None  # kept alive by a cycle, not by the test
        assert client.get("/api/glossary/letters/").status_code == 200
        assert view() is None
    finally:
        if enabled:
            gc.enable()


def test_a_worker_starts_without_the_spreadsheet_library():
    # openpyxl is about 10 MB a worker would hold for the rare import or export.
    script = (
        "import sys\n"
        "import cms.wsgi\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"  # every view module, as on a first request
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))\n"
    )
    result = run_django("cms.settings.dev", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
