"""Admin form for term pages: catches clashes an editor can fix before saving."""

from wagtail.admin.forms import WagtailAdminPageForm

from .text import name_key


class GlossaryTermForm(WagtailAdminPageForm):
    """Rejects duplicate titles and other names, and self or repeated related terms."""

    def clean(self):
        cleaned_data = super().clean()
        title = cleaned_data.get("title")
        others = self._other_terms()
        other_titles = {name_key(term.title): term for term in others}
        other_aliases = {}
        for term in others:
            for alias in term.term_aliases.all():
                other_aliases.setdefault(name_key(alias.name), term)

        if title:
            clash = other_titles.get(name_key(title)) or other_aliases.get(
                name_key(title)
            )
            if clash is not None:
                self.add_error(
                    "title",
                    f"“{clash.title}” already uses this name. Edit that term instead, "
                    "or choose a different title.",
                )

        self._clean_aliases(title, other_titles, other_aliases)
        self._clean_related_terms()
        return cleaned_data

    def _other_terms(self):
        """Terms in the same glossary, with their other names, excluding this one."""
        parent = self.parent_page
        if parent is None:
            return []
        model = type(self.instance)
        terms = model.objects.child_of(parent).prefetch_related("term_aliases")
        if self.instance.pk:
            terms = terms.exclude(pk=self.instance.pk)
        return list(terms)

    def _live_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None or not formset.is_valid():
            return []
        return [
            form
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def _clean_aliases(self, title, other_titles, other_aliases):
        seen = {name_key(title)} if title else set()
        for form in self._live_forms("term_aliases"):
            name = form.cleaned_data.get("name")
            if not name:
                continue
            key = name_key(name)
            owner = other_titles.get(key) or other_aliases.get(key)
            if owner is not None:
                form.add_error(
                    "name", f"“{owner.title}” already uses the name “{name}”."
                )
            elif key in seen:
                form.add_error(
                    "name",
                    f"“{name}” is already this term's title or another of its names.",
                )
            seen.add(key)

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
