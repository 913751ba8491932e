from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from provenance.models import Source

from ...reader import read_fixtures
from ...records import FixtureError
from ...signals import dataset_loaded, loading
from ...verbatim import check as verbatim_differences
from ...writer import write_dataset

CHANGES = ("created", "updated", "deleted")


def count_changes(stats):
    return sum(counter[change] for counter in stats.values() for change in CHANGES)


def refresh_planner_statistics():
    """ANALYZE: the database's statistics of every table, which its query planner chooses
    by. SQLite has none until ANALYZE runs, and without them it sorted every quote to show the
    API's first page instead of reading them in order through their index
    (docs/performance.md). It is quick, so every load runs it, changed or not: a database
    loaded before would otherwise keep none."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "Validate every fixture and load the whole knowledge base in one transaction. "
        "Idempotent: only what differs from the fixtures is written. On any problem, "
        "nothing is written and every problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=settings.FIXTURES_DIR,
            help="Folder of the fixtures (default: the project's fixtures/).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Validate the fixtures, including the database's rules and the verbatim check "
            "of every text against its source (sources/), and write nothing.",
        )

    def handle(self, *args, fixtures, check, **options):
        if Source._meta.db_table not in connection.introspection.table_names():
            raise CommandError("The database has no tables yet: run 'manage.py migrate' first.")
        try:
            dataset = read_fixtures(fixtures)
            with transaction.atomic():
                with loading():
                    stats = write_dataset(dataset)
                if not check:
                    dataset_loaded.send(Command, changed=count_changes(stats) > 0)
                # --check goes as far as the database's own validation, then undoes it.
                transaction.set_rollback(check)
        except FixtureError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"{len(error.problems)} problem(s) in {fixtures}; the database was not changed."
            ) from None
        if check:
            self.check_verbatim(dataset, fixtures)
            self.stdout.write(self.style.SUCCESS(f"{fixtures}: the fixtures are valid."))
            return
        refresh_planner_statistics()
        self.report_notes(dataset)
        self.report_counts(stats)

    def check_verbatim(self, dataset, fixtures):
        """Every text word for word against its source (dataset/verbatim.py)."""
        differences = verbatim_differences(dataset)
        for difference in differences:
            self.stderr.write(f"  {difference}")
        if differences:
            raise CommandError(
                f"{len(differences)} text(s) in {fixtures} differ from their source "
                '(docs/fixtures.md, "Verbatim allowances").'
            )

    def report_notes(self, dataset):
        for note in dataset.data_notes:
            if note["kind"] == "discrepancy":
                self.stderr.write(self.style.WARNING(f"Warning: {note['subject']}: {note['text']}"))

    def report_counts(self, stats):
        self.stdout.write("Loaded:")
        for model, counter in stats.items():
            changes = [f"{counter[a]} {a}" for a in CHANGES if counter[a]]
            detail = f" ({', '.join(changes)})" if changes else ""
            name = model._meta.verbose_name_plural
            self.stdout.write(f"  {name:<24} {counter['total']:>4}{detail}")
        changed = count_changes(stats)
        summary = "Nothing changed." if not changed else f"{changed} change(s) written."
        self.stdout.write(self.style.SUCCESS(summary))
