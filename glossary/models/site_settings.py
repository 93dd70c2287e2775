"""Glossary-wide choices that only site administrators change."""

from django.core.validators import MaxValueValidator, MinValueValidator
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

    auto_links_per_term = models.PositiveSmallIntegerField(
        default=5,
        validators=[MaxValueValidator(50)],
        verbose_name="automatic links per term",
        help_text="At most this many mentions of other terms become links when "
        "a term is published. 0 turns automatic links off everywhere.",
    )
    review_after_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        verbose_name="review terms every (months)",
        help_text="The glossary health report lists terms not reviewed for "
        "this many months.",
    )

    select_related = ["default_cta"]
    panels = [
        FieldPanel("default_cta"),
        FieldPanel("auto_links_per_term"),
        FieldPanel("review_after_months"),
    ]

    class Meta:
        verbose_name = "glossary settings"
