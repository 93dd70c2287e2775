from django.core.management.base import BaseCommand

from search import demand


class Command(BaseCommand):
    help = (
        "Delete search demand counts older than GLOSSARY_SEARCH_DEMAND's "
        "RETENTION_DAYS (the CMS also does this as it writes counts)."
    )

    def handle(self, *args, **options):
        days = demand.config()["RETENTION_DAYS"]
        deleted = demand.prune(days)
        self.stdout.write(f"Deleted {deleted} counts older than {days} days.")
