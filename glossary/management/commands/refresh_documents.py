"""Build every live term's missing or stale stored answer, and those built under
other settings (after deploying, or changing FRONTEND_URL)."""

from django.core.management.base import BaseCommand

from glossary.delivery.documents import refresh_documents


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the refresh for the task worker instead of running it here.",
        )

    def handle(self, *args, queue=False, **options):
        if queue:
            refresh_documents.enqueue(other_settings=True)
            self.stdout.write("Refresh of the stored answers queued.")
            return
        built = refresh_documents.func(other_settings=True)
        self.stdout.write(f"Stored answers built: {built}.")
