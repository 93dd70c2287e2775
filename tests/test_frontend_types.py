"""The frontend's TypeScript types match the glossary API's OpenAPI document.

``frontend/lib/glossary-api.d.ts`` is generated (``make frontend-types``) and
checked in, so the frontend's type check sees every change to the API; this
test fails while the checked-in copy is out of date.
"""

import os
import subprocess

import pytest
from django.core.management import call_command

from .frontend import FRONTEND, node_major

GENERATOR = FRONTEND / "node_modules" / ".bin" / "openapi-typescript"
CHECKED_IN = FRONTEND / "lib" / "glossary-api.d.ts"

pytestmark = pytest.mark.skipif(
    not (GENERATOR.exists() and (node_major() or 0) >= 20)
    and not os.environ.get("REQUIRE_FRONTEND"),
    reason="the frontend's packages are not installed (cd frontend && npm ci)",
)


def test_checked_in_types_match_the_openapi_document(tmp_path):
    schema = tmp_path / "openapi.json"
    call_command(
        "export_openapi_schema", api="glossary.delivery.api.api", output=str(schema)
    )
    generated = tmp_path / "glossary-api.d.ts"
    result = subprocess.run(
        [str(GENERATOR), str(schema), "-o", str(generated)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert generated.read_text() == CHECKED_IN.read_text(), (
        "frontend/lib/glossary-api.d.ts is out of date: run `make frontend-types`."
    )
