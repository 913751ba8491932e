from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bases.history import change_reason
from provenance.models import Source

from ...edits import (
    Unstamped,
    describe_edits,
    digests,
    discarded,
    edits_since_stamp,
    save_stamp,
)
from ...locking import LoadLocked, exclusive_load
from ...reader import fixtures_checksum, read_fixtures
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


class EditsInTheWay(Exception):
    """The load would discard rows written since the last load or export."""

    def __init__(self, lines):
        self.lines = lines


UNSTAMPED = [
    "  the database holds a knowledge base but no record of its last load (loaded before "
    "such records were kept, or restored without one): its edits cannot be told from "
    "changes to the fixtures"
]


def unexported_edits(current):
    """The edits since the last load or export; None when there is no record to tell."""
    try:
        return edits_since_stamp(current)
    except Unstamped:
        return None


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
        parser.add_argument(
            "--if-untouched",
            action="store_true",
            help="Load only into a new or untouched database; over edits not yet exported, "
            "say so and leave the database as it is (exit 0). What `make run` and "
            "`make serve` do at every start.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even over edits not yet exported, discarding them.",
        )
        parser.add_argument(
            "--lock-wait",
            type=float,
            default=300,
            help="While another load_kb runs, wait this many seconds for it (default 300), "
            "then give up, changing nothing.",
        )

    def handle(self, *args, lock_wait, **options):
        if Source._meta.db_table not in connection.introspection.table_names():
            raise CommandError("The database has no tables yet: run 'manage.py migrate' first.")
        try:
            with exclusive_load(lock_wait, self.say_waiting):
                return self.load(**options)
        except LoadLocked:
            raise CommandError(
                f"Another load_kb is still running after {lock_wait:g} s: nothing was loaded. "
                "Run it again once that one has finished (or give --lock-wait more seconds)."
            ) from None

    def say_waiting(self):
        self.stderr.write("Another load_kb is running: waiting for it to finish…")

    def load(self, *, fixtures, check, if_untouched, force, **options):
        if if_untouched and not check and not force and self.edited():
            return
        try:
            dataset = read_fixtures(fixtures)
            with transaction.atomic():
                before = None if check else digests()
                edits = [] if check or force else unexported_edits(before)
                # Each version the load writes says so (history of every record).
                reason = f"Loaded from fixtures at {fixtures_checksum(fixtures)}"
                with loading(), change_reason(reason):
                    stats = write_dataset(dataset)
                if not check:
                    after = digests() if count_changes(stats) else before
                    self.refuse_to_discard(edits, before, after)
                    save_stamp(after)
                    dataset_loaded.send(Command, changed=count_changes(stats) > 0)
                # --check goes as far as the database's own validation, then undoes it.
                transaction.set_rollback(check)
        except EditsInTheWay as refusal:
            for line in refusal.lines:
                self.stderr.write(line)
            raise CommandError(
                f"Not loaded: the database holds edits that {fixtures} does not, and loading "
                "would discard them. Export them first ('manage.py export_kb', then review "
                "'git diff fixtures/'), or load with --force to discard them."
            ) from None
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

    @staticmethod
    def refuse_to_discard(edits, before, after):
        """Inside the load's transaction, once it is written: undone (by the exception) if
        it undid an edit made since the last load or export. A load that changed nothing
        discarded nothing."""
        if after is before:
            return
        if edits is None:
            raise EditsInTheWay(UNSTAMPED)
        lost = discarded(edits, before, after)
        if lost:
            raise EditsInTheWay(describe_edits(lost))

    def edited(self):
        """The start path (--if-untouched): whether the database holds edits, said on
        stderr; the fixtures are not even read then, so a start never depends on them."""
        edits = unexported_edits(digests())
        lines = UNSTAMPED if edits is None else describe_edits(edits)
        if lines:
            self.stderr.write(
                self.style.WARNING(
                    "The fixtures were not loaded: the database holds edits not yet exported, "
                    "and is served as it is:"
                )
            )
            for line in lines:
                self.stderr.write(line)
            self.stderr.write(
                "Export them ('manage.py export_kb') to keep them, or discard them with "
                "'manage.py load_kb --force'."
            )
        return bool(lines)

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
