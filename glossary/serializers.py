"""API serializer fields for term pages: related data resolved for a frontend."""

from rest_framework.fields import Field

from .serialization import category_data, cta_data, term_reference


class HeadingsField(Field):
    """The three section headings, automatic or as the editor overrode them."""

    def to_representation(self, page):
        return page.headings


class AliasNamesField(Field):
    """Other names of the term as a plain list of strings."""

    def to_representation(self, aliases):
        return [alias.name for alias in aliases.all()]


class TagNamesField(Field):
    """Tag names, alphabetical; reads prefetched tags instead of querying per page."""

    def to_representation(self, tagged_items):
        return sorted((item.tag.name for item in tagged_items.all()), key=str.lower)


class CategoryField(Field):
    def to_representation(self, category):
        return category_data(category)


class RelatedTermsField(Field):
    """Related terms that the public may see, in the editor's order."""

    def get_attribute(self, page):
        prefetched = getattr(page, "public_related_terms", None)
        if prefetched is not None:
            return [link.term for link in prefetched]
        # Previews and pages fetched without the API prefetch.
        links = list(page.related_terms.all())
        visible = set(
            type(page)
            .objects.live()
            .public()
            .filter(pk__in=[link.term_id for link in links])
            .values_list("pk", flat=True)
        )
        return [link.term for link in links if link.term_id in visible]

    def to_representation(self, terms):
        return [term_reference(term) for term in terms]


class EffectiveCTAField(Field):
    """The term's own call to action, or the site-wide default when it has none."""

    def to_representation(self, page):
        return cta_data(page.effective_cta(self.context.get("request")))


class ReviewerField(Field):
    """The reviewer's full name, or null: never their login name or email."""

    def to_representation(self, user):
        return user.get_full_name().strip() or None
