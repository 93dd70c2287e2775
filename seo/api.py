"""The ``seo`` and ``json_ld`` fields every page type ends its ``api_fields`` with."""

from rest_framework.fields import Field
from wagtail.api import APIField


class SEOField(Field):
    """What a page's ``<head>`` needs, ready to print::

        {
            "title": "Micro-influencer — Creator Glossary",  # <title>: with the suffix
            "social_title": "Micro-influencer",  # og:title, twitter:title: without
            "description": "A micro-influencer is…",  # meta description, og too
            "canonical_url": "https://…/glossary/micro-influencer/",  # link rel
            "image": "http://cms…/media/images/….fill-1200x630.png",  # or null
            "site_name": "Creator Glossary",  # og:site_name, or null
            "robots": "index, follow",  # or "noindex, follow"
        }

    ``title`` is the SEO title (or the page title) followed by the site's title
    suffix from SEO settings; ``social_title`` is the same without the suffix.
    ``image`` is the page's social image, else the site's default, cropped to
    1200×630. URLs are absolute and percent-encoded.
    """

    def to_representation(self, page):
        return page.seo_data(self.context.get("request"))


class JSONLDField(Field):
    """schema.org objects for <script type="application/ld+json">."""

    def to_representation(self, page):
        return page.json_ld(self.context.get("request"))


SEO_API_FIELDS = [
    APIField("seo", serializer=SEOField(source="*")),
    APIField("json_ld", serializer=JSONLDField(source="*")),
]
