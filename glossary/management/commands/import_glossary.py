"""manage.py import_glossary FILE: check a glossary file, then import it."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from glossary.transfer import files
from glossary.transfer.importer import UNCHANGED, UPDATED, check
from glossary.transfer.progress import Progress
from glossary.transfer.writer import ImportRefused, write


class Command(BaseCommand):
    help = (
        "Import terms from a .json, .csv or .xlsx file. Terms are matched by slug: "
        "new ones are created, changed ones get a new revision, the rest are left "
        "alone. One problem anywhere and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import (.json, .csv or .xlsx).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change; write nothing.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported terms (by default they are drafts).",
        )
        parser.add_argument(
            "--user",
            help="User name recorded as the importer in each term's history.",
        )

    def handle(self, *args, file, dry_run, publish, user, **options):
        path = Path(file)
        try:
            size = path.stat().st_size
            if size >= files.MAX_BYTES:
                raise CommandError(
                    f"{path.name} is {size // (1024 * 1024)} MB; files must be "
                    "under 50 MB."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        importer = self._user(user)
        if dry_run:
            report = check(data, path.name, publish=publish)
        else:
            try:
                report = write(
                    data,
                    path.name,
                    user=importer,
                    publish=publish,
                    progress=Progress(self.stdout, "Importing"),
                )
            except ImportRefused as refused:
                report = refused.report
        self._print(report, dry_run)
        if not report.ok:
            raise CommandError(
                f"{len(report.problems)} problem(s) found; nothing was imported."
            )

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"There is no user “{username}”.") from error

    def _print(self, report, dry_run):
        for note in report.notes:
            self.stdout.write(note)
        # Unchanged rows are only counted: re-importing a whole glossary to
        # change a few terms should say which few.
        for row in report.rows:
            if row.action == UNCHANGED:
                continue
            line = f"row {row.row}: {row.action:9} {row.title or row.slug}"
            self.stdout.write(line)
            if row.action == UPDATED:
                for name, change in row.changes.items():
                    self.stdout.write(
                        f"    {name}: {change['old']!r} → {change['new']!r}"
                    )
        for problem in report.problems:
            self.stderr.write(str(problem))
        counts = ", ".join(f"{n} {action}" for action, n in report.counts().items())
        verb = "Would import" if dry_run else "Imported"
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(f"{verb} {report.filename}: {counts}.")
            )
