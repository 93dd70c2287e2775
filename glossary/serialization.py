"""Plain-data shapes shared by the API fields and blocks of glossary content."""

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
