"""Glossary-wide choices that only site administrators change."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class GlossarySettings(BaseSiteSetting):
    """Per-site defaults for glossary pages."""

    default_cta = models.ForeignKey(
        "glossary.CallToAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="default call to action",
        help_text="Shown at the end of every term that has no call to action "
        "of its own.",
    )

    select_related = ["default_cta"]
    panels = [FieldPanel("default_cta")]

    class Meta:
        verbose_name = "glossary settings"
