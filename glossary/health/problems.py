"""The kinds of problem the glossary health checks report, and the report."""

from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.utils import get_admin_base_url


@dataclass(frozen=True)
class Kind:
    """A kind of problem, as the report and the command name it."""

    key: str
    label: str
    broken: bool
    explanation: str


KINDS = (
    Kind(
        "broken_link",
        "Broken link",
        True,
        "A link in the text or in an example goes to a page that was deleted, "
        "is not published or is private: readers land on an error.",
    ),
    Kind(
        "unpublished_related",
        "Related term not published",
        True,
        "A related term is not published or is private, so readers cannot open it.",
    ),
    Kind(
        "missing_section",
        "Section missing",
        True,
        "The definition or “Why it matters” is empty: the page shows a "
        "heading with nothing under it.",
    ),
    Kind(
        "no_example",
        "No example",
        True,
        "The term has no example, so “What is an example of …?” is missing.",
    ),
    Kind(
        "orphan",
        "Nothing links here",
        False,
        "No other published term lists it as related or links to it, so readers "
        "reach it only from search or the A–Z list.",
    ),
    Kind(
        "dead_end",
        "No related terms",
        False,
        "The term suggests nothing to read next.",
    ),
    Kind(
        "review_due",
        "Review due",
        False,
        "Never reviewed, or not reviewed within the period set in Glossary settings.",
    ),
    Kind(
        "no_meta_description",
        "No meta description",
        False,
        "No meta description was written; search engines get the short "
        "definition instead.",
    ),
    Kind(
        "title_length",
        "Title tag length",
        False,
        "The title in search results is too long or too short.",
    ),
    Kind(
        "no_social_image",
        "No social image",
        False,
        "Shares on social networks show the site's default image, or none.",
    ),
    Kind(
        "missing_term",
        "Phrase without a term",
        False,
        "A phrase used in many terms that has no term of its own (nor is "
        "another name of one).",
    ),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
BROKEN_KINDS = [kind.key for kind in KINDS if kind.broken]


@dataclass(frozen=True)
class Problem:
    """One problem of one term (or, for a missing term, one phrase)."""

    kind: str
    term_id: int | None
    term: str
    detail: str

    @property
    def kind_label(self):
        return KIND_BY_KEY[self.kind].label

    @property
    def broken(self):
        return KIND_BY_KEY[self.kind].broken

    @property
    def severity(self):
        return "Broken" if self.broken else "Warning"

    @property
    def admin_path(self):
        """The term's edit page, or for a phrase the terms that use it."""
        if self.term_id:
            return reverse("wagtailadmin_pages:edit", args=[self.term_id])
        return reverse("glossary_terms:index") + "?" + urlencode({"q": self.term})

    @property
    def admin_url(self):
        return (get_admin_base_url() or "") + self.admin_path


# The columns of the report's spreadsheet and of the command's CSV.
EXPORT_COLUMNS = {
    "severity": "Severity",
    "kind_label": "Problem",
    "kind": "Kind",
    "term": "Term or phrase",
    "detail": "Details",
    "admin_url": "Link",
}


@dataclass
class Report:
    """Every problem found, the terms checked and the phrase threshold used."""

    problems: list
    terms_checked: int
    phrase_min_terms: int

    def counts(self):
        found = Counter(problem.kind for problem in self.problems)
        return {kind.key: found[kind.key] for kind in KINDS}

    @property
    def broken_count(self):
        return sum(problem.broken for problem in self.problems)

    @property
    def warning_count(self):
        return len(self.problems) - self.broken_count
