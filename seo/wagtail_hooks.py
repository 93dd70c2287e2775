"""The admin addresses the Promote tab's live SEO guidance posts to."""

from django.urls import path
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_seo_checks_urls():
    return [
        path(
            "seo/checks/<int:page_id>/",
            views.checks_on_edit,
            name="seo_checks_on_edit",
        ),
        path(
            "seo/checks/add/<slug:content_type_app_name>/"
            "<slug:content_type_model_name>/<int:parent_page_id>/",
            views.checks_on_create,
            name="seo_checks_on_create",
        ),
    ]
