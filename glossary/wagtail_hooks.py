"""The Glossary admin menu: terms, categories, calls to action, import and export."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import NumberColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_search import TermSearchArea
from .dashboard import GlossaryPanel, can_edit_terms, with_term_counts
from .listing import TermListingViewSet
from .models import CallToAction, GlossaryCategory
from .term_admin import TermPageViewSet
from .transfer.views import ExportViewSet, ImportViewSet
from .transfer.writer import IMPORT_ACTION


class TermCountColumn(NumberColumn):
    """A category's number of terms, linking to those terms in the Terms listing."""

    cell_template_name = "glossary/dashboard/term_count_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = f"{reverse('glossary_terms:index')}?category={instance.pk}"
        return context


class GlossaryCategoryViewSet(SnippetViewSet):
    model = GlossaryCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = [
        "name",
        "slug",
        TermCountColumn("term_count", label="Terms", sort_key="term_count"),
        NumberColumn("live_count", label="Published", sort_key="live_count"),
    ]
    search_fields = ["name", "description"]
    # The search index holds only names (for choosers); a few dozen
    # categories are searched in the database, descriptions included.
    search_backend_name = None

    def get_queryset(self, request):
        # Ordered here: Django leaves the model's ordering out of counting
        # (GROUP BY) queries.
        return with_term_counts(GlossaryCategory.objects.order_by("name"))


class CallToActionCreateView(SnippetCreateView):
    def save_form(self, form):
        # Logged as the snippet's own "Add" view logs it, so the call to
        # action's history starts where it was made.
        instance = super().save_form(form)
        log(instance=instance, action="wagtail.create", content_changed=True)
        return instance


class CallToActionChooserViewSet(SnippetChooserViewSet):
    """The call-to-action chooser, with a tab to write a new one and pick it."""

    create_view_class = CallToActionCreateView
    creation_tab_label = "New call to action"
    create_action_label = "Save and choose"
    create_action_clicked_label = "Saving…"

    @cached_property
    def creation_form_class(self):
        # The same fields, help and checks as the Calls to action listing's
        # "Add" form, from the model's panels.
        return self.model.snippet_viewset.get_edit_handler().get_form_class()


class CallToActionViewSet(SnippetViewSet):
    model = CallToAction
    icon = "pick"
    menu_label = "Calls to action"
    chooser_viewset_class = CallToActionChooserViewSet
    list_display = ["name", "heading", "button_label", "url"]
    search_fields = ["name", "heading", "button_label"]


class GlossaryMenu(ViewSetGroup):
    menu_label = "Glossary"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (
        TermListingViewSet,
        GlossaryCategoryViewSet,
        CallToActionViewSet,
        ImportViewSet,
        ExportViewSet,
    )


@hooks.register("register_admin_viewset")
def register_glossary_menu():
    return GlossaryMenu()


@hooks.register("register_admin_viewset")
def register_term_page_views():
    return TermPageViewSet()


@hooks.register("construct_homepage_panels")
def add_glossary_panel(request, panels):
    if can_edit_terms(request.user):
        panels.append(GlossaryPanel(request))


@hooks.register("register_admin_search_area")
def register_term_search_area():
    return TermSearchArea()


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    @actions.register_action(IMPORT_ACTION)
    class ImportedFromFile(LogFormatter):
        label = "Import"

        def format_message(self, log_entry):
            return f"Imported from the file “{log_entry.data.get('file', '?')}”"


# The health report, search demand and automatic-link screens register their
# own hooks as they are imported; Wagtail imports this module only.
from . import autolink_admin, demand_admin, health_admin  # noqa: E402, F401
