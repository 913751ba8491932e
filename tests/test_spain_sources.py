"""The two Spanish sources: Spain's cancer-care factsheet (national findings, mapped to the
barriers by the editors) and the PERTE Salud de Vanguardia digital-health measure (Spanish
good practices), loaded with the same rules as D6.1."""

import re
import shutil
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from barriers.models import FindingMapping
from practices.models import GoodPractice, PracticeListing
from provenance.models import DataNote, ReportSection, Source
from regions.models import NationalFinding

pytestmark = pytest.mark.django_db

FACTSHEET, PERTE = "es-cancer-factsheet", "perte-salud-de-vanguardia"
MEASURE = "perte-salud-de-vanguardia-digital-health"
ACTIONS = [
    "healthcare-data-lake",
    "personalized-precision-healthcare",
    "digital-transformation-of-the-national-health-system",
    "increase-in-healthcare-crisis-response-capabilities-digitalization",
]
HEALTH_DATA, DIAGNOSTICS = (
    "Revolutionising Health Data Uptake",
    "Revolutionising Molecular Diagnostics",
)
QUOTED = re.compile(r"“([^”]+)”")


# --- the sources -----------------------------------------------------------------------------


def test_the_two_sources_come_after_d6_1_with_only_what_they_print():
    assert list(Source.objects.values_list("slug", flat=True)) == ["d6-1", FACTSHEET, PERTE]
    factsheet, perte = Source.objects.get(slug=FACTSHEET), Source.objects.get(slug=PERTE)
    assert (factsheet.publisher, factsheet.published) == ("", "")
    assert "prints no title, publisher or date" in factsheet.description
    assert (perte.publisher, perte.published) == ("", "")
    assert "approved by the Council of Ministers on November 30, 2021" in perte.description
    assert "component 11 of the Recovery Plan" in perte.description


def test_each_source_records_its_transcription_decisions():
    notes = DataNote.objects.filter(kind="transcription")
    assert set(notes.filter(source__slug=FACTSHEET).values_list("subject", flat=True)) == {
        "Title, publisher and date",
        "Page furniture",
        "Findings and their kinds",
    }
    assert set(notes.filter(source__slug=PERTE).values_list("subject", flat=True)) == {
        "Objectives, actions and their descriptions",
        "Responsible entity and page furniture",
    }


# --- the factsheet -----------------------------------------------------------------------------


def kinds_in(area):
    findings = NationalFinding.objects.filter(area=area).order_by()
    return dict(findings.values_list("kind").annotate(n=Count("pk")))


def test_findings_per_area_and_kind_as_printed():
    assert kinds_in(HEALTH_DATA) == {"strength": 4, "challenge": 3, "recommendation": 3}
    assert kinds_in(DIAGNOSTICS) == {"strength": 4, "challenge": 4, "recommendation": 4}


def test_findings_keep_their_printed_headings_and_order():
    findings = list(NationalFinding.objects.select_related("country"))
    assert [f.order for f in findings] == list(range(1, 23))
    assert {f.country.code for f in findings} == {"ES"}
    headings = list(dict.fromkeys(f.heading for f in findings))
    assert headings == [
        "Strengths of Spain’s data landscape:",
        "Challenges and gaps:",
        "Policy recommendations:",
        "Current strengths:",
        "Ongoing challenges:",
        "Recommended actions:",
    ]
    first, last = findings[0], findings[-1]
    assert first.text == "Routine data sharing practices are in place across institutions."
    assert last.text == "Support broader integration of NGS into standard care pathways."


def test_every_finding_names_its_source_and_where_it_is_printed():
    for finding in NationalFinding.objects.select_related("source"):
        assert finding.source.slug == FACTSHEET
        assert finding.section == f"{finding.area} › {finding.heading}"
        assert not finding.text.startswith(("-", " "))


def test_the_factsheet_narrative_is_four_sections_of_its_own_source():
    sections = ReportSection.objects.filter(source__slug=FACTSHEET)
    assert list(sections.values_list("heading", flat=True)) == [
        "Summary",
        "Quick access",
        HEALTH_DATA,
        DIAGNOSTICS,
    ]
    summary = sections.get(heading="Summary")
    assert summary.text.startswith("Spain has established a solid foundation")
    assert "no heading" in summary.note
    assert "Click below" not in sections.get(heading="Quick access").text


def test_mappings_quote_the_findings_own_words():
    mappings = FindingMapping.objects.select_related("finding", "barrier")
    assert mappings.count() == 18
    for mapping in mappings:
        quoted = QUOTED.findall(mapping.rationale)
        assert quoted, mapping.rationale
        for fragment in quoted:
            for piece in fragment.split(" […] "):
                assert piece in mapping.finding.text, mapping.rationale  # case included


def test_mapped_barriers_of_some_findings():
    def barriers(start):
        finding = NationalFinding.objects.get(text__startswith=start)
        return sorted(finding.barriers.values_list("number", flat=True))

    assert barriers("Existence of a controlling body") == [2]
    # International collaboration is ecosystem coordination, not fragmentation within a system.
    assert barriers("Strengthen international collaborations") == [16]
    assert barriers("Limited cross-border and cross-sector collaborations") == [16]
    # Wider use of registries is secondary use of health data.
    assert barriers("Need for broader use of registry data") == [2]
    assert barriers("Expand use of population-based registries") == [2]
    assert barriers("Reimbursement available for NGS") == [5]
    assert barriers("Workforce capacity remains") == [10]
    # Findings that fit none of the 17 barriers stay unmapped.
    assert barriers("Monthly MTB meetings") == []
    assert barriers("Low patient volume for MTB case discussions") == []


# --- the PERTE measure ----------------------------------------------------------------------


def test_the_measure_and_its_four_actions_are_spanish_practices():
    practices = GoodPractice.objects.filter(source__slug=PERTE).prefetch_related("countries")
    assert sorted(p.slug for p in practices) == sorted([MEASURE, *ACTIONS])
    for practice in practices:
        assert [c.code for c in practice.countries.all()] == ["ES"]
        assert practice.responsible_body == "Ministerio de Sanidad"
    measure = GoodPractice.objects.get(slug=MEASURE)
    assert measure.name == "PERTE Salud de Vanguardia"
    assert measure.part_of is None
    assert sorted(measure.parts.values_list("slug", flat=True)) == sorted(ACTIONS)


def test_the_measure_keeps_its_four_objectives_verbatim():
    measure = GoodPractice.objects.get(slug=MEASURE)
    assert measure.objectives == [
        "Position Spain as a leading country in the innovation and development of advanced "
        "therapies.",
        "Promote personalized precision medicine.",
        "Develop a digital National Health System, with an integrated database to improve "
        "prevention, diagnosis, treatment, rehabilitation and research.",
        "Strengthen primary health care through digital transformation.",
    ]
    assert measure.description.startswith("The Spanish healthcare system is an international")
    assert "• Healthcare data lake." in measure.description


def test_action_names_drop_the_list_punctuation_and_descriptions_follow_their_order():
    names = dict(GoodPractice.objects.filter(slug__in=ACTIONS).values_list("slug", "name"))
    assert names["increase-in-healthcare-crisis-response-capabilities-digitalization"] == (
        "Increase in healthcare crisis response capabilities: digitalization"
    )
    assert names["healthcare-data-lake"] == "Healthcare data lake"
    lake = GoodPractice.objects.get(slug="healthcare-data-lake")
    assert lake.description.startswith("In collaboration with the Autonomous Communities")


def test_d6_1_practices_have_no_responsible_body_objectives_or_parent():
    d6_1 = GoodPractice.objects.filter(source__slug="d6-1")
    assert d6_1.count() == 47
    assert not d6_1.exclude(responsible_body="").exists()
    assert not d6_1.exclude(objectives=[]).exists()
    assert not d6_1.filter(part_of__isnull=False).exists()


def test_perte_practices_are_linked_to_barriers_editorially_only():
    listings = PracticeListing.objects.filter(practice__source__slug=PERTE)
    assert sorted(listings.values_list("practice__slug", "barrier__number")) == [
        ("digital-transformation-of-the-national-health-system", 1),
        ("healthcare-data-lake", 1),
        ("healthcare-data-lake", 2),
        ("personalized-precision-healthcare", 14),
        ("personalized-precision-healthcare", 16),
        (MEASURE, 15),
    ]
    for listing in listings.select_related("practice"):
        assert listing.is_editorial and listing.order is None
        own_words = [listing.practice.description, *listing.practice.objectives]
        for fragment in QUOTED.findall(listing.rationale):
            assert any(fragment in words for words in own_words), listing.rationale
    # D6.1's table rows stay printed rows: a position, no rationale.
    printed = PracticeListing.objects.filter(practice__source__slug="d6-1")
    assert printed.count() == 50
    assert not printed.filter(order__isnull=True).exists()
    assert not printed.exclude(rationale="").exists()


def test_printed_rows_come_before_editorial_links_under_a_barrier():
    orders = list(PracticeListing.objects.filter(barrier__number=1).values_list("order", flat=True))
    printed = [order for order in orders if order is not None]
    assert printed == sorted(printed) and printed
    assert orders[len(printed) :] == [None, None]


# --- loading -------------------------------------------------------------------------------


@pytest.fixture
def fixtures(tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, copy)
    return copy


def load(path=None):
    out, err = StringIO(), StringIO()
    args = ["--fixtures", str(path)] if path else []
    call_command("load_kb", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def spanish_snapshot():
    return (
        list(NationalFinding.objects.values_list("pk", "order", "text", "kind", "heading")),
        list(FindingMapping.objects.values_list("pk", "finding_id", "barrier_id", "rationale")),
        list(GoodPractice.objects.values_list("pk", "slug", "part_of_id", "objectives")),
        list(PracticeListing.objects.values_list("pk", "order", "rationale")),
    )


def test_a_reload_changes_nothing():
    before = spanish_snapshot()
    out, _ = load()
    assert "Nothing changed." in out
    assert spanish_snapshot() == before


def test_a_reload_applies_a_changed_finding_and_nothing_else(fixtures):
    path = fixtures / "national" / f"{FACTSHEET}.yaml"

    def drop_a_mapping(data):
        del data["areas"][0]["lists"][0]["findings"][0]["barriers"]

    edit(path, drop_a_mapping)
    out, _ = load(fixtures)
    assert "finding mappings           17 (1 deleted)" in out
    assert "1 change(s) written." in out


def test_a_broken_spanish_fixture_is_named_and_nothing_is_written(fixtures):
    before = spanish_snapshot()

    def break_findings(data):
        data["areas"][1]["lists"][0]["kind"] = "strenght"
        data["areas"][0]["lists"][1]["findings"][0]["barriers"] = [{"number": 18}]
        data["areas"][0]["colour"] = "red"

    def break_action(data):
        data["part_of"] = "no-such-measure"
        data["barriers"] = [{"number": 1, "rationale": ""}]

    edit(fixtures / "national" / f"{FACTSHEET}.yaml", break_findings)
    edit(fixtures / "practices" / "healthcare-data-lake.yaml", break_action)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stdout=StringIO(), stderr=err)
    assert spanish_snapshot() == before
    problems = err.getvalue()
    national = f"national/{FACTSHEET}.yaml: source '{FACTSHEET}'"
    assert f"{national} areas[1] lists[0]: 'kind' must be one of" in problems
    assert f"{national} areas[0] lists[1] findings[0] barriers[0]: 'rationale' is missing" in (
        problems
    )
    assert "unknown barrier 18" in problems
    assert f"{national} areas[0]: unknown key(s): colour" in problems
    practice = "practices/healthcare-data-lake.yaml: slug 'healthcare-data-lake'"
    assert f"{practice}: 'part_of' names no other practice: 'no-such-measure'" in problems
    assert "say why the practice matches the barrier" in problems


def test_a_practice_of_another_source_must_say_where_it_is_printed(fixtures):
    edit(fixtures / "practices" / "healthcare-data-lake.yaml", lambda data: data.pop("section"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stdout=StringIO(), stderr=err)
    assert "'section' is missing: say where in its source it is printed" in err.getvalue()


def test_an_editorial_link_may_not_repeat_a_printed_row(fixtures):
    def link_findata_again(data):
        data["barriers"] = [{"number": 2, "rationale": "“single point of access”."}]

    edit(fixtures / "practices" / "findata.yaml", link_findata_again)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), stdout=StringIO(), stderr=err)
    assert "'barriers' links it to barrier(s) 2, whose table already lists it" in err.getvalue()
