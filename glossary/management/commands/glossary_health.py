"""Check the glossary's health from the command line, e.g. in CI or cron."""

import csv
from itertools import groupby

from django.core.management.base import BaseCommand, CommandError

from glossary import health

BROKEN = ", ".join(kind.label.lower() for kind in health.KINDS if kind.broken)
WARNINGS = ", ".join(kind.label.lower() for kind in health.KINDS if not kind.broken)


class Command(BaseCommand):
    help = (
        "Check every live glossary term and list its problems, as the "
        "Reports → Glossary health page does. Exits with status 1 when "
        f"something is broken ({BROKEN}); warnings alone ({WARNINGS}) exit "
        "with 0, unless --strict is given. Drafts are checked once published."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["text", "csv"],
            default="text",
            help="text: a summary, then the problems kind by kind (default). "
            "csv: one row per problem, the columns of the report's CSV download.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Exit with status 1 on warnings too.",
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=[kind.key for kind in health.KINDS],
            help="List only problems of this kind (repeat for several). The "
            "exit status still reflects every problem.",
        )
        parser.add_argument(
            "--phrase-min-terms",
            type=int,
            default=None,
            metavar="N",
            help="Suggest a phrase as a missing term when it appears in at "
            "least N terms (default: 3, or 1 in 100 terms in a larger glossary).",
        )

    def handle(self, *args, format, strict, kind, phrase_min_terms, **options):
        if phrase_min_terms is not None and phrase_min_terms < 1:
            raise CommandError("--phrase-min-terms must be 1 or more.")
        report = health.check(phrase_min_terms=phrase_min_terms)
        shown = [p for p in report.problems if not kind or p.kind in kind]
        if format == "csv":
            self._csv(shown)
        else:
            self._text(report, shown)
        broken, warnings = report.broken_count, report.warning_count
        if broken:
            raise CommandError(
                f"{broken} broken problem{'s' if broken != 1 else ''} to fix.",
                returncode=1,
            )
        if strict and warnings:
            raise CommandError(
                f"{warnings} warning{'s' if warnings != 1 else ''} (--strict).",
                returncode=1,
            )

    def _csv(self, problems):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(health.EXPORT_COLUMNS.values())
        for problem in problems:
            writer.writerow(getattr(problem, field) for field in health.EXPORT_COLUMNS)

    def _text(self, report, problems):
        counts = report.counts()
        self.stdout.write(
            f"Glossary health: {report.terms_checked} live terms checked, "
            f"{report.broken_count} broken, {report.warning_count} warnings."
        )
        width = max(len(kind.label) for kind in health.KINDS)
        for kind in health.KINDS:
            severity = "broken" if kind.broken else "warning"
            self.stdout.write(
                f"  {kind.label:<{width}}  {counts[kind.key]:>6}  ({severity})"
            )
        self.stdout.write(
            f"Phrases without a term: the {health.PHRASE_LIMIT} most used in at "
            f"least {report.phrase_min_terms} terms."
        )
        for key, group in groupby(problems, key=lambda problem: problem.kind):
            kind = health.KIND_BY_KEY[key]
            group = list(group)
            severity = "Broken" if kind.broken else "Warning"
            self.stdout.write("")
            self.stdout.write(f"{severity}: {kind.label} ({len(group)})")
            for problem in group:
                self.stdout.write(f"  {problem.term}: {problem.detail}")
