"""Rich text that works off the CMS host, and the sign-in lockouts screen."""

from wagtail import hooks

from .login import LoginLockoutViewSet
from .rich_text import (
    CheckedImageEmbedHandler,
    CMSDocumentLinkHandler,
    FrontendPageLinkHandler,
)


@hooks.register("register_rich_text_features", order=100)
def absolute_links_for_a_headless_site(features):
    features.register_link_type(FrontendPageLinkHandler)
    features.register_link_type(CMSDocumentLinkHandler)
    features.register_embed_type(CheckedImageEmbedHandler)


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    return LoginLockoutViewSet("login_lockouts")
