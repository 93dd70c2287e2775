"""How long an editor waits for one term's save-and-publish in the admin.

Each term is edited through the admin's edit form, as a signed-in editor
posts it: form validation, a revision, the publish, the cache renewal, its
own stored answer rebuilt, the linking terms' marked stale, its search index
update and the webhook message queued. Background work is queued in the
database, as in production, and run afterwards, outside the timing.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from glossary.delivery.documents import refresh_documents
from glossary.delivery.invalidation import index_terms
from glossary.models import GlossaryTermPage
from webhooks.models import Endpoint

PUBLISHES = 10
EDITOR = "bench-editor"
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def edit_form(term, note):
    """What the edit form posts for ``term`` with a changed short definition."""
    suffix = f" [{note}]"
    base = term.short_definition.split(" [")[0][: 255 - len(suffix)].strip()
    short = base + suffix
    examples = [
        (
            "example",
            {
                "title": block.value["title"],
                "body": rich_text(block.value["body"].source),
                "image": "",
            },
        )
        for block in term.examples
        if block.block_type == "example"
    ]
    aliases = list(term.term_aliases.all())
    related = list(term.related_terms.all())
    skips = list(term.auto_link_skips.all())
    data = {
        "title": term.title,
        "slug": term.slug,
        "short_definition": short,
        "definition": rich_text(term.definition),
        "why_it_matters": rich_text(term.why_it_matters),
        "examples": streamfield(examples),
        "body": streamfield([]),
        "category": term.category_id or "",
        "cta": term.cta_id or "",
        # Existing rows go back with their ids, as the form renders them.
        "term_aliases": inline_formset(
            [{"id": a.pk, "name": a.name} for a in aliases], initial=len(aliases)
        ),
        "related_terms": inline_formset(
            [{"id": r.pk, "term": r.term_id} for r in related], initial=len(related)
        ),
        "auto_link": "on" if term.auto_link else "",
        "auto_link_skips": inline_formset(
            [{"id": s.pk, "term": s.term_id} for s in skips], initial=len(skips)
        ),
        "comments": inline_formset([]),
        "tags": ", ".join(tag.name for tag in term.tags.all()),
        "seo_title": term.seo_title,
        "search_description": term.search_description,
        "action-publish": "action-publish",
    }
    return nested_form_data(data), short


def measure(stdout, index):
    """Median milliseconds of PUBLISHES admin publishes, from the ``index``-th term."""
    editor, _ = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"is_superuser": True, "is_staff": True}
    )
    endpoint, _ = Endpoint.objects.get_or_create(
        name="bench receiver",
        defaults={
            "url": "https://receiver.example.com/hook",
            "secret": "bench-secret-of-enough-length",
            "events": ["page.published"],
            "enabled": True,
        },
    )
    client = Client()
    client.force_login(editor)
    terms = GlossaryTermPage.objects.live().order_by("pk")[index : index + PUBLISHES]
    times = []
    with override_settings(TASKS=QUEUED):
        for n, term in enumerate(terms):
            data, short = edit_form(term, f"admin {n} {time.time():.0f}")
            url = reverse("wagtailadmin_pages:edit", args=[term.pk])
            started = time.perf_counter()
            response = client.post(url, data)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 302:
                raise CommandError(
                    f"The edit form of {term.slug!r} was refused "
                    f"({response.status_code}); publishing is not measured."
                )
            published = GlossaryTermPage.objects.get(pk=term.pk)
            if published.short_definition != short:
                raise CommandError(f"{term.slug!r} was not published.")
    # The background work the publishes queued (the linking terms' stored
    # answers, the terms' search index entries), done before the next
    # measurement; the receiver is only for this one (its messages stay
    # queued, never sent).
    refresh_documents.func()
    index_terms.func([term.pk for term in terms])
    endpoint.delete()
    stdout.write(
        f"  admin save-and-publish of {len(times)} terms: "
        + ", ".join(f"{ms:.0f}" for ms in times)
        + " ms"
    )
    return statistics.median(times)
