"""Choosers of other terms (related terms, never linked to) that leave this one out.

Wagtail's page chooser sends a fixed set of options to its modal. This one
also sends the id of the term being edited (``exclude_page``, through the
modal's ``linkedFieldFilters``), which the ``construct_page_chooser_queryset``
hook below drops from the modal's listing and search. The browse links
inside the modal keep the query string, so it stays out as the editor moves
around. The form sets the id (``GlossaryTermForm``); a new term has none and
nothing is left out. The form still refuses a term related to itself,
whatever the chooser offered. The hook is registered as the models import
this module.
"""

import re

from django import forms
from wagtail import hooks
from wagtail.admin.panels import PageChooserPanel
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.widgets import AdminPageChooser

EXCLUDE_PARAMETER = "exclude_page"
_PAGE_ID = re.compile(r"[0-9]{1,18}")


class OtherTermChooser(AdminPageChooser):
    """A page chooser that never offers ``excluded_page_id``."""

    js_constructor = "GlossaryOtherTermChooser"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.excluded_page_id = None

    def get_js_init_options(self, id_, name, value_data):
        options = super().get_js_init_options(id_, name, value_data)
        if self.excluded_page_id:
            options["excludePage"] = self.excluded_page_id
        return options

    @property
    def media(self):
        # One list, so that Django keeps ours after Wagtail's page chooser,
        # which it extends (separate Media may be merged in any order).
        return forms.Media(
            js=[
                versioned_static("wagtailadmin/js/page-chooser-modal.js"),
                versioned_static("wagtailadmin/js/page-chooser.js"),
                versioned_static("glossary/js/other-term-chooser.js"),
            ]
        )


class OtherTermChooserPanel(PageChooserPanel):
    """A PageChooserPanel with an OtherTermChooser."""

    def get_form_options(self):
        options = super().get_form_options()
        # Built here, not at import: the target model resolves once apps are ready.
        options.setdefault("widgets", {})[self.field_name] = OtherTermChooser(
            target_models=self.page_type, can_choose_root=self.can_choose_root
        )
        return options


def leave_out(widget, page_id):
    """Have an OtherTermChooser widget leave out ``page_id``."""
    if isinstance(widget, OtherTermChooser):
        widget.excluded_page_id = page_id


@hooks.register("construct_page_chooser_queryset")
def without_excluded_page(pages, request):
    value = request.GET.get(EXCLUDE_PARAMETER, "")
    if _PAGE_ID.fullmatch(value):
        pages = pages.exclude(pk=int(value))
    return pages
