"""The Promote tab's live guidance: character counts, the search result, the checks.

The numbers (how long a title tag or a meta description should be, the
site's title suffix) come from ``seo.checks`` and the SEO settings, and reach
the browser as data attributes; ``static/seo/seo-live.js`` counts and asks
``seo.views`` for the checks as the editor types.
"""

import copy

from django.urls import reverse
from wagtail.admin.panels import FieldPanel, Panel

from .checks import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    SEO_TITLE_MAX,
    SEO_TITLE_MIN,
    seo_checks,
)
from .site_settings import SEOSettings


class LiveMedia:
    js = ["seo/seo-live.js"]
    css = {"all": ["seo/seo-live.css"]}


def parent_of_new_page(bound_panel):
    """The parent a page being created will have; None when editing one."""
    if bound_panel.instance.pk is not None:
        return None
    return getattr(bound_panel.form, "parent_page", None)


class LengthFieldPanel(FieldPanel):
    """The title tag or the meta description, with its length counted as typed.

    ``counts`` is ``"title"`` (counted with the site's title suffix, falling
    back on the page title) or ``"description"``.
    """

    def __init__(self, field_name, *args, counts, **kwargs):
        self.counts = counts
        super().__init__(field_name, *args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "counts": self.counts}

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "seo/panels/length_field.html"
        Media = LiveMedia

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.bound_field is None or self.read_only:
                return context
            context["count"] = (
                self.title_count()
                if self.panel.counts == "title"
                else self.description_count()
            )
            context["count_id"] = f"{self.prefix}-count"
            return context

        def title_count(self):
            parent = parent_of_new_page(self)
            site_seo = (
                SEOSettings.for_page(parent)
                if parent is not None
                else self.instance.seo_settings()
            )
            suffix, brand = site_seo.title_suffix_parts()
            title = self.form["title"] if "title" in self.form.fields else None
            return {
                "kind": "title",
                "label": "Title tag",
                "input": self.bound_field.auto_id,
                "fallback": title.auto_id if title is not None else "",
                "fallback_label": "the page title",
                "min": SEO_TITLE_MIN,
                "max": SEO_TITLE_MAX,
                "suffix": suffix,
                "brand": brand,
            }

        def description_count(self):
            return {
                "kind": "description",
                "label": "Meta description",
                "input": self.bound_field.auto_id,
                "fallback": "",
                "fallback_label": self.instance.seo_fallback_label,
                "min": DESCRIPTION_MIN,
                "max": DESCRIPTION_MAX,
                "suffix": "",
                "brand": "",
            }


class SEOChecksPanel(Panel):
    """The search result and the checklist for the page as it is being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "seo/panels/seo_checks.html"
        Media = LiveMedia

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            parent = parent_of_new_page(self)
            if parent is not None:
                page = copy.copy(page)  # the editor's page gets its address on save
                page.seo_place_under(parent)
            context["checks"] = seo_checks(page)
            context["search_result"] = page.seo_search_result()
            context["checks_url"] = self.checks_url(page, parent)
            return context

        def checks_url(self, page, parent):
            if page.pk is not None:
                return reverse("seo_checks_on_edit", args=[page.pk])
            if parent is None:  # a new page outside the page editor: nothing to ask
                return ""
            meta = page._meta
            return reverse(
                "seo_checks_on_create",
                args=[meta.app_label, meta.model_name, parent.pk],
            )
