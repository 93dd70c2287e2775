"""The Terms listing in the Glossary menu: every term, filterable, exportable."""

from django import forms
from django.contrib.auth import get_user_model
from django_filters import ChoiceFilter, ModelChoiceFilter
from taggit.models import Tag
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from .admin_search import search_terms
from .health import BROKEN_KINDS, KINDS, term_ids_with
from .models import GlossaryCategory, GlossaryTermPage
from .text import LETTERS
from .transfer.views import ExportListingMixin


class TermFilterSet(PageFilterSet):
    category = ModelChoiceFilter(
        queryset=GlossaryCategory.objects.all(), empty_label="Any category"
    )
    letter = ChoiceFilter(
        choices=[(letter, letter) for letter in LETTERS], empty_label="Any letter"
    )
    tag = ModelChoiceFilter(
        field_name="tagged_items__tag",
        label="Tag",
        queryset=lambda request: (
            Tag.objects.filter(glossary_glossarytermtag_items__isnull=False)
            .distinct()
            .order_by("name")
        ),
        widget=forms.Select,
    )
    reviewer = MultipleUserFilter(
        field_name="reviewed_by",
        label="Reviewer",
        queryset=lambda request: get_user_model().objects.filter(
            pk__in=GlossaryTermPage.objects.filter(reviewed_by__isnull=False)
            .order_by()
            .values("reviewed_by")
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    health = ChoiceFilter(
        label="Health",
        choices=[("broken", "Anything broken")]
        + [(kind.key, kind.label) for kind in KINDS if kind.key != "missing_term"],
        empty_label="Any",
        method="filter_health",
        help_text="Published terms with this problem, as the Glossary health "
        "report finds it.",
    )

    class Meta:
        model = GlossaryTermPage
        fields = []

    def filter_health(self, queryset, name, value):
        kinds = BROKEN_KINDS if value == "broken" else [value]
        return queryset.filter(pk__in=term_ids_with(*kinds))


class TermIndexView(ExportListingMixin, IndexView):
    results_template_name = "glossary/admin_search/term_index_results.html"

    def search_queryset(self, queryset):
        # The public search's engine: text in every section, other names and
        # typos, where Wagtail's own matches the start of titles only.
        if not self.is_searching:
            return queryset
        return search_terms(
            queryset, self.search_query, ranked=not self.is_explicitly_ordered
        )


class TermListingViewSet(PageListingViewSet):
    name = "glossary_terms"
    url_prefix = "glossary/terms"
    icon = "doc-full"
    menu_label = "Terms"
    model = GlossaryTermPage
    index_view_class = TermIndexView
    filterset_class = TermFilterSet
