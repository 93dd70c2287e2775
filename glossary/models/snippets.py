"""Reusable content editors pick from lists: categories and calls to action."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class GlossaryCategory(index.Indexed, models.Model):
    """A broad topic that groups terms, e.g. "Monetization" or "Analytics"."""

    name = models.CharField(
        max_length=80,
        unique=True,
        help_text="The topic as readers see it, e.g. “Monetization”.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The web-address form of the name, e.g. “monetization”. "
        "Changing it breaks links that filter by this category.",
    )
    description = models.TextField(
        blank=True,
        help_text="One or two sentences shown on the category's listing.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "glossary category"
        verbose_name_plural = "glossary categories"

    def __str__(self):
        return self.name


class CallToAction(index.Indexed, models.Model):
    """The closing prompt of a term page: a heading, a line of text and a button."""

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="An internal name so you can find it in lists, "
        "e.g. “Sign-up — create profile”. Readers never see it.",
    )
    heading = models.CharField(
        max_length=120,
        help_text="The headline above the button, e.g. “Ready to grow your audience?”",
    )
    text = models.TextField(
        blank=True,
        help_text="One or two short sentences that give readers a reason to click.",
    )
    button_label = models.CharField(
        max_length=40,
        help_text="The words on the button, e.g. “Create your profile now”. "
        "Keep it short and start with a verb.",
    )
    url = models.URLField(
        verbose_name="Button link",
        help_text="Where the button goes, e.g. the sign-up page. "
        "Use a full address starting with https://",
    )
    app_store_url = models.URLField(
        blank=True,
        verbose_name="App Store link",
        help_text="Optional: the iPhone app's App Store page, shown as a "
        "download badge.",
    )
    play_store_url = models.URLField(
        blank=True,
        verbose_name="Google Play link",
        help_text="Optional: the Android app's Google Play page, "
        "shown as a download badge.",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("text"),
                FieldPanel("button_label"),
                FieldPanel("url"),
            ],
            heading="What readers see",
        ),
        MultiFieldPanel(
            [FieldPanel("app_store_url"), FieldPanel("play_store_url")],
            heading="App download badges",
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("heading"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"

    def __str__(self):
        return self.name
