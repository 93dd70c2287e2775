"""The "What readers look for" report: searches that find nothing, and their fixes.

The report (Reports menu, URL name :data:`REPORT_URL_NAME`) lists the queries
readers asked most in a period that found nothing, or only close spellings
(``search.demand.asked_most``), each asked again among the live public terms
(``search.demand.now``): one that finds a term now is marked so. The others
have two fixes:

- **Create a term** opens Wagtail's own new-term form under a glossary, with
  the query as the title (``?title=``, filled in by :func:`prefill_title`);
- **Add as other name**, where a close spelling found a term: the query
  becomes one of that term's other names, checked by the term form's own
  clash checks, in a new revision that is published when the term had no
  unpublished changes, or else left in its draft.
"""

from contextvars import ContextVar
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import get_form_for_model
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import init_new_page

from search import demand
from search.models import SearchDemand

from . import duplicates
from .delivery import cache as answers
from .models import GlossaryIndexPage, GlossaryTermAlias, GlossaryTermPage

REPORT_URL_NAME = "glossary_search_demand"
RESULTS_URL_NAME = "glossary_search_demand_results"
ADD_OTHER_NAME_URL_NAME = "glossary_search_demand_add_other_name"

# Who sees the report: anyone who writes pages, as for Wagtail's own reports.
REPORT_PERMISSIONS = ["add", "change", "publish"]

OUTCOME_LABELS = {
    demand.NOTHING: "Nothing",
    demand.TYPO: "Only a close spelling",
    demand.FOUND: "Finds a term now",
}


def public_terms():
    """The terms readers can find: live, and not behind a privacy setting."""
    return GlossaryTermPage.objects.live().public()


def as_name(query):
    """A counted query (folded to lower case) as a title or other name.

    Titles and other names in this glossary start with a capital letter
    ("Micro-influencer"); the rest is left as readers typed it.
    """
    return query[:1].upper() + query[1:]


# The report ----------------------------------------------------------------


def period_choices():
    options = demand.config()
    default, kept = options["REPORT_DAYS"], options["RETENTION_DAYS"]
    days = sorted({d for d in (7, 30, 90, kept) if d <= kept} - {default})
    return [(str(d), f"Last {d} days") for d in days]


class SearchDemandFilterSet(WagtailFilterSet):
    """The period and the kind of question; blank means the defaults.

    Read by the report itself (``missed()`` is not a queryset filter).
    """

    days = django_filters.ChoiceFilter(
        label="Period", choices=period_choices, empty_label=""
    )
    kind = django_filters.ChoiceFilter(
        label="Asked in",
        choices=[(demand.AUTOCOMPLETE, "Suggestions while typing")],
        empty_label="The search box",
    )

    class Meta:
        model = SearchDemand
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The default period reads as one; the form is built after this.
        default_days = demand.config()["REPORT_DAYS"]
        self.filters["days"].extra["empty_label"] = f"Last {default_days} days"


@dataclass
class ReportRow:
    """One query of the report as it stands now, with what an editor can do."""

    query: str
    times: int
    last_asked: object
    outcome: str
    # The close spelling offered, or the term the query finds now; only
    # live, public terms.
    term: GlossaryTermPage | None
    create_links: list
    can_add_other_name: bool

    @property
    def found_now(self):
        return self.outcome == demand.FOUND

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]

    @property
    def term_title(self):
        return self.term.title if self.term else ""

    @property
    def suggested_name(self):
        return as_name(self.query)


def report_rows(entries, user):
    """``entries`` (``demand.Missed``, asked again) as rows with their actions."""
    terms = public_terms().in_bulk(
        [entry.term_id for entry in entries if entry.term_id]
    )
    creatable = [
        glossary
        for glossary in GlossaryIndexPage.objects.order_by("path")
        if glossary.permissions_for_user(user).can_add_subpage()
    ]
    editable = {
        pk for pk, term in terms.items() if term.permissions_for_user(user).can_edit()
    }
    return [
        ReportRow(
            query=entry.query,
            times=entry.times,
            last_asked=entry.last_asked,
            outcome=entry.outcome,
            term=terms.get(entry.term_id),
            create_links=[]
            if entry.outcome == demand.FOUND
            else [
                (glossary, create_term_url(glossary, as_name(entry.query)))
                for glossary in creatable
            ],
            can_add_other_name=entry.outcome == demand.TYPO
            and entry.term_id in editable,
        )
        for entry in entries
    ]


def still_missing(user, limit):
    """The ``limit`` queries readers searched for most that still find no term,
    or only a close spelling (the default period), as report rows."""
    entries = demand.missed(
        public_terms(), limit=limit, version=answers.glossary_version()
    )
    return report_rows(entries, user)


class SearchDemandReportView(ReportView):
    """The queries readers asked most that found nothing, most asked first.

    Each query on the page shown is asked again: one that finds a term now
    is marked so, without actions. Only the page's queries, because each
    costs what a reader's search does (about a tenth of a second for a miss
    at 10,000 terms); the answers are remembered until the glossary changes.
    """

    page_title = "What readers look for"
    header_icon = "search"
    results_template_name = "glossary/demand/report_results.html"
    index_url_name = REPORT_URL_NAME
    index_results_url_name = RESULTS_URL_NAME
    filterset_class = SearchDemandFilterSet
    permission_policy = PagePermissionPolicy()
    any_permission_required = REPORT_PERMISSIONS
    paginate_by = 20
    list_export = ["query", "times", "last_asked", "outcome_label", "term_title"]
    export_headings = {
        "query": "Query",
        "times": "Times asked",
        "last_asked": "Last asked",
        "outcome_label": "Readers find",
        "term_title": "Term",
    }

    def get_filename(self):
        return f"what-readers-look-for-{self.kind}-{self.days}-days"

    def _choice(self, name):
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or None
        return None

    @property
    def days(self):
        return int(self._choice("days") or demand.config()["REPORT_DAYS"])

    @property
    def kind(self):
        return self._choice("kind") or demand.SEARCH

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_queryset(self):
        return demand.asked_most(days=self.days, kind=self.kind)

    def decorate_paginated_queryset(self, object_list):
        entries = demand.now(
            public_terms(), list(object_list), self.kind, answers.glossary_version()
        )
        return report_rows(entries, self.request.user)

    def back_url(self):
        """The full report as now filtered, even when this is the results part."""
        params = self.request.GET.copy()
        for internal in ("_w_filter_fragment", "export"):
            params.pop(internal, None)
        return f"{self.index_url}?{params.urlencode()}" if params else self.index_url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            days=self.days,
            kind=self.kind,
            add_other_name_url=reverse(ADD_OTHER_NAME_URL_NAME),
            next_url=self.back_url(),
        )
        return context


class SearchDemandMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, REPORT_PERMISSIONS
        )


# Create a term -------------------------------------------------------------


def create_term_url(glossary, title):
    """Wagtail's new-term form under ``glossary``, with ``title`` filled in."""
    url = reverse(
        "wagtailadmin_pages:add", args=["glossary", "glossarytermpage", glossary.pk]
    )
    return f"{url}?{urlencode({'title': title})}"


# The title asked for by the request that is opening the new-term form: set by
# the before_create_page hook, which sees the request, and read by the
# init_new_page receiver, which sees the new page (neither sees both).
_prefilled_title = ContextVar("prefilled_title", default=None)


def remember_title(request, parent_page, page_class):
    title = None
    if request.method == "GET" and issubclass(page_class, GlossaryTermPage):
        text = request.GET.get("title", "")
        if "\x00" not in text:
            title = " ".join(text.split())[:255] or None
    # Set on every create, so nothing left from an earlier request is used.
    _prefilled_title.set(title)


@receiver(init_new_page, sender=CreateView)
def prefill_title(sender, page, parent, **kwargs):
    title = _prefilled_title.get()
    _prefilled_title.set(None)
    if title and isinstance(page, GlossaryTermPage):
        page.title = title
        page.slug = slugify(title, allow_unicode=True)


# Add as other name ---------------------------------------------------------


class OtherNameForm(forms.Form):
    term = forms.ModelChoiceField(queryset=GlossaryTermPage.objects.all())
    query = forms.CharField(
        max_length=GlossaryTermAlias._meta.get_field("name").max_length
    )


def name_problems(draft, name, user):
    """The term form's errors for adding ``name`` to ``draft``'s other names.

    The form an editor uses, limited to the title, slug and other names: its
    clean() makes the checks an edit in the admin makes (``duplicates``:
    another term's title, other name or address, or one of the term's own
    names). Near-duplicates do not stop it, as if the editor had ticked
    "save anyway": picking the term in the report is that choice, and
    :func:`add_other_name` names them afterwards.
    """
    form_class = get_form_for_model(
        GlossaryTermPage,
        form_class=GlossaryTermPage.base_form_class,
        fields=["title", "slug"],
        formsets={"term_aliases": {"fields": ["name"]}},
    )
    names = [alias.name for alias in draft.term_aliases.all()] + [name]
    data = {
        "title": draft.title,
        "slug": draft.slug,
        "save_anyway": "on",
        "term_aliases-TOTAL_FORMS": str(len(names)),
        "term_aliases-INITIAL_FORMS": "0",
        "term_aliases-MIN_NUM_FORMS": "0",
        "term_aliases-MAX_NUM_FORMS": "1000",
    }
    for index, alias in enumerate(names):
        data[f"term_aliases-{index}-name"] = alias
        data[f"term_aliases-{index}-ORDER"] = str(index + 1)
    form = form_class(
        data, instance=draft, parent_page=draft.get_parent().specific, for_user=user
    )
    if form.is_valid():
        return []
    # Only what this name causes, or stops it: a clash one of the term's
    # existing names has acquired since is the term's own business.
    new_name = form.formsets["term_aliases"].forms[-1]
    return [
        *new_name.errors.get("name", []),
        *(error for errors in form.errors.values() for error in errors),
    ]


def near_names(term, name):
    """Other terms' names close to ``name``, as "“name” (Term)" phrases."""
    others = duplicates.Glossary(term.get_parent(), [term.pk])
    (checked,) = duplicates.term_names(None, [name])
    nears = duplicates.near_duplicates(others, [checked]).get(checked, [])
    return [
        near.held if near.held_is_title else f"{near.held} ({near.holder.title})"
        for near in nears
    ]


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(REPORT_URL_NAME)


@require_POST
def add_other_name(request):
    """Add a query as one of a term's other names, publishing it when safe."""
    form = OtherNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That query or term could not be found. Try again.")
        return _back(request)
    term = form.cleaned_data["term"]
    name = as_name(" ".join(form.cleaned_data["query"].split()))
    permissions = term.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    lock = term.get_lock()
    if lock and lock.for_user(request.user):
        messages.error(
            request,
            f"“{term.title}” is locked, so “{name}” was not added. "
            "Ask whoever locked it, or try again once it is unlocked.",
        )
        return _back(request)

    draft = term.get_latest_revision_as_object()
    problems = name_problems(draft, name, request.user)
    if problems:
        messages.error(
            request,
            format_html(
                "“{}” was not added to “{}”: {}",
                name,
                term.title,
                format_html_join(" ", "{}", ((problem,) for problem in problems)),
            ),
        )
        return _back(request)

    last = max((alias.sort_order or 0 for alias in draft.term_aliases.all()), default=0)
    draft.term_aliases.add(GlossaryTermAlias(name=name, sort_order=last + 1))
    if term.has_unpublished_changes:
        kept_as_draft = "it already had changes waiting to be published"
    elif not term.live:
        kept_as_draft = "the term is not published"
    elif term.workflow_in_progress:
        kept_as_draft = "it is waiting for moderation"
    elif not permissions.can_publish():
        kept_as_draft = "you cannot publish it yourself"
    else:
        kept_as_draft = None
    revision = draft.save_revision(user=request.user, log_action=True)
    edit_url = reverse("wagtailadmin_pages:edit", args=[term.pk])
    near = near_names(term, name)
    if near:
        messages.info(
            request,
            f"“{name}” is close to other terms' names too: {', '.join(near)}. "
            f"Make sure readers who type it mean “{term.title}”.",
        )
    if kept_as_draft is None:
        revision.publish(user=request.user)
        messages.success(
            request,
            f"“{name}” is now an other name of “{term.title}”, and published: "
            "readers searching for it find the term.",
            buttons=[messages.button(edit_url, "Edit term")],
        )
    else:
        messages.warning(
            request,
            f"“{name}” was added to a draft of “{term.title}”, not published, "
            f"because {kept_as_draft}. Readers find the term by it once the draft "
            "is published.",
            buttons=[messages.button(edit_url, "Review the draft")],
        )
    return _back(request)


# Registration --------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_demand_urls():
    return [
        path(
            "glossary/what-readers-look-for/",
            SearchDemandReportView.as_view(),
            name=REPORT_URL_NAME,
        ),
        path(
            "glossary/what-readers-look-for/results/",
            SearchDemandReportView.as_view(results_only=True),
            name=RESULTS_URL_NAME,
        ),
        path(
            "glossary/what-readers-look-for/other-name/",
            add_other_name,
            name=ADD_OTHER_NAME_URL_NAME,
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_demand_menu_item():
    return SearchDemandMenuItem(
        "What readers look for",
        reverse(REPORT_URL_NAME),
        name="what-readers-look-for",
        icon_name="search",
        order=650,
    )


hooks.register("before_create_page", remember_title)
