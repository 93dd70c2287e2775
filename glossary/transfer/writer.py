"""Writing a checked import: every term at once, all or nothing.

Adding pages one by one (``add_child``, ``save_revision``, ``publish``) costs
dozens of queries and a round of signal handlers per term. Here each table is
written in a few statements per batch of terms, in one transaction:

- new terms' page rows in bulk, with tree paths worked out from the
  glossary's last child (the same scheme treebeard uses), then each term's
  own row saved raw, as fixtures are loaded;
- other names, related terms and tags in bulk;
- one revision per term, and the page rows pointed at it;
- log entries: created or edited, "imported from <file>", published;
- the search index, batch by batch, from the pages as written;
- when publishing, automatic links between the terms (``glossary.autolink``),
  once every term is written, into their rows and live revisions;
- once, at the end: ``terms_imported`` for caches and CDNs, and (after the
  commit) one background task for Wagtail's reference index.

Nothing is written unless the check found no problem, and a failure at any
step rolls everything back.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from modelsearch.backends import get_search_backends
from taggit.models import Tag
from treebeard.numconv import NumConv
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..autolink import link_imported
from ..models import (
    GlossaryCategory,
    GlossaryRelatedTerm,
    GlossaryTermAlias,
    GlossaryTermPage,
    GlossaryTermTag,
)
from ..signals import importing, terms_imported
from ..text import letter_for, name_key
from .documents import PLAIN_FIELDS, RICH_TEXT_FIELDS, STREAMS, resolve_tokens
from .importer import CREATED, UPDATED, check, glossary_index

BATCH = 500
IMPORT_ACTION = "glossary.import"
# Page fields an import sets; the rest of a page row stays as it was.
BASE_CONTENT_FIELDS = ("title", "draft_title", "seo_title", "search_description")
PUBLISH_FIELDS = (
    "live",
    "expired",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "latest_revision_created_at",
)
DRAFT_FIELDS = (
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
)


class ImportRefused(Exception):
    """The file did not pass its check; nothing was written."""

    def __init__(self, report):
        super().__init__(f"{len(report.problems)} problems; nothing was imported.")
        self.report = report


def _batches(items):
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _fill(page, stored, tags):
    """Set a term page's fields and child rows from stored values."""
    for name in (*PLAIN_FIELDS, *RICH_TEXT_FIELDS, *STREAMS, "slug", "noindex"):
        setattr(page, name, stored[name])
    page.category_id = stored["category"]
    page.cta_id = stored["cta"]
    page.reviewed_by_id = stored["reviewed_by"]
    page.last_reviewed_at = stored["last_reviewed_at"]
    page.social_image_id = stored["social_image"]
    page.letter = letter_for(page.title)
    page.name_key = name_key(page.title)[:255]
    page.draft_title = page.title
    page.term_aliases = [
        GlossaryTermAlias(
            name=name,
            slug=GlossaryTermAlias.slug_for(name),
            key=name_key(name)[:255],
            sort_order=i,
        )
        for i, name in enumerate(stored["aliases"])
    ]
    page.related_terms = [
        GlossaryRelatedTerm(term_id=ref, sort_order=i)
        for i, ref in enumerate(stored["related_terms"])
    ]
    page.tagged_items = [GlossaryTermTag(tag=tags[name]) for name in stored["tags"]]


def _tags(rows):
    """Every tag the rows use, made where it does not exist yet."""
    names = {name for row in rows for name in row.stored["tags"]}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - tags.keys()):
        tags[name] = Tag.objects.create(name=name)
    return tags


def _new_pages(rows, index, user, now, publish):
    """Page rows for new terms, in bulk; returns the term pages, with ids."""
    converter = NumConv(Page.alphabet)
    last = index.get_last_child()
    step = converter.str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(GlossaryTermPage)
    terms = []
    for row in rows:
        step += 1
        term = GlossaryTermPage(
            path=index.path + converter.int2str(step).rjust(Page.steplen, "0"),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{row.slug}/",
            locale_id=index.locale_id,
            translation_key=uuid.uuid4(),
            content_type=content_type,
            owner=user,
            live=publish,
            has_unpublished_changes=not publish,
            first_published_at=now if publish else None,
            last_published_at=now if publish else None,
            latest_revision_created_at=now,
            slug=row.slug,
            title=row.stored["title"],
            draft_title=row.stored["title"],
            seo_title=row.stored["seo_title"],
            search_description=row.stored["search_description"],
        )
        terms.append(term)
    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    for batch in _batches(terms):
        bases = Page.objects.bulk_create(
            [Page(**{name: getattr(t, name) for name in base_fields}) for t in batch]
        )
        for term, base in zip(batch, bases, strict=True):
            term.id = term.page_ptr_id = base.pk
    index.numchild += len(terms)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild)
    return terms


def _save_children(pages, replace):
    if replace:
        ids = [page.pk for page in pages]
        for model in (GlossaryTermAlias, GlossaryRelatedTerm, GlossaryTermTag):
            field = "content_object_id" if model is GlossaryTermTag else "page_id"
            model.objects.filter(**{f"{field}__in": ids}).delete()
    for relation, model in (
        ("term_aliases", GlossaryTermAlias),
        ("related_terms", GlossaryRelatedTerm),
        ("tagged_items", GlossaryTermTag),
    ):
        children = []
        for page in pages:
            for child in getattr(page, relation).all():
                child.pk = None
                if model is GlossaryTermTag:
                    child.content_object_id = page.pk
                else:
                    child.page_id = page.pk
                children.append(child)
        model.objects.bulk_create(children, batch_size=BATCH)


def _log(page, action, user, now, revision=None, data=None):
    return PageLogEntry(
        content_type_id=page.content_type_id,
        label=page.get_admin_display_title(),
        action=action,
        data=data or {},
        timestamp=now,
        user=user,
        revision=revision,
        content_changed=True,
        page_id=page.pk,
    )


def _index(pages):
    """Add pages, as written, to the search index."""
    for backend in get_search_backends():
        backend.add_bulk(GlossaryTermPage, pages)


@task()
def index_references(ids):
    """Wagtail's reference index for imported terms ("Usage", link purges).

    Wagtail updates it in the background after every save; an import does
    the same, with one task for the whole batch.
    """
    for page in GlossaryTermPage.objects.filter(pk__in=ids).iterator(BATCH):
        ReferenceIndex.create_or_update_for_object(page)


def write(data, filename, user=None, publish=False, index=None, progress=None):
    """Check the file again and import it; returns the report.

    Raises ImportRefused, with the report, when the check finds any problem.
    ``progress(done, total)`` is called as terms are written.
    """
    if index is None:
        try:
            index = glossary_index()
        except LookupError:
            raise ImportRefused(check(data, filename, publish=publish)) from None
    progress = progress or (lambda done, total: None)
    with transaction.atomic(), disable_reference_index_auto_update(), importing():
        # One import at a time per glossary, checked under the lock: two
        # imports of the same file must not both create its terms.
        index = type(index).objects.select_for_update().get(pk=index.pk)
        report = check(data, filename, index=index, publish=publish, user=user)
        if not report.ok:
            raise ImportRefused(report)
        rows = [row for row in report.rows if row.action in (CREATED, UPDATED)]
        if not rows:
            progress(0, 0)
            return report
        batch_writer = BatchWriter(index, user, publish, filename, timezone.now())
        written = batch_writer.write(rows, progress)
        if publish:
            link_imported(written)
        transaction.on_commit(lambda: index_references.enqueue(written))
        terms_imported.send(
            sender=GlossaryTermPage,
            pages=GlossaryTermPage.objects.filter(pk__in=written),
            filename=filename,
            report=report,
        )
    return report


class BatchWriter:
    """Writes checked rows a batch at a time; holds what every batch shares."""

    def __init__(self, index, user, publish, filename, now):
        self.index = index
        self.user = user
        self.publish = publish
        self.filename = filename
        self.now = now
        self.categories = GlossaryCategory.objects.in_bulk()

    def write(self, rows, progress):
        """Every row's term, revision and log; returns the ids to publish."""
        new_rows = [row for row in rows if row.action == CREATED]
        page_for = dict(
            zip(
                (row.slug for row in new_rows),
                _new_pages(new_rows, self.index, self.user, self.now, self.publish),
                strict=True,
            )
        )
        self.ids = {slug: page.pk for slug, page in page_for.items()}
        existing = GlossaryTermPage.objects.in_bulk(
            [row.page_id for row in rows if row.action == UPDATED]
        )
        page_for.update(
            {row.slug: existing[row.page_id] for row in rows if row.action == UPDATED}
        )
        self.tags = _tags(rows)
        written, done = [], 0
        for batch in _batches(rows):
            # Popped, so each batch's pages are freed once it is written.
            pages = [page_for.pop(row.slug) for row in batch]
            shown = self.write_batch(batch, pages)
            for row in batch:
                row.stored = None  # written: free it
            _index(shown)
            written += [page.pk for page in shown]
            done += len(batch)
            progress(done, len(rows))
        return written

    def write_batch(self, rows, pages):
        """One batch; returns the pages whose rows now hold new content."""
        created, updated = [], []
        for row, page in zip(rows, pages, strict=True):
            _fill(page, resolve_tokens(row.stored, self.ids), self.tags)
            page.category = self.categories.get(page.category_id)
            if row.action == CREATED:
                # A new page has no comments; saying so saves a query each.
                setattr(page, COMMENTS_RELATION_NAME, [])
                page.save_base(raw=True, force_insert=True)
                created.append(page)
            else:
                if self.publish:
                    page.save_base(raw=True, force_update=True)
                updated.append(page)
        _save_children(created, replace=False)
        if self.publish:
            _save_children(updated, replace=True)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type=page.get_base_content_type(),
                    object_id=str(page.pk),
                    created_at=self.now,
                    user=self.user,
                    object_str=str(page),
                    content=page.serializable_data(),
                )
                for page in pages
            ]
        )
        logs = []
        for row, page, revision in zip(rows, pages, revisions, strict=True):
            logs += self.revised(page, revision, row.action == CREATED)
        PageLogEntry.objects.bulk_create(logs)
        # New terms' rows already hold everything but their revisions.
        Page.objects.bulk_update(created, ["latest_revision"])
        Page.objects.bulk_update(
            updated,
            (*BASE_CONTENT_FIELDS, *PUBLISH_FIELDS) if self.publish else DRAFT_FIELDS,
        )
        if self.publish:
            Page.objects.filter(pk__in=[page.pk for page in created]).update(
                live_revision=F("latest_revision")
            )
            return pages
        return created

    def revised(self, page, revision, created):
        """Point the page at its new revision; the log entries saying so."""
        page.latest_revision = revision
        page.latest_revision_created_at = self.now
        action = "wagtail.create" if created else "wagtail.edit"
        source = {"file": self.filename}
        logs = [
            _log(page, action, self.user, self.now, revision),
            _log(page, IMPORT_ACTION, self.user, self.now, revision, source),
        ]
        if self.publish:
            page.live, page.expired, page.has_unpublished_changes = True, False, False
            page.first_published_at = page.first_published_at or self.now
            page.last_published_at = self.now
            page.live_revision = revision
            logs.append(_log(page, "wagtail.publish", self.user, self.now, revision))
        else:
            page.has_unpublished_changes = True
        return logs
