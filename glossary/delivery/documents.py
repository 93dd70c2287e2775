"""Every live term's API answer kept ready, so that a cold read is one query.

Building a term's answer takes a dozen queries and the rich text and
StreamField machinery; it only changes when something the term shows
changes. So each live term's ``GET /api/v2/pages/<id>/`` answer is stored
(:class:`~glossary.models.TermDocument`) and both APIs serve it: the v2 detail
and listing, and ``/api/glossary/terms/<slug>/``.

Kept current by the same description of a change that renews the response
cache (``invalidation.renew`` calls :func:`changed`), in the change's own
transaction:

- a published term's own document is rebuilt there and then, so the first
  read after a publish is already fast;
- the documents of the terms that link to it or list it as related, or of
  every term for a site-wide change, are marked stale — one UPDATE — and
  rebuilt by :func:`refresh_documents` in the task worker, so the editor
  does not wait for them.

A stale document is never served: the reader's answer is built afresh, as it
was before documents existed, until the refresh has rewritten it. Readers
never write: a public read may run on a read replica.
"""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django_tasks import task
from wagtail.models import Page

from headless import documents as stored_documents

from ..models import (
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermPage,
    GlossaryTermTag,
    TermDocument,
)
from ..models.term_page import bookkeeping_only, saving_term_id
from ..signals import is_importing
from . import changes, queries
from .cache import read_version

# Terms built per query batch by the background refresh.
BATCH = 100
# Settings that appear in answers: an answer built under others is not served.
SHOWN_SETTINGS = ("FRONTEND_URL", "WAGTAILAPI_BASE_URL", "MEDIA_URL", "STATIC_URL")


def fingerprint():
    """What the answers built now depend on besides the content."""
    values = "|".join(str(getattr(settings, name, "")) for name in SHOWN_SETTINGS)
    return hashlib.sha256(values.encode()).hexdigest()[:16]


def _request_for(site):
    """A plain GET on the site's host: what the serializers read a request for."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = "/"
    request.META = {
        "HTTP_HOST": site.hostname
        if site.port in (80, 443)
        else f"{site.hostname}:{site.port}",
        "SERVER_NAME": site.hostname,
        "SERVER_PORT": str(site.port),
        "wsgi.url_scheme": "https" if site.port == 443 else "http",
    }
    # Whose settings and URLs the answer shows: known, not looked up again.
    request._wagtail_site = site
    return request


def _encode(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def _build(term_ids):
    """{term id: (root id, JSON text)} for the live terms among ``term_ids``.

    Each term's answer is built for the deepest site its page is in, exactly
    as a reader of that site would get it.
    """
    built = {}
    terms = GlossaryTermPage.objects.live().filter(pk__in=term_ids)
    paths = dict(terms.values_list("pk", "path"))
    for site, root in queries.site_roots():
        mine = [pk for pk, path in paths.items() if path.startswith(root.page.path)]
        if not mine:
            continue
        for pk in mine:
            del paths[pk]
        visible = queries.public_pages(root)
        request = _request_for(site)
        loaded = list(
            GlossaryTermPage.prefetch_for_api(
                GlossaryTermPage.objects.filter(pk__in=mine), visible
            )
        )
        for term, data in zip(
            loaded, queries.term_documents(request, loaded, visible), strict=True
        ):
            built[term.pk] = (root.page.pk, _encode(data))
    return built


def rebuild(term_ids):
    """Rewrite these live terms' documents now, in the caller's transaction.

    For the term an editor has just published: its answer is ready for the
    first reader. A refresh running meanwhile cannot overwrite it with what
    it read before: the generation moves on here.
    """
    for pk, (root_id, body) in _build(term_ids).items():
        fields = {
            "root_id": root_id,
            "body": body,
            "stale": False,
            "built_for": fingerprint(),
        }
        updated = TermDocument.objects.filter(page_id=pk).update(
            generation=F("generation") + 1, **fields
        )
        if not updated:
            try:
                with transaction.atomic():
                    TermDocument.objects.create(page_id=pk, **fields)
            except IntegrityError:  # a refresh made its row meanwhile
                TermDocument.objects.filter(page_id=pk).update(
                    generation=F("generation") + 1, **fields
                )


def mark_stale(term_ids=None):
    """No longer serve these terms' documents (every term's, with None)."""
    documents = TermDocument.objects.all()
    if term_ids is not None:
        documents = documents.filter(page_id__in=term_ids)
    documents.update(stale=True, generation=F("generation") + 1)


def changed(change):
    """Bring documents in line with a change, in the change's transaction.

    The changed terms' own documents are rebuilt now (unpublished ones are
    simply never served: reads ask for live terms); the linking terms', or
    all of them, are marked stale now and again once the change commits — a
    refresh that read the content before the commit cannot then keep what it
    read — and rebuilt in the background.
    """
    if change.nothing:
        return
    if change.everything:
        mark_stale()
        _after_commit(everything=True)
        return
    rebuild([term.pk for term in change.terms if term.live])
    linking = [term.pk for term in change.linking]
    if linking:
        mark_stale(linking)
    # On commit the linking terms are looked up again: a term that began
    # linking here in a transaction committed meanwhile is marked too.
    _after_commit(ids=linking, linked_to=[term.pk for term in change.terms])


class _OnCommit:
    """What a transaction's commit marks stale again, before queueing one refresh.

    One per transaction however many terms it writes (an import writes
    thousands): the linking terms are looked up for all of them at once.
    """

    def __init__(self):
        self.ids = set()
        self.linked_to = set()
        self.everything = False

    def __call__(self):
        if self.everything:
            mark_stale()
        else:
            if self.linked_to:
                terms = list(GlossaryTermPage.objects.filter(pk__in=self.linked_to))
                self.ids |= {term.pk for term in changes.linking_terms(terms)}
            if not self.ids:
                return
            mark_stale(self.ids)
        refresh_documents.enqueue()


def _after_commit(ids=(), linked_to=(), everything=False):
    connection = transaction.get_connection()
    pending = None
    if connection.in_atomic_block:
        callbacks = (f for _ids, f, _robust in connection.run_on_commit)
        pending = next((f for f in callbacks if isinstance(f, _OnCommit)), None)
    new = pending is None
    if new:
        pending = _OnCommit()
    pending.ids.update(ids)
    pending.linked_to.update(linked_to)
    pending.everything |= everything
    if new:  # outside a transaction this runs it at once, so filled first
        transaction.on_commit(pending, robust=True)


@task()
def refresh_documents(other_settings=False):
    """Rebuild every live term's missing or stale document, a batch at a time.

    Each batch records the documents' generations before it reads any
    content, and writes a document only if its generation is unchanged: a
    change that marked it stale meanwhile wins, and the next refresh builds
    it again.
    """
    refreshed = 0
    built_for = fingerprint()
    while True:
        ids = list(
            GlossaryTermPage.objects.live()
            .exclude(
                api_document__stale=False,
                # Answers built under other settings are never served; only
                # an explicit refresh (the command) rebuilds them all.
                **({"api_document__built_for": built_for} if other_settings else {}),
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return refreshed
        # A row for each first, so that a change from here on moves its
        # generation on.
        TermDocument.objects.bulk_create(
            [TermDocument(page_id=pk, body="", stale=True) for pk in ids],
            ignore_conflicts=True,
        )
        generations = dict(
            TermDocument.objects.filter(page_id__in=ids).values_list(
                "page_id", "generation"
            )
        )
        built = _build(ids)
        written = 0
        for pk, (root_id, body) in built.items():
            written += TermDocument.objects.filter(
                page_id=pk, generation=generations.get(pk)
            ).update(root_id=root_id, body=body, stale=False, built_for=built_for)
        refreshed += written
        if not written and len(built) == len(ids):
            # Every one changed again while it was built: the refresh those
            # changes queued takes over.
            return refreshed
        # Live terms outside every site have no answer to keep.
        lost = set(ids) - set(built)
        if lost:
            TermDocument.objects.filter(page_id__in=lost).delete()
            if not built:
                return refreshed


def on_term_saved(sender, instance, update_fields=None, **kwargs):
    """A live term's row written outside a publish (a script, a shell, a test).

    Its document, and those of the terms linking to it, no longer match the
    rows: they stop being served until the refresh has rebuilt them. A
    publish goes through here too, then rebuilds its own at once.
    """
    if bookkeeping_only(update_fields) or is_importing():
        return  # an import marks all it wrote at once (on_terms_imported)
    term = instance.specific_deferred if type(instance) is Page else instance
    if not isinstance(term, GlossaryTermPage):
        return
    # The terms linking to it are marked once the transaction commits, all
    # of its saves together: a lookup per save would slow an import down.
    mark_stale([term.pk])
    _after_commit(ids=[term.pk], linked_to=[term.pk])


def on_part_saved(sender, instance, **kwargs):
    """A tag, other name or related term added or removed outside a save.

    Within the term's own save its parts are the save's: on_term_saved has
    marked the term already.
    """
    term_id = getattr(instance, "content_object_id", None) or getattr(
        instance, "page_id", None
    )
    if term_id is not None and term_id != saving_term_id():
        mark_stale([term_id])
        _after_commit(ids=[term_id])


def connect():
    for model in (GlossaryTermTag, GlossaryTermAlias, GlossaryRelatedTerm):
        for signal in (post_save, post_delete):
            signal.connect(
                on_part_saved,
                sender=model,
                dispatch_uid=f"glossary-documents-{signal is post_save}-{model}",
            )
    post_save.connect(
        on_term_saved, sender=GlossaryTermPage, dispatch_uid="glossary-documents"
    )


def _decode(rows):
    return {pk: json.loads(body) for pk, body in rows}


class StoredTermDocuments:
    """The documents as ``headless.documents`` asks for them (v2 API)."""

    version = staticmethod(read_version)

    def details(self, page_ids, visible_pages, root_id):
        """{page id: answer} for the fresh documents of these visible pages."""
        rows = TermDocument.objects.filter(
            page_id__in=page_ids,
            page__in=visible_pages.values("pk"),
            root_id=root_id,
            stale=False,
            built_for=fingerprint(),
        ).values_list("page_id", "body")
        return _decode(rows)


def detail_by_slug(root, slug):
    """The stored answer of the live public term ``slug`` in ``root``, or None.

    One indexed query. None also when the document is missing or stale: the
    caller builds the answer as before.
    """
    row = (
        TermDocument.objects.filter(
            page__in=queries.public_terms(root).filter(slug=slug).values("pk"),
            root_id=root.page.pk,
            stale=False,
            built_for=fingerprint(),
        )
        .values_list("page_id", "body")
        .first()
    )
    if row is None:
        return None
    return queries.detail_from_document(_decode([row])[row[0]])


stored_documents.register(StoredTermDocuments())
