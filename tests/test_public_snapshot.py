"""Every public answer for the sample content, compared with a recorded snapshot.

The snapshot pins what the frontend sees — every `/api/v2/` and
`/api/glossary/` endpoint with the parameters the README documents, the
sitemap and the preview endpoint — so code can be moved or reorganised
without changing a byte of it. Ids are made the same on every run by
restarting the id counters before the sample content is loaded; times and
dates are replaced by a placeholder.

After an intended change of output, record it again with
``UPDATE_SNAPSHOT=1 make test`` (on SQLite and on PostgreSQL: search ranks
differ between them, so each has its own file) and review the diff.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from glossary.models import GlossaryCategory, GlossaryTermPage

SNAPSHOTS = Path(__file__).parent / "snapshots"
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
# The sitemap's dates (today's, when the sample content is loaded).
LASTMOD = re.compile(r"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>")
# Stream blocks get random ids when the sample content is built.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Storage adds a random "_Ab3dE9x" to a media file name already taken (by an
# earlier test's sample content: media is shared by the whole run).
MEDIA_SUFFIX = re.compile(r"(/media/[^\"\s]*?)_[A-Za-z0-9]{7}(?=\.)")


def restart_id_counters():
    """Make the next id of every table one past its largest, as on a fresh site."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_sequence")
            for (table,) in cursor.fetchall():
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = "
                    f'(SELECT COALESCE(MAX(rowid), 0) FROM "{table}") WHERE name = %s',
                    [table],
                )
        else:
            sql = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
            for statement in sql:
                cursor.execute(statement)


def public_requests():
    """(name, path) of every public read the README documents."""
    terms = GlossaryTermPage.objects.live().order_by("path")
    first = terms.first()
    category = GlossaryCategory.objects.order_by("slug").first()
    tag = first.tags.order_by("slug").first()
    micro = GlossaryTermPage.objects.get(slug="micro-influencer")
    alias = micro.term_aliases.exclude(slug=micro.slug).order_by("slug").first()
    v2 = "/api/v2/pages/"
    typed = f"{v2}?type=glossary.GlossaryTermPage"
    requests = [
        v2,
        f"{typed}&fields=*&limit=50",
        f"{typed}&fields=short_definition,letter&limit=2",
        f"{typed}&letter=M",
        f"{typed}&category={category.pk}",
        f"{typed}&search=micro",
        f"{typed}&order=title",
        f"{typed}&order=-title&limit=5&offset=5",
        f"{v2}find/?html_path={first.get_url_parts()[2]}",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v2/redirects/",
        "/api/glossary/terms/",
        "/api/glossary/terms/?letter=M",
        f"/api/glossary/terms/?category={category.slug}",
        f"/api/glossary/terms/?tag={tag.slug}",
        "/api/glossary/terms/?q=micro",
        "/api/glossary/terms/?q=creator&order=-title",
        "/api/glossary/terms/?limit=5&offset=5",
        f"/api/glossary/terms/{alias.slug}/",
        "/api/glossary/terms/no-such-term/",
        "/api/glossary/letters/",
        "/api/glossary/categories/",
        "/api/glossary/tags/",
        "/api/glossary/search/?q=micro influenser",
        "/api/glossary/search/?q=engagement",
        "/api/glossary/search/?q=link&limit=3&offset=1",
        "/api/glossary/autocomplete/?q=influ",
        "/api/glossary/autocomplete/?q=eng",
        "/api/glossary/openapi.json",
        "/sitemap.xml",
    ]
    for page in GlossaryTermPage.objects.live().order_by("path"):
        requests.append(f"{v2}{page.pk}/")
        requests.append(f"/api/glossary/terms/{page.slug}/")
    for page in apps.get_model("wagtailcore", "Page").objects.filter(depth__in=(2, 3)):
        requests.append(f"{v2}{page.pk}/")
    return [(path, path) for path in requests]


def answer(response):
    content_type = response.get("Content-Type", "")
    body = UUID.sub("<uuid>", TIME.sub("<time>", response.content.decode()))
    body = MEDIA_SUFFIX.sub(r"\1", body)
    body = LASTMOD.sub("<lastmod><date></lastmod>", body)
    if content_type.startswith("application/json"):
        body = json.loads(body)
    recorded = {"status": response.status_code, "content_type": content_type}
    if response.has_header("Location"):
        recorded["location"] = response["Location"]
    recorded["body"] = body
    return recorded


@pytest.mark.django_db
def test_every_public_answer_matches_the_snapshot(client, settings):
    restart_id_counters()
    call_command("load_sample_content", verbosity=0)

    answers = {name: answer(client.get(path)) for name, path in public_requests()}
    draft = GlossaryTermPage.objects.live().order_by("path").first()
    draft.short_definition = "A draft short definition, seen only in preview."
    preview = draft.create_page_preview()
    response = client.get(
        "/api/v2/page_preview/",
        {"content_type": "glossary.glossarytermpage", "token": preview.token},
    )
    answers[f"preview of {draft.slug}"] = answer(response)

    snapshot = SNAPSHOTS / f"public_responses.{connection.vendor}.json"
    if os.environ.get("UPDATE_SNAPSHOT"):
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(
            json.dumps(answers, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        )
    recorded = json.loads(snapshot.read_text())
    assert sorted(answers) == sorted(recorded)
    changed = [name for name in recorded if answers[name] != recorded[name]]
    for name in changed:
        assert answers[name] == recorded[name], name
