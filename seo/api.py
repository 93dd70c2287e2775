"""The ``seo`` and ``json_ld`` fields every page type ends its ``api_fields`` with."""

from rest_framework.fields import Field
from wagtail.api import APIField


class SEOField(Field):
    """Title, description, canonical URL, social image and robots, ready for <head>."""

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
