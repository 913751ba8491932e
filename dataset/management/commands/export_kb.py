from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from dataset.edits import digests, save_stamp
from dataset.exporter import render_fixtures, write_fixtures
from dataset.records import FixtureError
from provenance.models import Source


class Command(BaseCommand):
    help = (
        "Write the database back to a fixtures folder in the format load_kb reads, so that "
        "editors' changes can be reviewed with git diff and committed. All or nothing: the "
        "new folder is written beside the old one and swapped in whole; only files whose "
        "content changes differ, and the files of deleted barriers, practices and regions "
        "are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.FIXTURES_DIR,
            help="Folder to write (default: the project's fixtures/, in place). It must be "
            "new, empty, or a fixtures folder already (holding sources.yaml).",
        )
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=settings.FIXTURES_DIR,
            help="The fixtures the data was loaded from (default: the project's fixtures/): "
            "Tab. 3 and Tab. 4's captions and printed totals, which the database does not "
            "hold, are taken from its methodology.yaml.",
        )

    def handle(self, *args, output, fixtures, **options):
        if Source._meta.db_table not in connection.introspection.table_names():
            raise CommandError("The database has no tables yet: run 'manage.py migrate' first.")
        if not Source.objects.exists():
            raise CommandError("The database holds no knowledge base: run 'manage.py load_kb'.")
        check_output(output)
        try:
            with transaction.atomic():  # one consistent read of every table
                files = render_fixtures(fixtures)
                exported = digests()
        except FixtureError as error:
            raise CommandError("; ".join(error.problems)) from None
        written, removed = write_fixtures(output, files)
        if output.resolve() == Path(settings.FIXTURES_DIR).resolve():
            save_stamp(exported)  # the edits are in the fixtures now: loading keeps them
        for path in written:
            self.stdout.write(f"  wrote   {path}")
        for path in removed:
            self.stdout.write(f"  removed {path}")
        summary = (
            f"{len(written)} file(s) written, {len(removed)} removed in {output}."
            if written or removed
            else f"{output} already matches the database."
        )
        self.stdout.write(self.style.SUCCESS(summary))


def check_output(output):
    """Refuse a folder that is not a fixtures folder and not empty: exporting removes files
    there, so it must never be pointed at a folder of something else."""
    if output.exists() and not output.is_dir():
        raise CommandError(f"--output {output}: is a file, not a folder.")
    if output.is_dir() and any(output.iterdir()) and not (output / "sources.yaml").is_file():
        raise CommandError(
            f"--output {output}: the folder is not empty and is not a fixtures folder "
            "(no sources.yaml); choose a new or empty folder."
        )
