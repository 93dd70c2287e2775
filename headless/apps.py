from django.apps import AppConfig


class HeadlessConfig(AppConfig):
    """The headless platform: the v2 API, previews, frontend URLs, safe output."""

    name = "headless"
    verbose_name = "Headless delivery"

    def ready(self):
        from . import memory

        memory.connect()
