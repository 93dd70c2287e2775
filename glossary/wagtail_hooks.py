"""Admin menus for glossary snippets and rich text link behaviour."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.login import LoginLockoutViewSet
from cms.rich_text import (
    CheckedImageEmbedHandler,
    CMSDocumentLinkHandler,
    FrontendPageLinkHandler,
)

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


@hooks.register("register_rich_text_features", order=100)
def absolute_links_for_a_headless_site(features):
    features.register_link_type(FrontendPageLinkHandler)
    features.register_link_type(CMSDocumentLinkHandler)
    features.register_embed_type(CheckedImageEmbedHandler)


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    return LoginLockoutViewSet("login_lockouts")
