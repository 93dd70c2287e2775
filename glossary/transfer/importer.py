"""Checking a glossary file against the glossary: the dry run every import starts with.

``check`` reads a file, checks every term in it and compares each with the
glossary, without writing anything: each row is created, updated, unchanged
or rejected, with its reasons and, for updates, what changes. An import
(``writer.write``) only ever runs on a check that found no problem, and
checks again first, since the glossary may have changed meanwhile.
"""

from dataclasses import asdict, dataclass, field

from django.utils.text import slugify

from .. import duplicates
from ..models import GlossaryIndexPage, GlossaryTermAlias, GlossaryTermPage
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
# Names compared with the glossary's for near-duplicates in one query, and
# at most in one file: a warning, at tens of milliseconds a name on
# PostgreSQL, that a large import is not kept waiting for. Near-duplicates
# listed in a report's notes.
NEAR_AT_ONCE = 50
NEAR_COMPARED = 200
SHOWN_NOTES = 50


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
    names: list = field(default_factory=list, repr=False)


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
                    if key not in ("stored", "page_id", "names")
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


def _owner(holder):
    if holder.row is not None:
        return f"row {holder.row} (“{holder.title}”)"
    return f"the term “{holder.title}”"


def _near_owner(near):
    owner = _owner(near.holder)
    return owner if near.held_is_title else f"“{near.held}”, another name of {owner}"


def _column(name, address=""):
    if not name.is_title:
        return "aliases"
    # Not the title's own slug: the one the file gives.
    return (
        "slug" if address and address != duplicates.title_slug(name.text) else "title"
    )


def _collisions(rows, glossary):
    """Titles and other names that another term already uses, here or in the file.

    The same checks as the admin form's (``glossary.duplicates``); each row
    is compared with the ``glossary`` and with the rows before it.
    """
    named = [
        (
            row,
            duplicates.term_names(row.stored["title"], row.stored["aliases"], row.slug),
        )
        for row in rows
        if row.stored is not None
    ]
    register = duplicates.register_of(
        glossary, [n for _, names in named for n in names]
    )
    for row, names in named:
        repeated = duplicates.repeats(names)
        for name in repeated:
            row.problems.append(
                Problem(
                    f"“{name.text}” is already this term's title "
                    "or another of its names",
                    row.row,
                    _column(name),
                )
            )
        for clash in register.clashes([n for n in names if n not in repeated]):
            if clash.address:
                message = (
                    f"“{clash.name.text}” makes the web address “{clash.address}”, "
                    f"which already leads to {_owner(clash.holder)}"
                )
            else:
                message = (
                    f"“{clash.name.text}” is already used by {_owner(clash.holder)}"
                )
            row.problems.append(
                Problem(message, row.row, _column(clash.name, clash.address))
            )
        register.hold(duplicates.Holder(row.title, row=row.row), names)
        row.names = names


def _near_duplicates(rows, glossary):
    """Notes on names close to another term's: the import goes ahead if confirmed.

    Only names a row adds: every name of a new term, and for a term that
    exists, names it does not hold yet. Rows are compared with the glossary
    and with each other.
    """
    rows = [row for row in rows if row.action != REJECTED and row.names]
    held = _held_keys([row.page_id for row in rows if row.page_id])
    added = {
        row.row: [n for n in row.names if n.key not in held.get(row.page_id, ())]
        for row in rows
    }
    names = [name for row in rows for name in added[row.row]]
    notes = []
    compared = glossary.has_terms()
    if len(names) > NEAR_COMPARED and compared:
        notes.append(
            f"The file adds {len(names):,} names: the first {NEAR_COMPARED:,} were "
            "compared with the glossary's for close spellings, the others only with "
            "each other. Every name was checked for names already in use."
        )
    found = {}
    if compared:
        for start in range(0, min(len(names), NEAR_COMPARED), NEAR_AT_ONCE):
            found |= duplicates.near_duplicates(
                glossary, names[start : min(start + NEAR_AT_ONCE, NEAR_COMPARED)]
            )
    in_file = duplicates.Register()
    for row in rows:
        for name in added[row.row]:
            close = [_near_owner(near) for near in found.get(name, [])]
            close += [_near_owner(near) for near in in_file.near([name])]
            if close:
                notes.append(
                    f"Row {row.row}: “{name.text}” is close to "
                    f"{'; '.join(close)}. Check it is a different term "
                    "before importing."
                )
        in_file.hold(duplicates.Holder(row.title, row=row.row), row.names)
    if len(notes) > SHOWN_NOTES:
        more = len(notes) - SHOWN_NOTES
        notes = notes[:SHOWN_NOTES] + [
            f"And {more} more names close to another term's."
        ]
    return notes


def _held_keys(page_ids):
    """{term id: keys of its title and other names}, for terms a file updates."""
    held = {}
    for start in range(0, len(page_ids), COMPARED_AT_ONCE):
        batch = page_ids[start : start + COMPARED_AT_ONCE]
        for page_id, key in GlossaryTermPage.objects.filter(pk__in=batch).values_list(
            "pk", "name_key"
        ):
            held.setdefault(page_id, set()).add(key)
        for page_id, key in GlossaryTermAlias.objects.filter(
            page__in=batch
        ).values_list("page_id", "key"):
            held.setdefault(page_id, set()).add(key)
    return held


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
    # The terms the file replaces hold their names in the file.
    glossary = duplicates.Glossary(index, [row.page_id for row in rows if row.page_id])
    _collisions(rows, glossary)
    existing = [row for row in rows if row.page_id and not row.problems]
    _compare(existing, index, lookups, publish, user)

    for row in rows:
        if row.problems:
            row.action = REJECTED
            row.stored = None
            report.problems += row.problems
    report.notes += _near_duplicates(
        [row for row in rows if row.action != UNCHANGED], glossary
    )
    report.rows = rows
    return report
