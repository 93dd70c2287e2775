"""Images in API answers, with renditions every frontend can rely on."""

from .frontend import absolute_cms_url

# Rendition filters the frontend can rely on for every image the API returns.
IMAGE_RENDITIONS = {
    "thumbnail": "fill-480x270",
    "medium": "max-800x800",
    "large": "max-1600x1600",
}


def image_data(image):
    """An image as the API hands it out: its renditions' absolute URLs and sizes."""
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
                "url": absolute_cms_url(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }
