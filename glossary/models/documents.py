"""Each published term's API answer, kept ready so that a cold read is one query."""

from django.db import models


class TermDocument(models.Model):
    """A live term's ``GET /api/v2/pages/<id>/`` answer, as the public sees it.

    Written when the term is published and again when something it shows
    changes (see ``glossary.delivery.documents``). ``stale`` is set, in the
    same transaction as the change, on every document the change reaches, and
    a stale document is never served: readers build the answer afresh until
    the background refresh has rewritten it. ``generation`` counts those
    changes, so a refresh that read the content before a newer change cannot
    mark its document fresh.
    """

    page = models.OneToOneField(
        "glossary.GlossaryTermPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="api_document",
    )
    # The site root the answer was built for: which pages counted as public
    # (related terms, links) depends on it. None until the first build.
    root = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # JSON text rather than a JSON column: the key order of the answer is kept.
    body = models.TextField()
    # The settings the answer was built with (frontend, API and media
    # addresses): an answer built for others is not served.
    built_for = models.CharField(max_length=16, default="")
    stale = models.BooleanField(default=False)
    generation = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "term API document"
        indexes = [
            models.Index(
                fields=["stale"],
                condition=models.Q(stale=True),
                name="glossary_termdoc_stale",
            )
        ]

    def __str__(self):
        return f"API document of term {self.page_id}"
