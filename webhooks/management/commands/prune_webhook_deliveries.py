"""Forget finished webhook deliveries older than a number of days (run daily)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from webhooks.conf import setting
from webhooks.models import Delivery

FINISHED = [
    Delivery.Status.SUCCEEDED,
    Delivery.Status.FAILED,
    Delivery.Status.CANCELLED,
]


class Command(BaseCommand):
    help = (
        "Delete delivered, failed and cancelled webhook deliveries older than "
        "--days (default: WEBHOOKS['KEEP_DAYS']). Deliveries still waiting or "
        "being retried are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, verbosity=1, **options):
        days = setting("KEEP_DAYS") if days is None else days
        if days < 0:
            raise CommandError("--days must be zero or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = Delivery.objects.filter(
            status__in=FINISHED, created_at__lt=cutoff
        ).delete()
        if verbosity:
            self.stdout.write(
                f"Deleted {deleted} webhook deliveries older than {days} days."
            )
