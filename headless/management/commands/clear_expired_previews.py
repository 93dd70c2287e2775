"""Delete stored draft previews whose links have expired."""

from django.core.management.base import BaseCommand

from headless.preview import delete_expired_previews


class Command(BaseCommand):
    help = "Delete draft previews whose preview links have expired."

    def handle(self, *args, **options):
        count = delete_expired_previews()
        self.stdout.write(f"Deleted {count} expired preview(s).")
