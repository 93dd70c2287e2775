"""The admin's imports, run by the task worker: first the check, then the import.

Each step moves a ``GlossaryImport`` from one status to the next with a
conditional update, so a step queued twice (a double click, a retried task)
runs once.
"""

import logging

from django.core.cache import caches
from django.utils import timezone
from django_tasks import task

from ..models import GlossaryImport
from .importer import check
from .writer import ImportRefused, write

logger = logging.getLogger(__name__)
PROGRESS_TIMEOUT = 6 * 3600


def progress_key(job_id):
    return f"glossary-import-{job_id}"


def progress_of(job_id):
    """(done, total) of a running import, or None before it starts writing."""
    return caches["progress"].get(progress_key(job_id))


def _move(job_id, before, after):
    return bool(
        GlossaryImport.objects.filter(pk=job_id, status=before).update(status=after)
    )


def _finish(job, status, report=None, error=""):
    job.status = status
    if report is not None:
        job.report = report.as_json()
    job.error = error
    job.data = b""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "error", "data", "finished_at"])


@task()
def check_upload(job_id):
    """Dry run: what the file would do, kept on the import for the editor to read."""
    job = GlossaryImport.objects.filter(
        pk=job_id, status=GlossaryImport.CHECKING
    ).first()
    if job is None:
        return
    try:
        report = check(
            bytes(job.data), job.filename, publish=job.publish, user=job.user
        )
    except Exception:
        logger.exception("Checking import %s failed", job_id)
        _finish(job, GlossaryImport.FAILED, error="The file could not be checked.")
        raise
    if report.ok:
        job.status = GlossaryImport.CHECKED
        job.report = report.as_json()
        job.save(update_fields=["status", "report"])
    else:
        _finish(job, GlossaryImport.REFUSED, report)


@task()
def run_import(job_id):
    """The import itself: checked again, then written in one transaction."""
    if not _move(job_id, GlossaryImport.QUEUED, GlossaryImport.RUNNING):
        return
    job = GlossaryImport.objects.get(pk=job_id)
    cache = caches["progress"]

    def progress(done, total):
        cache.set(progress_key(job_id), (done, total), PROGRESS_TIMEOUT)

    try:
        report = write(
            bytes(job.data),
            job.filename,
            user=job.user,
            publish=job.publish,
            progress=progress,
        )
    except ImportRefused as refused:
        # The glossary changed since the dry run in a way that clashes.
        _finish(job, GlossaryImport.REFUSED, refused.report)
    except Exception:
        logger.exception("Import %s failed", job_id)
        _finish(
            job,
            GlossaryImport.FAILED,
            error="The import stopped with an error and nothing was written. "
            "Try again; if it keeps failing, send the file to a developer.",
        )
        raise
    else:
        _finish(job, GlossaryImport.DONE, report)
    finally:
        cache.delete(progress_key(job_id))


def start_check(job):
    check_upload.enqueue(job.pk)


def confirm(job):
    """Queue a checked import; False when it was not waiting for confirmation."""
    if not _move(job.pk, GlossaryImport.CHECKED, GlossaryImport.QUEUED):
        return False
    run_import.enqueue(job.pk)
    return True
