"""The Glossary admin menu: terms, categories, calls to action, import and export."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.log_actions import LogFormatter
from wagtail.snippets.views.snippets import SnippetViewSet

from .listing import TermListingViewSet
from .models import CallToAction, GlossaryCategory
from .transfer.views import ExportViewSet, ImportViewSet
from .transfer.writer import IMPORT_ACTION


class GlossaryCategoryViewSet(SnippetViewSet):
    model = GlossaryCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]


class CallToActionViewSet(SnippetViewSet):
    model = CallToAction
    icon = "pick"
    menu_label = "Calls to action"
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


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    @actions.register_action(IMPORT_ACTION)
    class ImportedFromFile(LogFormatter):
        label = "Import"

        def format_message(self, log_entry):
            return f"Imported from the file “{log_entry.data.get('file', '?')}”"
