"""The Glossary panel on the admin dashboard, and term counts per category.

The panel answers what an editor asks first: how big the glossary is, where
it is thin (letters and categories with few terms), what the health report
found, what went live lately and what is about to. Every figure is counted by
the database in a fixed number of queries, however many terms there are.
"""

import functools
import operator

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.forms import Media
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from . import health
from .health_admin import report_url
from .models import GlossaryCategory, GlossaryIndexPage, GlossaryTermPage
from .text import LETTERS

RECENT_SHOWN = 5
SCHEDULED_SHOWN = 5
# The page rights that let someone write terms; "add" alone is enough to
# write terms of one's own.
EDITING_RIGHTS = {"add_page", "change_page", "publish_page"}


def can_edit_terms(user):
    """Whether this user may write terms in some glossary."""
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    # Kept on the user object, as Wagtail keeps page permissions: the answer
    # is asked for on every admin page (the sidebar's search areas).
    cached = getattr(user, "_glossary_can_edit_terms", None)
    if cached is None:
        cached = user._glossary_can_edit_terms = _has_glossary_rights(user)
    return cached


def _has_glossary_rights(user):
    policy = policy_registry.get_by_type(Page)
    granted = [
        perm.page.path
        for perm in policy.get_cached_permissions_for_user(user)
        if perm.permission.codename in EDITING_RIGHTS
    ]
    if not granted:
        return False
    # A right reaches a glossary when it is granted on the glossary page or
    # above it (a prefix of its path), or on a page inside it.
    step = Page.steplen
    inside = {
        path[:end] for path in granted for end in range(step, len(path) + 1, step)
    }
    above = functools.reduce(operator.or_, (Q(path__startswith=p) for p in granted))
    return GlossaryIndexPage.objects.filter(above | Q(path__in=inside)).exists()


def with_term_counts(categories):
    """Categories annotated with ``term_count`` (every term) and ``live_count``.

    Terms are counted as they are stored: a published term by its published
    version, a draft by the version it was first saved with.
    """
    return categories.annotate(
        term_count=Count("terms", distinct=True),
        live_count=Count("terms", filter=Q(terms__live=True), distinct=True),
    )


def bars(rows):
    """(label, count, url) rows with each bar's length as a share of the largest."""
    largest = max((count for _label, count, _url in rows), default=0)
    return [
        {
            "label": label,
            "count": count,
            "url": url,
            # A share of the longest bar; a count above zero always shows.
            "share": 0 if not count else max(round(100 * count / largest), 2),
        }
        for label, count, url in rows
    ]


class GlossaryPanel(Component):
    """The dashboard's Glossary panel, for people who write terms."""

    name = "glossary"
    template_name = "glossary/dashboard/panel.html"
    # Above Wagtail's own panels (workflow tasks at 210, recent edits at 250).
    order = 100

    def __init__(self, request):
        self.request = request

    @property
    def media(self):
        return Media(css={"all": ["glossary/dashboard.css"]})

    def get_context_data(self, parent_context):
        listing = reverse("glossary_terms:index")
        counts = GlossaryTermPage.objects.aggregate(
            published=Count("pk", filter=Q(live=True)),
            drafts=Count("pk", filter=Q(live=False)),
            changed=Count("pk", filter=Q(live=True, has_unpublished_changes=True)),
            uncategorised=Count("pk", filter=Q(live=True, category__isnull=True)),
        )
        return {
            "counts": counts,
            "listing_url": listing,
            "letters": bars(self.letter_rows(listing)),
            "categories": bars(self.category_rows(listing, counts["uncategorised"])),
            "health": self.health(),
            "recent": self.recently_published(),
            "scheduled": self.scheduled(),
        }

    def letter_rows(self, listing):
        per_letter = dict(
            GlossaryTermPage.objects.filter(live=True)
            .values_list("letter")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return [
            (letter, per_letter.get(letter, 0), f"{listing}?letter={letter}")
            for letter in LETTERS
        ]

    def category_rows(self, listing, uncategorised):
        rows = [
            (category.name, category.live_count, f"{listing}?category={category.pk}")
            for category in with_term_counts(GlossaryCategory.objects.all())
        ]
        if uncategorised:
            rows.append(("No category", uncategorised, None))
        # Biggest first: the short bars at the end are the gaps.
        return sorted(rows, key=lambda row: -row[1])

    def health(self):
        """The health report's problems by kind, the kinds found only."""
        found = health.current_counts()
        rows = [
            {
                "label": kind.label,
                "count": found[kind.key],
                "url": report_url(kind.key),
                "broken": kind.broken,
            }
            for kind in health.KINDS
            if found[kind.key]
        ]
        broken = sum(row["count"] for row in rows if row["broken"])
        return {
            "url": report_url(),
            "rows": rows,
            "broken": broken,
            "warnings": sum(row["count"] for row in rows) - broken,
        }

    def recently_published(self):
        return list(
            GlossaryTermPage.objects.live()
            .exclude(last_published_at=None)
            .order_by("-last_published_at", "-pk")
            .values("pk", "title", "last_published_at")[:RECENT_SHOWN]
        )

    def scheduled(self):
        """The next scheduled publications, and whether more follow them.

        A schedule lives on the revision to be published, not on the page: a
        published term with changes scheduled keeps its current version, and
        the revision holds the title it will have.
        """
        rows = list(
            Revision.page_revisions.filter(
                content_type=ContentType.objects.get_for_model(GlossaryTermPage),
                approved_go_live_at__gt=timezone.now(),
            )
            .order_by("approved_go_live_at", "pk")
            .values("object_id", "object_str", "approved_go_live_at")[
                : SCHEDULED_SHOWN + 1
            ]
        )
        return {"items": rows[:SCHEDULED_SHOWN], "more": len(rows) > SCHEDULED_SHOWN}
