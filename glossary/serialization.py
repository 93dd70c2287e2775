"""Plain-data shapes shared by the API fields and blocks of glossary content."""

from cms.frontend import absolute_cms_url
from cms.sanitize import safe_url

# Rendition filters the frontend can rely on for every image the API returns.
IMAGE_RENDITIONS = {
    "thumbnail": "fill-480x270",
    "medium": "max-800x800",
    "large": "max-1600x1600",
}


def image_data(image, request=None):
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": absolute_cms_url(renditions[spec].url, request),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


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
