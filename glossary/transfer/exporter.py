"""Writing terms to a file: each term as editors last saved it, A to Z.

A term with unpublished changes is exported from its latest revision, so an
export → edit → import round trip starts from what editors see in the admin.
Terms are read in batches: memory stays flat however large the glossary.
"""

from ..models import GlossaryTermPage
from . import files
from .documents import document_from_stored, latest_versions, stored_from_page
from .importer import glossary_index
from .lookups import Lookups

BATCH = 500


def _in_order(terms):
    """Ids in title order, the same on every database."""
    rows = terms.values_list("pk", "title", "slug")
    return [
        pk for pk, title, slug in sorted(rows, key=lambda r: (r[1].casefold(), r[2]))
    ]


def documents(terms=None, index=None, progress=None):
    """Yield the documents of ``terms`` (default: every term of the glossary)."""
    if index is None:
        try:
            index = glossary_index()
        except LookupError:
            return  # no glossary yet: no terms
    if terms is None:
        terms = GlossaryTermPage.objects.child_of(index)
    lookups = Lookups(index)
    ids = _in_order(terms)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        by_id = GlossaryTermPage.objects.in_bulk(batch)
        for _, latest, children in latest_versions([by_id[pk] for pk in batch]):
            yield document_from_stored(
                stored_from_page(latest, lookups, children), lookups
            )
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))


def export(fmt, terms=None, index=None, progress=None):
    """The file's bytes, in ``fmt`` ("json", "csv" or "xlsx")."""
    return files.write_documents(documents(terms, index, progress), fmt)
