"""Admin menus for glossary snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CallToAction, GlossaryCategory


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


class GlossarySnippetsGroup(SnippetViewSetGroup):
    menu_label = "Glossary"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (GlossaryCategoryViewSet, CallToActionViewSet)


register_snippet(GlossarySnippetsGroup)
