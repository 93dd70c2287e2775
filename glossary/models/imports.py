"""An import an editor started in the admin: its file, its check and its progress."""

from django.conf import settings
from django.db import models


class GlossaryImport(models.Model):
    """One uploaded file on its way in: checked, confirmed, imported.

    The file is kept in the database, not in media storage, so it is never
    served and the background worker needs nothing but the database; it is
    dropped once the import has finished.
    """

    CHECKING = "checking"
    CHECKED = "checked"
    REFUSED = "refused"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUS_CHOICES = [
        (CHECKING, "Checking the file"),
        (CHECKED, "Checked: ready to import"),
        (REFUSED, "Problems found: nothing imported"),
        (QUEUED, "Waiting to import"),
        (RUNNING, "Importing"),
        (DONE, "Imported"),
        (FAILED, "Failed: nothing imported"),
    ]
    # Still on its way: the report page keeps refreshing.
    IN_PROGRESS = (CHECKING, QUEUED, RUNNING)

    filename = models.CharField(max_length=255)
    data = models.BinaryField(editable=False)
    publish = models.BooleanField(
        default=False,
        help_text="Publish the imported terms straight away instead of leaving "
        "them as drafts for review.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=CHECKING)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "glossary import"
        default_permissions = ()
        permissions = [
            ("import_terms", "Can import glossary terms from a file"),
            ("export_terms", "Can export glossary terms to a file"),
        ]

    def __str__(self):
        return self.filename

    @property
    def in_progress(self):
        return self.status in self.IN_PROGRESS
