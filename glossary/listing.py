"""The Terms listing in the Glossary menu: every term, filterable, exportable."""

from django import forms
from django_filters import ChoiceFilter, ModelChoiceFilter
from taggit.models import Tag
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

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

    class Meta:
        model = GlossaryTermPage
        fields = []


class TermIndexView(ExportListingMixin, IndexView):
    pass


class TermListingViewSet(PageListingViewSet):
    name = "glossary_terms"
    url_prefix = "glossary/terms"
    icon = "doc-full"
    menu_label = "Terms"
    model = GlossaryTermPage
    index_view_class = TermIndexView
    filterset_class = TermFilterSet
