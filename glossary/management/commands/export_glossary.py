"""manage.py export_glossary FILE: every term to a .json, .csv or .xlsx file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from glossary.transfer import exporter, files
from glossary.transfer.progress import Progress


class Command(BaseCommand):
    help = (
        "Export every glossary term, as editors last saved it, to FILE. The "
        "format follows the extension: .json, .csv or .xlsx."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write (.json, .csv or .xlsx).")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            fmt = files.format_for(path.name)
        except files.FileProblem as problem:
            raise CommandError(problem.message) from problem
        data = exporter.export(fmt, progress=Progress(self.stdout, "Exporting"))
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}.") from error
        self.stdout.write(self.style.SUCCESS(f"Exported the glossary to {path}."))
