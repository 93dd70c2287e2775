"""The sample site's default social image, drawn here rather than shipped as a file."""

import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont

# The size social networks show large (seo.site_settings.SOCIAL_IMAGE_SPEC).
SIZE = (1200, 630)
BACKGROUND = (24, 33, 58)
ACCENT = (255, 196, 61)
TEXT = (255, 255, 255)
MUTED = (190, 198, 220)
MARGIN = 96


def social_card(title, tagline):
    """A 1200×630 PNG: the site's name and tagline on a plain background."""
    card = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(card)
    draw.rectangle((MARGIN, 200, MARGIN + 120, 212), fill=ACCENT)
    draw.text((MARGIN, 250), title, font=ImageFont.load_default(size=88), fill=TEXT)
    draw.text((MARGIN, 380), tagline, font=ImageFont.load_default(size=36), fill=MUTED)
    data = io.BytesIO()
    card.save(data, format="PNG")
    return ImageFile(io.BytesIO(data.getvalue()), name="social-card.png")
