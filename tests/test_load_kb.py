"""`load_kb`: idempotent, all-or-nothing, and precise about what is wrong."""

import shutil
import subprocess
import sys
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from barriers.models import Quote
from practices.models import GoodPractice, PracticeListing
from provenance.models import DataNote
from regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures(tmp_path):
    """A private copy of the fixtures that a test may break."""
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, copy)
    return copy


def load(path=None, **options):
    out, err = StringIO(), StringIO()
    args = ["--fixtures", str(path)] if path else []
    call_command("load_kb", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def snapshot():
    return (
        list(Quote.objects.values_list("pk", "text", "region_id", "barrier_id")),
        list(GoodPractice.objects.values_list("pk", "name", "description", "link")),
        list(PracticeListing.objects.values_list("pk", "barrier_id", "practice_id", "order")),
        list(Region.objects.values_list("pk", "name", "interviews_total")),
        list(DataNote.objects.values_list("pk", "subject", "text")),
    )


def test_a_second_load_changes_nothing():
    before = snapshot()
    out, err = load()
    assert "Nothing changed." in out
    assert "quotes" in out and "92" in out
    assert snapshot() == before


def test_it_prints_counts_per_model_and_warns_about_the_reports_arithmetic():
    out, err = load()
    for line in ("good practices", "regions", "barriers", "quotes", "data notes"):
        assert line in out
    assert "Tab. 3, Crete" in err


def test_an_edit_is_applied_in_place_and_reverted_by_the_fixtures(fixtures):
    practice = fixtures / "practices" / "findata.yaml"
    pk = GoodPractice.objects.get(slug="findata").pk
    # Edited around the words its transfer profile quotes.
    edited = (
        "Edited: provides a single point of access for secondary use of health and social care data"
    )
    edit(practice, lambda d: d.update(description=edited))
    out, _ = load(fixtures)
    assert "1 updated" in out
    assert GoodPractice.objects.get(pk=pk).description == edited
    load()
    assert GoodPractice.objects.get(pk=pk).description.startswith("Findata provides")


def test_reordering_a_table_moves_rows_without_collisions(fixtures):
    barrier = fixtures / "barriers" / "02-health-data-governance.yaml"
    edit(barrier, lambda d: d["practices"].reverse())
    load(fixtures)
    slugs = PracticeListing.objects.filter(barrier__number=2).values_list(
        "practice__slug", flat=True
    )
    assert list(slugs)[0] == "project-on-secondary-use-of-data"


def test_a_removed_practice_is_deleted_with_its_listing(fixtures):
    (fixtures / "practices" / "findata.yaml").unlink()
    barrier = fixtures / "barriers" / "02-health-data-governance.yaml"
    edit(barrier, lambda d: d["practices"].remove("findata"))
    out, _ = load(fixtures)
    assert not GoodPractice.objects.filter(slug="findata").exists()
    assert "1 deleted" in out


BROKEN = [
    (
        "barriers/05-reimbursement-misalignment.yaml",
        lambda d: d["quotes"][0].update(region="atlantis"),
        "barriers/05-reimbursement-misalignment.yaml: number 5 quotes[0]: unknown region "
        "'atlantis'",
    ),
    (
        "barriers/01-health-data-fragmentation.yaml",
        lambda d: d["quotes"][1].update(attribution="Spain"),
        "quotes[1]: attribution 'Spain' does not name region 'baden-wurttemberg'",
    ),
    (
        "practices/findata.yaml",
        lambda d: d.update(countries=["XX"]),
        "practices/findata.yaml: slug 'findata': unknown country 'XX'",
    ),
    (
        "practices/findata.yaml",
        lambda d: d.update(link="findata.fi"),
        "'link' is not an http(s) URL",
    ),
    (
        "barriers/02-health-data-governance.yaml",
        lambda d: d["practices"].append("no-such-practice"),
        "unknown practice 'no-such-practice'",
    ),
    (
        "regions/crete.yaml",
        lambda d: d.pop("overview"),
        "regions/crete.yaml: slug 'crete': 'overview' is missing",
    ),
    (
        "regions/crete.yaml",
        lambda d: d.update(colour="blue"),
        "unknown key(s): colour",
    ),
    (
        "barriers/03-legal-interpretation-regarding-health-data-use.yaml",
        lambda d: d.update(number=18),
        "barrier number 18 is outside 1–17",
    ),
    (
        "methodology.yaml",
        lambda d: d["interviews"]["rows"].pop(),
        "no row for region 'vastra-gotaland'",
    ),
    (  # Tab. 3 and Tab. 4 are shown with the captions report.yaml gives their section
        "methodology.yaml",
        lambda d: d["workshops"].update(caption=d["workshops"]["caption"].replace("held", "hed")),
        "methodology.yaml workshops: caption 'Tab 4. Market and Patient Access workshops hed in "
        "respective region.' is not among the captions of the report section 'Methodology › "
        "Workshops for validation and dialogue' in report.yaml",
    ),
    (
        "methodology.yaml",
        lambda d: d["interviews"].update(
            section="Methodology › Interviews with stakeholders › Tab. 3"
        ),
        "is not among the captions of the report section 'Methodology › Interviews with "
        "stakeholders'",
    ),
    (
        "barriers/04-consent-management-of-health-data.yaml",
        lambda d: d["quotes"][0].update(text="  two  spaces"),
        "'text' starts or ends with whitespace",
    ),
]


@pytest.mark.parametrize("file, change, message", BROKEN, ids=[b[2][-40:] for b in BROKEN])
def test_bad_data_names_file_record_and_problem_and_changes_nothing(
    fixtures, file, change, message
):
    # A valid edit elsewhere proves that nothing at all is written when one record is bad.
    edit(fixtures / "practices" / "healthri.yaml", lambda d: d.update(name="Changed"))
    edit(fixtures / file, change)
    before = snapshot()
    with pytest.raises(CommandError, match="the database was not changed"):
        load(fixtures)
    assert snapshot() == before
    assert GoodPractice.objects.get(slug="healthri").name == "HealthRI"


def test_bad_data_messages(fixtures, capsys):
    file, change, message = BROKEN[0]
    edit(fixtures / file, change)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert message in err.getvalue()


@pytest.mark.parametrize("file, change, message", BROKEN, ids=[b[2][-40:] for b in BROKEN])
def test_each_problem_is_reported(fixtures, file, change, message):
    edit(fixtures / file, change)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert message in err.getvalue()


def test_unparsable_yaml_is_named(fixtures):
    (fixtures / "regions" / "crete.yaml").write_text("slug: crete\n  overview: [", "utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert "regions/crete.yaml: cannot be read" in err.getvalue()


def test_a_database_constraint_failure_rolls_everything_back(fixtures):
    # Valid for the reader, refused by the model: a country name longer than its column.
    edit(fixtures / "practices" / "healthri.yaml", lambda d: d.update(name="Changed"))
    edit(fixtures / "countries.yaml", lambda d: d[0].update(name="Austria" * 20))
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert "countries.yaml: code 'AT': name: Ensure this value has at most 100 characters" in (
        err.getvalue()
    )
    assert snapshot() == before


def test_check_validates_without_writing(fixtures):
    # A note is the editors' words, not the report's: the verbatim check lets it change.
    before = GoodPractice.objects.get(slug="healthri").note
    edit(fixtures / "practices" / "healthri.yaml", lambda d: d.update(note="Changed."))
    out, _ = load(fixtures, check=True)
    assert "valid" in out
    assert GoodPractice.objects.get(slug="healthri").note == before


def test_a_table_that_adds_up_gets_no_discrepancy_note(fixtures):
    def fix_crete(data):
        crete = next(r for r in data["interviews"]["rows"] if r["region"] == "crete")
        crete["total"] = 11
        data["interviews"]["printed_totals"]["total"] = 159

    edit(fixtures / "methodology.yaml", fix_crete)
    load(fixtures)
    assert not DataNote.objects.filter(kind="discrepancy").exists()


def test_a_wrong_printed_column_total_is_loaded_and_noted(fixtures):
    edit(
        fixtures / "methodology.yaml",
        lambda d: d["workshops"]["printed_totals"].update(participants=200),
    )
    _, err = load(fixtures)
    assert "Tab. 4, participants" in err
    note = DataNote.objects.get(subject="Tab. 4, participants")
    assert "200" in note.text and "199" in note.text


RAW_BREAKS = [
    ("regions/crete.yaml", lambda text: "", "regions/crete.yaml: is empty"),
    ("report.yaml", lambda text: "", "report.yaml: is empty"),
    ("regions/crete.yaml", lambda text: text + "overview: again\n", "is given twice"),
    ("regions/crete.yaml", lambda text: text + "3: three\n", "unknown key(s): 3"),
    (
        "methodology.yaml",
        lambda text: text.replace("{participants: 199}", "{participants: 199, partcipants: 1}"),
        "workshops printed_totals: unknown key(s): partcipants",
    ),
]


@pytest.mark.parametrize("file, change, message", RAW_BREAKS, ids=[b[2] for b in RAW_BREAKS])
def test_malformed_files_are_named_and_change_nothing(fixtures, file, change, message):
    path = fixtures / file
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert message in err.getvalue()
    assert snapshot() == before


def test_check_applies_the_databases_rules_too(fixtures):
    edit(fixtures / "practices" / "findata.yaml", lambda d: d.update(name="F" * 301))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), "--check", stderr=err)
    assert "practices/findata.yaml: name: Ensure this value has at most 300" in err.getvalue()


def test_a_new_record_refused_by_the_database_is_reported_not_crashed(fixtures):
    new = fixtures / "practices" / "new-practice.yaml"
    shutil.copy(fixtures / "practices" / "findata.yaml", new)
    edit(new, lambda d: d.update(slug="new-practice", name="N" * 301))
    edit(
        fixtures / "barriers" / "02-health-data-governance.yaml",
        lambda d: d["practices"].append("new-practice"),
    )
    err = StringIO()
    with pytest.raises(CommandError, match="the database was not changed"):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert "practices/new-practice.yaml: name: Ensure" in err.getvalue()


def test_a_second_load_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    # Two reads per table and no query per row: 21 tables and the through table, read once
    # for the digests of the load stamp (dataset/edits.py) and once by the load; the stamp
    # read and saved, the search index's emptiness check, the transaction and table-list
    # queries around them, the planner statistics' ANALYZE, and on PostgreSQL the advisory
    # lock taken and released (a second load waits for the first).
    with django_assert_max_num_queries(54):
        load()


def test_an_unmigrated_database_gets_a_clear_message(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "load_kb", "--check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "run 'manage.py migrate' first" in result.stderr
    assert "Traceback" not in result.stderr


# Each database's statistics of the quote table: forgotten, then counted.
PLANNER_STATISTICS = {
    "sqlite": (
        "DELETE FROM sqlite_stat1",
        "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'barriers_quote'",
    ),
    "postgresql": (
        "DELETE FROM pg_statistic WHERE starelid = 'barriers_quote'::regclass",
        "SELECT count(*) FROM pg_stats WHERE tablename = 'barriers_quote'",
    ),
}


def test_a_load_leaves_the_query_planner_its_statistics_even_when_nothing_changed():
    forget, count = PLANNER_STATISTICS[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(forget)
        cursor.execute(count)
        assert cursor.fetchone()[0] == 0
        out, _ = load()
        assert "Nothing changed." in out
        cursor.execute(count)
        assert cursor.fetchone()[0] > 0
