"""What hangs off a term: its tags, its other names and its related terms."""

from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from ..choosers import OtherTermChooserPanel
from ..text import name_key


class GlossaryTermTag(TaggedItemBase):
    """Links a term to a free-form tag."""

    content_object = ParentalKey(
        "glossary.GlossaryTermPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class GlossaryTermAlias(Orderable):
    """Another name readers use for a term: a synonym, spelling or abbreviation."""

    page = ParentalKey(
        "glossary.GlossaryTermPage",
        on_delete=models.CASCADE,
        related_name="term_aliases",
    )
    name = models.CharField(
        max_length=120,
        help_text="e.g. “Micro influencer” or “Micro-creator”. Readers searching "
        "for this name will find the term.",
    )

    slug = models.SlugField(
        max_length=140,
        allow_unicode=True,
        editable=False,
        db_index=True,
        default="",
        help_text="The name as a URL slug; the API redirects it to the term.",
    )

    key = models.CharField(
        max_length=255,
        editable=False,
        db_index=True,
        default="",
        help_text="The name as clashes with titles and other names are judged.",
    )

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = "other name"
        verbose_name_plural = "other names"

    def __str__(self):
        return self.name

    @staticmethod
    def slug_for(name):
        return slugify(name, allow_unicode=True)[:140]

    def save(self, *args, **kwargs):
        self.slug = self.slug_for(self.name)
        self.key = name_key(self.name)[:255]
        super().save(*args, **kwargs)


class GlossaryRelatedTerm(Orderable):
    """A "see also" link from one term to another, in the order the editor set."""

    page = ParentalKey(
        "glossary.GlossaryTermPage",
        on_delete=models.CASCADE,
        related_name="related_terms",
    )
    term = models.ForeignKey(
        "glossary.GlossaryTermPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A term readers of this one will want next.",
    )

    panels = [OtherTermChooserPanel("term", "glossary.GlossaryTermPage")]

    class Meta(Orderable.Meta):
        verbose_name = "related term"
        verbose_name_plural = "related terms"


class GlossaryAutoLinkSkip(Orderable):
    """A term this one never links to automatically (the editor removed the link)."""

    page = ParentalKey(
        "glossary.GlossaryTermPage",
        on_delete=models.CASCADE,
        related_name="auto_link_skips",
    )
    term = models.ForeignKey(
        "glossary.GlossaryTermPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Mentions of this term stay plain text on this page.",
    )

    panels = [OtherTermChooserPanel("term", "glossary.GlossaryTermPage")]

    class Meta(Orderable.Meta):
        verbose_name = "term never linked automatically"
        verbose_name_plural = "terms never linked automatically"
