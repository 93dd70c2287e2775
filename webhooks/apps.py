from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed messages to other sites when content changes, sent by the worker."""

    name = "webhooks"
    verbose_name = "Webhooks"
