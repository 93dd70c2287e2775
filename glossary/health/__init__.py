"""Glossary health: what is broken or missing across the live terms.

One pass over the glossary finds every problem the health report, the
``glossary_health`` command, the dashboard and the term listing's filter show.
It reads a fixed number of queries however many terms there are: the terms'
own fields and text in one streaming query, then related terms, pages, view
restrictions, names and settings once each.

Only live terms are checked, and of them what is published: changes saved as
a draft are checked once they are published. A term that is not published is
not checked, and a link or related term pointing at it is broken.

Public: :func:`check` (the full :class:`Report`), :func:`counts` ({kind:
number}), :func:`term_ids_with` (the terms with one kind of problem) and
:data:`KINDS`.
"""

from django.core.cache import cache
from django.utils import timezone

from ..delivery.cache import glossary_version
from .phrases import PHRASE_LIMIT, default_phrase_min_terms, missing_terms
from .problems import (
    BROKEN_KINDS,
    EXPORT_COLUMNS,
    KIND_BY_KEY,
    KINDS,
    Kind,
    Problem,
    Report,
)
from .terms import (
    Context,
    content_problems,
    links,
    relation_problems,
    review_and_seo_problems,
    term_rows,
    texts,
)

__all__ = [
    "BROKEN_KINDS",
    "EXPORT_COLUMNS",
    "KINDS",
    "KIND_BY_KEY",
    "PHRASE_LIMIT",
    "Kind",
    "Problem",
    "Report",
    "check",
    "counts",
    "current_counts",
    "default_phrase_min_terms",
    "term_ids_with",
]


def counts():
    """{kind key: number of problems} for every kind, zeros included.

    Quick enough for every dashboard view: phrases without a term come from
    the last scan while a background task brings it up to date.
    """
    return check(wait_for_phrases=False).counts()


# How long the dashboard may show counts while phrases are recounted, or after
# a change that renews no version (none is known to; this bounds any).
COUNTS_TIMEOUT = 5 * 60


def current_counts():
    """:func:`counts`, remembered until the glossary changes or the day does.

    For the dashboard, opened far more often than anything changes: the
    check takes about a second at 10,000 terms. Keyed on the versions the
    glossary's answers are cached under, which every change to a page, a
    setting or a snippet renews, and on today's date (reviews fall due).
    """
    version = glossary_version()
    if version is None:
        return counts()
    key = f"glossary-health:counts:{version}:{timezone.localdate().isoformat()}"
    return cache.get_or_set(key, counts, timeout=COUNTS_TIMEOUT)


def term_ids_with(*kinds):
    """The ids of the live terms that have a problem of any of these kinds."""
    report = check(phrases=False)
    return {problem.term_id for problem in report.problems if problem.kind in kinds}


def check(today=None, phrase_min_terms=None, phrases=True, wait_for_phrases=True):
    """Check every live term; ``phrases=False`` leaves out phrases without a term."""
    today = today or timezone.localdate()
    context = Context.load()
    problems = []
    terms = []
    linked_to = set()
    for row in term_rows():
        terms.append((row["pk"], row["title"]))
        outgoing = list(links(texts(row)))
        linked_to.update(target for _, target in outgoing if target != row["pk"])
        problems.extend(content_problems(row, outgoing, context))
        problems.extend(review_and_seo_problems(row, context, today))
    problems.extend(relation_problems(terms, linked_to, context))
    threshold = None
    if phrases:
        threshold, found = missing_terms(phrase_min_terms, wait=wait_for_phrases)
        problems.extend(found)
    problems.sort(key=_report_order)
    return Report(problems, len(terms), threshold)


_KIND_ORDER = {kind.key: position for position, kind in enumerate(KINDS)}


def _report_order(problem):
    # Kind by kind; terms A–Z, phrases in their own order (the most used first).
    if problem.term_id is None:
        return (_KIND_ORDER[problem.kind], "", "")
    return (_KIND_ORDER[problem.kind], problem.term.casefold(), problem.detail)
