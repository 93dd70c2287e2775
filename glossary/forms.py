"""Admin form for term pages: catches clashes an editor can fix before saving."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminPageForm

from . import duplicates
from .choosers import leave_out

# Inline panels whose chooser picks another term: it never offers this one.
CHOOSING_OTHER_TERMS = ("related_terms", "auto_link_skips")


def _edit_url(holder):
    return reverse("wagtailadmin_pages:edit", args=[holder.page_id])


def _edit_link(holder):
    return format_html('<a href="{}">Edit “{}”</a>', _edit_url(holder), holder.title)


class GlossaryTermForm(WagtailAdminPageForm):
    """Rejects clashing titles and other names, and self or repeated related terms.

    Names close to another term's are refused too until the editor ticks
    "save anyway", which the warning itself carries: it is not in a panel.
    """

    save_anyway = forms.BooleanField(
        required=False, label="This is a different term — save anyway"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._leave_this_term_out_of_choosers()

    def clean(self):
        cleaned_data = super().clean()
        self._clean_names(cleaned_data)
        self._clean_related_terms()
        return cleaned_data

    # Names ------------------------------------------------------------------

    def _clean_names(self, cleaned_data):
        title = cleaned_data.get("title")
        alias_forms = [
            form
            for form in self._live_forms("term_aliases")
            if form.cleaned_data.get("name")
        ]
        names = duplicates.term_names(
            title,
            [form.cleaned_data["name"] for form in alias_forms],
            cleaned_data.get("slug") or "",
        )
        repeated = duplicates.repeats(names)
        for name in repeated:
            alias_forms[name.position].add_error(
                "name",
                f"“{name.text}” is already this term's title or another of its names.",
            )
        # The preview builds this form without the glossary: checked on save.
        if self.parent_page is None:
            return
        others = duplicates.Glossary(
            self.parent_page, [self.instance.pk] if self.instance.pk else []
        )
        clashes = duplicates.clashes(others, names)
        for clash in clashes:
            self._show_clash(clash, alias_forms)

        if cleaned_data.get("save_anyway") and not self._has_other_errors():
            return
        refused = {clash.name for clash in clashes} | set(repeated)
        changed = [
            name
            for name in names
            if name not in refused and self._is_new(name, alias_forms)
        ]
        for name, nears in duplicates.near_duplicates(others, changed).items():
            self._show_near_duplicates(name, nears, alias_forms, cleaned_data)

    def _is_new(self, name, alias_forms):
        """Whether the name is new or changed since the form was opened."""
        if name.is_title:
            return "title" in self.changed_data
        form = alias_forms[name.position]
        return form.instance.pk is None or "name" in form.changed_data

    def _has_other_errors(self):
        return bool(self._errors) or not all(
            formset.is_valid() for formset in self.formsets.values()
        )

    def _show_clash(self, clash, alias_forms):
        name, holder = clash.name, clash.holder
        if not name.is_title:
            form, field = alias_forms[name.position], "name"
            advice = "instead, or remove this name here."
        elif clash.address and clash.address != duplicates.title_slug(name.text):
            # Not the title's own slug: the one the editor typed.
            form, field = self, "slug"
            advice = "instead, or choose a different slug."
        else:
            form, field = self, "title"
            advice = "instead, or choose a different title."
        if clash.address:
            through = (
                ""
                if clash.held_is_title
                else format_html(" through its other name “{}”", clash.held)
            )
            made = (
                format_html("The web address “{}”", clash.address)
                if field == "slug"
                else format_html(
                    "“{}” makes the web address “{}”, which", name.text, clash.address
                )
            )
            message = format_html(
                "{} already leads to “{}”{}. {} {}",
                made,
                holder.title,
                through,
                _edit_link(holder),
                advice,
            )
        else:
            held = (
                "as its title"
                if clash.held_is_title
                else format_html("as one of its other names (“{}”)", clash.held)
            )
            message = format_html(
                "“{}” already uses this name {}. {} {}",
                holder.title,
                held,
                _edit_link(holder),
                advice,
            )
        form.add_error(field, message)

    def _show_near_duplicates(self, name, nears, alias_forms, cleaned_data):
        message = render_to_string(
            "glossary/duplicates/near_duplicates.html",
            {
                "name": name.text,
                "nears": [(near, _edit_url(near.holder)) for near in nears],
                "field_name": self.add_prefix("save_anyway"),
                "label": self.fields["save_anyway"].label,
                "checked": bool(cleaned_data.get("save_anyway")),
            },
        )
        if name.is_title:
            self.add_error("title", message)
        else:
            alias_forms[name.position].add_error("name", message)

    # Other names, related terms, never linked to ------------------------------

    def _live_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None or not formset.is_valid():
            return []
        return [
            form
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def _clean_related_terms(self):
        seen = set()
        for form in self._live_forms("related_terms"):
            term = form.cleaned_data.get("term")
            if term is None:
                continue
            if self.instance.pk and term.pk == self.instance.pk:
                form.add_error("term", "A term cannot be related to itself.")
            elif term.pk in seen:
                form.add_error(
                    "term", f"“{term.title}” is already in the related terms."
                )
            seen.add(term.pk)

    def _leave_this_term_out_of_choosers(self):
        """The choosers of other terms, in every row and in the "add" template."""
        page_id = self.instance.pk
        for name in CHOOSING_OTHER_TERMS:
            formset = self.formsets.get(name)
            if formset is None:
                continue
            # add_fields is the formset's hook for each form it builds, the
            # empty one the "add" button copies included.
            add_fields = formset.add_fields

            def add_fields_leaving_out(form, index, add_fields=add_fields):
                add_fields(form, index)
                leave_out(form.fields["term"].widget, page_id)

            formset.add_fields = add_fields_leaving_out
