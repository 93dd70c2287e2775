"""The glossary health report in the admin (Reports → Glossary health)."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from search import demand

from . import demand_admin, health
from .models import GlossaryTermPage

# Whoever may write terms may see what needs fixing: Editors and Site managers.
REPORT_PERMISSIONS = ["add", "change", "publish"]
SEVERITIES = [("broken", "Broken"), ("warning", "Warnings")]
# Queries readers looked for in vain, shown above the problems; the rest are
# in the search-demand report.
MISSED_QUERIES = 10


def report_url(kind=None):
    """The health report's address, showing only problems of ``kind`` if given."""
    url = reverse("glossary_health")
    return f"{url}?{urlencode({'kind': kind})}" if kind else url


def may_see_report(user):
    return PagePermissionPolicy().user_has_any_permission(user, REPORT_PERMISSIONS)


class HealthFilterSet(WagtailFilterSet):
    kind = ChoiceFilter(
        label="Problem",
        choices=[(kind.key, kind.label) for kind in health.KINDS],
        empty_label="Any problem",
    )
    severity = ChoiceFilter(
        label="Severity", choices=SEVERITIES, empty_label="Broken and warnings"
    )

    class Meta:
        # The rows are problems, not terms; the model only satisfies the
        # filter set, which filters the report's list in the view.
        model = GlossaryTermPage
        fields = []


class HealthReportView(ReportView):
    page_title = "Glossary health"
    header_icon = "warning"
    template_name = "glossary/health/report.html"
    index_url_name = "glossary_health"
    index_results_url_name = "glossary_health_results"
    filterset_class = HealthFilterSet
    permission_policy = PagePermissionPolicy()
    any_permission_required = REPORT_PERMISSIONS
    paginate_by = 100
    export_filename = "glossary-health"
    list_export = list(health.EXPORT_COLUMNS)
    export_headings = health.EXPORT_COLUMNS
    verbose_name_plural = "problems"
    columns = [
        TitleColumn(
            "term",
            label="Term or phrase",
            get_url=lambda problem: problem.admin_path,
            id_accessor="term_id",
        ),
        Column("kind_label", label="Problem"),
        Column("severity", label="Severity"),
        Column("detail", label="Details"),
    ]

    @cached_property
    def report(self):
        return health.check()

    def get_queryset(self):
        return self.report.problems

    def filter_queryset(self, problems):
        if not (self.filters and self.filters.is_valid()):
            return problems
        chosen = self.filters.form.cleaned_data
        if chosen.get("kind"):
            problems = [p for p in problems if p.kind == chosen["kind"]]
        if chosen.get("severity"):
            broken = chosen["severity"] == "broken"
            problems = [p for p in problems if p.broken == broken]
        return problems

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return "No problems of this kind. Choose another filter."
        return "No problems found: every live term passes every check."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.report.counts()
        context["summary"] = [
            {
                "kind": kind,
                "count": counts[kind.key],
                "url": report_url(kind.key),
            }
            for kind in health.KINDS
        ]
        context["report"] = self.report
        context["phrase_limit"] = health.PHRASE_LIMIT
        if not self.results_only:
            # Each query is asked again (remembered until the glossary
            # changes): only on the full page, not when a filter reloads
            # the problems below it.
            context["missed_queries"] = demand_admin.still_missing(
                self.request.user, MISSED_QUERIES
            )
            context["demand_days"] = demand.config()["REPORT_DAYS"]
            context["demand_url"] = reverse(demand_admin.REPORT_URL_NAME)
            context["add_other_name_url"] = reverse(
                demand_admin.ADD_OTHER_NAME_URL_NAME
            )
            context["next_url"] = self.request.get_full_path()
        return context


class HealthMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


@hooks.register("register_admin_urls")
def register_health_urls():
    return [
        path(
            "reports/glossary-health/",
            HealthReportView.as_view(),
            name="glossary_health",
        ),
        path(
            "reports/glossary-health/results/",
            HealthReportView.as_view(results_only=True),
            name="glossary_health_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_health_menu_item():
    return HealthMenuItem(
        "Glossary health",
        reverse("glossary_health"),
        name="glossary-health",
        icon_name="warning",
        order=50,
    )
