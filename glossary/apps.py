from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = "Glossary"

    def ready(self):
        from django.db.models.signals import post_save

        from . import autolink, permissions
        from .delivery import invalidation
        from .models import GlossaryIndexPage

        invalidation.connect()
        autolink.connect()
        post_save.connect(
            permissions.on_glossary_created,
            sender=GlossaryIndexPage,
            dispatch_uid="glossary-editors-rights",
        )
