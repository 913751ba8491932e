"""`export_kb`: the database written back to fixtures, byte for byte what `load_kb` read."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from barriers.models import Barrier, Quote
from dataset import exporter
from practices.models import GoodPractice, PracticeListing
from regions.models import NationalFinding, Region

pytestmark = pytest.mark.django_db


def export(output, **options):
    out = StringIO()
    call_command("export_kb", "--output", str(output), stdout=out, **options)
    return out.getvalue()


def load(path):
    out = StringIO()
    call_command("load_kb", "--fixtures", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def tree(directory):
    """{relative path: bytes} of every file under `directory`."""
    base = Path(directory)
    return {
        str(path.relative_to(base)): path.read_bytes()
        for path in sorted(base.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def fixtures(tmp_path):
    """A private copy of the committed fixtures, to export into."""
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, copy)
    return copy


def test_export_reproduces_the_committed_fixtures_byte_for_byte(tmp_path):
    output = tmp_path / "out"
    export(output)
    committed = tree(settings.FIXTURES_DIR)
    exported = tree(output)
    assert exported.keys() == committed.keys()
    differing = [path for path in committed if exported[path] != committed[path]]
    assert differing == []


def test_exporting_over_the_fixtures_changes_nothing(fixtures):
    before = tree(fixtures)
    out = export(fixtures)
    assert "already matches the database" in out
    assert tree(fixtures) == before


def test_an_edited_description_is_exported_and_reloads_to_the_same_database(fixtures):
    practice = GoodPractice.objects.get(slug="findata")
    # Its transfer profile quotes these words, so they stay.
    words = "provides a single point of access for secondary use of health and social care data"
    practice.description = f"Findata {words}.\n\nA second paragraph."
    practice.save()
    out = export(fixtures)
    assert "wrote   practices/findata.yaml" in out
    assert "1 file(s) written, 0 removed" in out
    text = (fixtures / "practices" / "findata.yaml").read_text(encoding="utf-8")
    assert (f"description: |-\n  Findata {words}.\n\n  A second paragraph.\n") in text
    assert "Nothing changed." in load(fixtures)


def test_an_added_quote_is_exported_in_its_barriers_file(fixtures):
    barrier = Barrier.objects.get(number=5)
    last = barrier.quotes.order_by("order").last()
    Quote.objects.create(
        barrier=barrier,
        region=Region.objects.get(slug="crete"),
        order=last.order + 1,
        attribution="Crete",
        text="A quote added in the admin: “with marks”, and a colon.",
        source=last.source,
        section=last.section,
    )
    export(fixtures)
    path = fixtures / "barriers" / "05-reimbursement-misalignment.yaml"
    text = path.read_text(encoding="utf-8")
    assert (
        "  - attribution: Crete\n    region: crete\n    text: |-\n"
        "      A quote added in the admin: “with marks”, and a colon.\n"
    ) in text
    assert "Nothing changed." in load(fixtures)
    assert Quote.objects.filter(barrier=barrier).count() == last.order + 1


def test_a_deleted_practice_loses_its_file_and_its_table_rows(fixtures):
    GoodPractice.objects.get(slug="findata").delete()
    out = export(fixtures)
    assert "removed practices/findata.yaml" in out
    assert not (fixtures / "practices" / "findata.yaml").exists()
    assert "findata" not in "".join(
        path.read_text(encoding="utf-8") for path in (fixtures / "barriers").glob("*.yaml")
    )
    load(fixtures)  # the table rows after the deleted one move up a place
    assert not GoodPractice.objects.filter(slug="findata").exists()
    assert "already matches the database" in export(fixtures)


def test_edits_to_other_sources_are_exported_to_their_files(fixtures):
    """A national finding's text and a Spanish practice's editorial barrier link."""
    finding = NationalFinding.objects.get(
        source__slug="es-cancer-factsheet", text__startswith="Routine data sharing"
    )
    finding.text = "Routine data sharing: edited."
    finding.save()
    link = PracticeListing.objects.get(practice__slug="healthcare-data-lake", barrier__number=1)
    link.rationale = "An edited rationale: “quoted”."
    link.save()
    out = export(fixtures)
    assert "wrote   national/es-cancer-factsheet.yaml" in out
    assert "wrote   practices/healthcare-data-lake.yaml" in out
    assert "2 file(s) written, 0 removed" in out
    national = (fixtures / "national" / "es-cancer-factsheet.yaml").read_text(encoding="utf-8")
    assert '          - text: "Routine data sharing: edited."\n' in national
    practice = (fixtures / "practices" / "healthcare-data-lake.yaml").read_text(encoding="utf-8")
    assert '  - number: 1\n    rationale: "An edited rationale: “quoted”."\n' in practice
    assert "Nothing changed." in load(fixtures)


def test_export_load_export_is_stable(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    Region.objects.filter(slug="crete").update(overview="An overview: edited, “quoted”.")
    export(first)
    load(first)
    export(second)
    assert tree(second) == tree(first)
    assert Region.objects.get(slug="crete").overview == "An overview: edited, “quoted”."


def test_only_files_the_exporter_owns_are_removed(fixtures):
    readme = fixtures / "README.txt"
    readme.write_text("kept", encoding="utf-8")
    stray = fixtures / "practices" / "notes.txt"
    stray.write_text("kept", encoding="utf-8")
    export(fixtures)
    assert readme.read_text(encoding="utf-8") == "kept"
    assert stray.read_text(encoding="utf-8") == "kept"


def test_an_output_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="is a file, not a folder"):
        export(target)


def test_a_non_empty_folder_of_something_else_is_refused_and_left_alone(tmp_path):
    (tmp_path / "barriers").mkdir()
    (tmp_path / "barriers" / "mine.yaml").write_text("not fixtures", encoding="utf-8")
    with pytest.raises(CommandError, match="not a fixtures folder"):
        export(tmp_path)
    assert tree(tmp_path) == {"barriers/mine.yaml": b"not fixtures"}


def test_without_the_printed_totals_nothing_is_written(tmp_path):
    empty = tmp_path / "no-fixtures"
    empty.mkdir()
    output = tmp_path / "out"
    with pytest.raises(CommandError, match="methodology.yaml"):
        export(output, fixtures=str(empty))
    assert not output.exists()


def beside(folder):
    """Every name in the folder's parent: the folder itself and anything left beside it."""
    return sorted(path.name for path in folder.parent.iterdir())


def test_a_failure_midway_leaves_the_folder_as_it_was(fixtures, monkeypatch):
    """The export is written beside the folder and swapped in whole: a failure after some
    files leaves the target exactly as it was, with no temporary file in it or beside it,
    and still valid fixtures."""
    GoodPractice.objects.update(locality="Somewhere")
    before, names = tree(fixtures), beside(fixtures)
    written, real_write = [], exporter.write_file

    def write_then_fail(path, text):
        if len(written) == 3:
            raise OSError("disk full")
        written.append(path)
        real_write(path, text)

    monkeypatch.setattr(exporter, "write_file", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        export(fixtures)
    assert len(written) == 3
    assert tree(fixtures) == before
    assert beside(fixtures) == names
    call_command("load_kb", "--fixtures", str(fixtures), "--check", stdout=StringIO())


def test_a_killed_export_leaves_the_folder_whole_and_the_next_one_tidies(fixtures, monkeypatch):
    """A kill (nothing runs after it: no clean-up) between the writing and the swap."""
    GoodPractice.objects.update(locality="Somewhere")
    before = tree(fixtures)

    def killed(staging, target):
        raise KeyboardInterrupt  # as a signal would, but the clean-up is skipped below

    monkeypatch.setattr(exporter, "swap", killed)
    monkeypatch.setattr(exporter.shutil, "rmtree", lambda *args, **kwargs: None)
    with pytest.raises(KeyboardInterrupt):
        export(fixtures)
    assert tree(fixtures) == before
    assert [name for name in beside(fixtures) if name.startswith(".")]  # the staging folder
    monkeypatch.undo()
    out = export(fixtures)
    assert "wrote" in out
    assert beside(fixtures) == ["fixtures"]
    assert all(
        b"locality: Somewhere\n" in tree(fixtures)[path] for path in before if "practices/" in path
    )
    call_command("load_kb", "--fixtures", str(fixtures), "--check", stdout=StringIO())


def test_an_export_into_a_new_folder_is_swapped_in_whole(tmp_path):
    output = tmp_path / "new" / "fixtures"
    export(output)
    assert beside(output) == ["fixtures"]
    assert tree(output) == tree(settings.FIXTURES_DIR)
