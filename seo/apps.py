from django.apps import AppConfig


class SEOConfig(AppConfig):
    """What search engines and social networks read about a page, in one place."""

    name = "seo"
    verbose_name = "SEO"
