"""How glossary content leaves the API: plain-data shapes and the term's API fields.

The shapes (calls to action, categories, term references) are shared by the
API fields below and by stream blocks.
"""

from rest_framework.fields import Field

from headless.sanitize import safe_url


def cta_data(cta):
    if cta is None:
        return None
    return {
        "id": cta.pk,
        "heading": cta.heading,
        "text": cta.text,
        "button_label": cta.button_label,
        "url": safe_url(cta.url),
        "app_store_url": safe_url(cta.app_store_url),
        "play_store_url": safe_url(cta.play_store_url),
    }


def category_data(category):
    if category is None:
        return None
    return {
        "id": category.pk,
        "name": category.name,
        "slug": category.slug,
        "description": category.description,
    }


def term_reference(term):
    """How one term points at another: enough to render a link card."""
    return {
        "id": term.pk,
        "title": term.title,
        "slug": term.slug,
        "url": term.full_url,
        "short_definition": term.short_definition,
    }


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
