"""Checking a glossary file against the glossary: the dry run every import starts with.

``check`` reads a file, checks every term in it and compares each with the
glossary, without writing anything: each row is created, updated, unchanged
or rejected, with its reasons and, for updates, what changes. An import
(``writer.write``) only ever runs on a check that found no problem, and
checks again first, since the glossary may have changed meanwhile.
"""

from dataclasses import asdict, dataclass, field

from django.utils.text import slugify

from ..models import GlossaryIndexPage, GlossaryTermAlias, GlossaryTermPage
from ..text import name_key
from . import files
from .checks import stored_from_document, text_value
from .documents import (
    document_from_stored,
    latest_versions,
    stored_from_page,
    without_block_ids,
)
from .lookups import Lookups

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
# Existing terms loaded at once to compare with the file.
COMPARED_AT_ONCE = 500
# Changed values longer than this are shortened in reports.
SHOWN_CHARACTERS = 200


@dataclass
class Problem:
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"“{self.column}”")
        return (
            f"{', '.join(where).capitalize()}: {self.message}"
            if where
            else self.message
        )


@dataclass
class Row:
    """One term of the file and what the import does with it."""

    row: int
    title: str
    slug: str
    action: str = CREATED
    changes: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    # Not reported: what the writer needs.
    stored: dict | None = field(default=None, repr=False)
    page_id: int | None = None


@dataclass
class Report:
    """Everything a check found, ready to show or to keep as JSON."""

    filename: str
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    publish: bool = False

    @property
    def ok(self):
        return not self.problems

    def counts(self):
        counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, REJECTED), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def as_json(self):
        return {
            "filename": self.filename,
            "publish": self.publish,
            "ok": self.ok,
            "counts": self.counts(),
            "notes": self.notes,
            "problems": [str(problem) for problem in self.problems],
            "rows": [
                {
                    key: value
                    for key, value in asdict(row).items()
                    if key not in ("stored", "page_id")
                }
                | {"problems": [str(p) for p in row.problems]}
                for row in self.rows
            ],
        }


def glossary_index():
    index = GlossaryIndexPage.objects.order_by("path").first()
    if index is None:
        raise LookupError(
            "There is no glossary to import into yet: create the glossary page "
            "first (manage.py load_sample_content --without-terms does)."
        )
    return index


def _shown(value):
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"


def _name_keys(name):
    """What a title or other name claims: its spelling, and the slug it makes."""
    if not name:
        return set()
    return {("name", name_key(name)), ("slug", slugify(name, allow_unicode=True))}


def _collisions(rows, index, replaced_ids):
    """Titles and other names that another term already uses, here or in the file."""
    owners = {}
    terms = GlossaryTermPage.objects.child_of(index).exclude(pk__in=replaced_ids)
    titles = dict(terms.values_list("pk", "title"))
    for _, slug, title in terms.values_list("pk", "slug", "title"):
        for key in _name_keys(title) | {("slug", slug)}:
            owners.setdefault(key, f"the term “{title}”")
    for page_id, name in GlossaryTermAlias.objects.filter(
        page__in=terms.values("pk")
    ).values_list("page_id", "name"):
        for key in _name_keys(name):
            owners.setdefault(key, f"the term “{titles.get(page_id, '?')}”")
    for row in rows:
        if row.stored is None:
            continue
        own, own_names = set(), set()
        for column, names in (
            ("title", [row.stored["title"]]),
            ("aliases", row.stored["aliases"]),
        ):
            for name in names:
                keys = _name_keys(name)
                # One term's names may share a slug ("Link in bio", "Link-in-bio").
                if ("name", name_key(name)) in own_names:
                    row.problems.append(
                        Problem(
                            f"“{name}” is already this term's title or another "
                            "of its names",
                            row.row,
                            column,
                        )
                    )
                    continue
                clash = next((owners[key] for key in keys if key in owners), None)
                if clash:
                    row.problems.append(
                        Problem(f"“{name}” is already used by {clash}", row.row, column)
                    )
                own |= keys
                own_names.add(("name", name_key(name)))
        for key in own | {("slug", row.slug)}:
            owners.setdefault(key, f"row {row.row} (“{row.title}”)")


def _compare(rows, index, lookups, publish, user):
    """Updated or unchanged, for rows of terms that exist, a batch at a time."""
    for start in range(0, len(rows), COMPARED_AT_ONCE):
        batch = rows[start : start + COMPARED_AT_ONCE]
        pages = GlossaryTermPage.objects.in_bulk([row.page_id for row in batch])
        current = {
            page.pk: (page, latest, children)
            for page, latest, children in latest_versions(list(pages.values()))
        }
        for row in batch:
            page, latest, children = current[row.page_id]
            if page.locked and page.locked_by_id != getattr(user, "pk", None):
                row.problems.append(
                    Problem(
                        "the term is locked for editing; unlock it first",
                        row.row,
                        "slug",
                    )
                )
                continue
            old = without_block_ids(
                document_from_stored(
                    stored_from_page(latest, lookups, children), lookups
                )
            )
            new = without_block_ids(document_from_stored(row.stored, lookups))
            row.changes = {
                key: {"old": _shown(old[key]), "new": _shown(new[key])}
                for key in new
                if old[key] != new[key]
            }
            needs_publish = publish and (not page.live or page.has_unpublished_changes)
            row.action = UPDATED if row.changes or needs_publish else UNCHANGED
            if row.action == UNCHANGED:
                row.stored = None  # nothing to write: free it


def check(data, filename, index=None, publish=False, user=None):
    """Read, check and compare a file; writes nothing. Returns a Report.

    ``user`` is who would import it: a term locked by anyone else is refused.
    """
    report = Report(filename=filename, publish=publish)
    try:
        fmt = files.format_for(filename)
        documents, file_problems, report.notes = files.read_documents(data, fmt)
    except files.FileProblem as problem:
        report.problems.append(Problem(problem.message, problem.row, problem.column))
        return report
    for problem in file_problems:
        report.problems.append(Problem(problem.message, problem.row, problem.column))
    try:
        index = index or glossary_index()
    except LookupError as error:
        report.problems.append(Problem(str(error)))
        return report

    rows = []
    for number, document in documents:
        # As the full check reads them (stored_from_document), from the start.
        title = (text_value(document.get("title")) or "").strip()
        slug = (text_value(document.get("slug")) or "").strip()
        rows.append(
            Row(
                row=number,
                title=title,
                slug=slug or slugify(title, allow_unicode=True),
            )
        )
    first_row = {}
    for row in rows:
        if row.slug in first_row:
            row.problems.append(
                Problem(
                    f"the slug “{row.slug}” is also used by row {first_row[row.slug]}",
                    row.row,
                    "slug",
                )
            )
        first_row.setdefault(row.slug, row.row)

    lookups = Lookups(index)
    # Terms new in this file are named by token until they have ids.
    lookups.file_slugs = set(first_row) - lookups.term_id.keys()
    for place, row in enumerate(rows):
        document = documents[place][1]
        documents[place] = None  # read once: free it as we go
        row.stored, problems = stored_from_document(document, lookups, row.row)
        row.problems += [Problem(message, r, column) for r, column, message in problems]
        row.page_id = lookups.term_id.get(row.slug)
        if row.slug in lookups.other_page_slugs:
            row.problems.append(
                Problem(
                    f"“{row.slug}” is the slug of another page in the glossary",
                    row.row,
                    "slug",
                )
            )
    _collisions(rows, index, [row.page_id for row in rows if row.page_id])
    existing = [row for row in rows if row.page_id and not row.problems]
    _compare(existing, index, lookups, publish, user)

    for row in rows:
        if row.problems:
            row.action = REJECTED
            row.stored = None
            report.problems += row.problems
    report.rows = rows
    return report
