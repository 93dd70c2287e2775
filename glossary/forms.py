"""Admin form for term pages: catches clashes an editor can fix before saving."""

from wagtail.admin.forms import WagtailAdminPageForm

from .text import name_key


class GlossaryTermForm(WagtailAdminPageForm):
    """Rejects duplicate titles and other names, and self or repeated related terms."""

    def clean(self):
        cleaned_data = super().clean()
        title = cleaned_data.get("title")
        names = [title] if title else []
        aliases = self._live_forms("term_aliases")
        names += [form.cleaned_data.get("name") for form in aliases]
        other_titles, other_aliases = self._names_taken([n for n in names if n])

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

    def _names_taken(self, names):
        """({key: term} of other terms' titles, {key: term} of their other names).

        Only for the keys of ``names``, among the other terms of the same
        glossary: two indexed lookups, however large the glossary.
        """
        parent = self.parent_page
        keys = {name_key(name)[:255] for name in names}
        if parent is None or not keys:
            return {}, {}
        model = type(self.instance)
        others = model.objects.child_of(parent)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        titles = {
            term.name_key: term
            for term in others.filter(name_key__in=keys).only("pk", "title", "name_key")
        }
        aliases = {}
        # The other names' model, as the term knows it (models import this form).
        alias_model = model._meta.get_field("term_aliases").related_model
        for alias in (
            alias_model.objects.filter(key__in=keys, page__in=others.values("pk"))
            .select_related("page")
            .order_by("pk")
        ):
            aliases.setdefault(alias.key, alias.page)
        return titles, aliases

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
