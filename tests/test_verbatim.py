"""The data is the report's, word for word.

Spot checks compare records with text copied from the report; the strict check
(dataset/verbatim.py, bases/verbatim.py) compares every loaded text, word for word and in
order, with the extraction of its own source (`sources/<source slug>.txt`: D6.1, Spain's
cancer-care factsheet, the PERTE page), allowing only what docs/fixtures.md lists. The
mutation tests break a copy of the real fixtures the way an editor's slip would and expect
the check, and `load_kb --check`, to fail and show the difference.
"""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from barriers.models import Barrier, PolicyComment, Quote
from bases.verbatim import ALLOWANCES, differences
from dataset.reader import read_fixtures
from dataset.verbatim import (
    Text,
    check,
    first_verbatim,
    rationale_differences,
    source_text,
    texts,
)
from practices.models import GoodPractice
from provenance.models import ReportSection, is_contributed
from regions.models import Region, RegionalChallenge

SOURCES_DIR = Path(settings.BASE_DIR, "sources")


db = pytest.mark.django_db


def quote(barrier, start):
    return Quote.objects.select_related("region").get(
        barrier__number=barrier, text__startswith=start
    )


# --- spot checks, spread over the whole report ------------------------------------------


@db
def test_barrier_1_greece_quote():
    q = quote(1, "Health data in Greece is collected")
    assert q.attribution == "Greece" and q.region.slug == "crete"
    assert q.text.endswith(
        "The absence of nationally enforced standards such as HL7 FHIR, SNOMED CT, or OMOP CDM "
        "limits interoperability and hinders both clinical decision support and research efforts."
    )


@db
def test_barrier_2_germany_quote_without_space_before_attribution():
    q = quote(2, "The chosen multi-site solution in Germany")
    assert q.attribution == "Germany" and q.region.slug == "baden-wurttemberg"


@db
def test_barrier_3_sweden_quote():
    q = quote(3, "There is no unified interpretation")
    assert q.text == (
        "There is no unified interpretation of GDPR in Sweden—opinions differ from one legal "
        "expert to another."
    )
    assert q.region.slug == "vastra-gotaland"


@db
def test_barrier_5_germany_quote_spans_lines():
    q = quote(5, "In Germany, only around two thirds")
    assert "one third of those insured have no access to these innovative therapies." in q.text


@db
def test_barrier_1_introduction_and_first_section():
    barrier = Barrier.objects.get(number=1)
    assert barrier.introduction.startswith(
        "Precision medicine relies fundamentally on timely access, integration, and analysis "
        "of high-quality data from multiple sources"
    )
    first = barrier.sections.first()
    assert first.heading == "Fragmented systems and limited interoperability"


@db
def test_findata_row_and_footnote():
    findata = GoodPractice.objects.get(slug="findata")
    assert findata.name == "FINDATA"  # footnote marker 9 removed
    assert findata.country_label == "Finland"
    assert findata.description.startswith("Findata provides a single point of access")
    assert findata.link == "https://findata.fi/en/"
    assert findata.references.get().footnote == 9


@db
def test_mhealth_is_a_belgian_reimbursement_practice():
    practice = GoodPractice.objects.get(slug="mhealth")
    assert practice.description.startswith("Reimbursement of digital health solutions.")
    assert list(practice.barriers.values_list("number", flat=True)) == [5]
    assert list(practice.countries.values_list("code", flat=True)) == ["BE"]


@db
def test_beneluxa_country_column_as_printed_and_as_codes():
    practice = GoodPractice.objects.get(slug="beneluxa-initiative")
    assert practice.country_label == ("Belgium, The Netherlands, Luxembourg, Austria, Ireland")
    assert sorted(practice.countries.values_list("code", flat=True)) == [
        "AT",
        "BE",
        "IE",
        "LU",
        "NL",
    ]


@db
def test_risk_sharing_practice_keeps_both_footnotes_and_catalonia():
    practice = GoodPractice.objects.get(slug="risk-sharing-models-rsa-for-innovative-medicines")
    assert practice.locality == "Catalonia"
    assert [r.footnote for r in practice.references.all()] == [15, 16]


@db
def test_swetrial_in_barrier_17():
    practice = GoodPractice.objects.get(slug="swetrial")
    assert practice.name == "Swetrial"
    assert practice.description.startswith(
        "SweTrial is a newly proposed national partnership in Sweden"
    )
    assert list(practice.barriers.values_list("number", flat=True)) == [17]


@db
def test_catalonia_fact_sheet():
    region = Region.objects.get(slug="catalonia")
    assert region.factsheet_label == "Catalonia, Spain"
    assert region.overview.startswith(
        "Catalonia is recognized as a dynamic innovation hub in Spain,"
    )


@db
def test_lithuania_first_challenge():
    challenge = RegionalChallenge.objects.get(region__slug="lithuania", order=1)
    assert challenge.title == "Lack of a National Personalised Medicine Strategy"
    assert challenge.text == (
        "Absence of a cohesive national strategy leads to fragmentation, reduced investment, "
        "and slow implementation of PM initiatives."
    )


@db
def test_vastra_gotaland_label():
    assert Region.objects.get(slug="vastra-gotaland").factsheet_label == "Västra Götaland, Sweden"


@db
def test_ehds_comment_footnote():
    comment = PolicyComment.objects.get(barrier__number=1)
    reference = comment.references.get()
    assert reference.url == (
        "https://health.ec.europa.eu/ehealth-digital-health-and-care/"
        "european-health-data-space-regulation-ehds_en"
    )


@db
def test_methodology_footnote_on_germany():
    section = ReportSection.objects.get(slug="methodology-workshops-for-validation-and-dialogue")
    assert section.footnotes == [
        {
            "number": 2,
            "text": "All regions/countries held a workshop, except Germany, where one-on-one "
            "expert consultations were used instead.",
        }
    ]


# --- the strict check on the real data ------------------------------------------------------


@pytest.fixture(scope="module")
def dataset():
    return read_fixtures(settings.FIXTURES_DIR)


def test_every_text_of_the_fixtures_is_verbatim(dataset):
    assert [str(d) for d in check(dataset)] == []


def test_every_quoted_piece_of_every_rationale_is_the_records_own_case_included(dataset):
    assert [str(d) for d in rationale_differences(dataset)] == []


def test_every_source_has_its_text_and_the_verbatim_check_covers_each(dataset):
    # A contributed practice's source is printed nowhere (docs/editors.md): it has no text.
    slugs = {s["slug"] for s in dataset.sources if not is_contributed(s["slug"])}
    assert slugs == {path.stem for path in SOURCES_DIR.glob("*.txt")}
    assert {text.source for text in texts(dataset)} == slugs


def test_every_allowance_named_in_the_fixtures_is_a_documented_one(dataset):
    documented = (Path(settings.BASE_DIR, "docs", "fixtures.md")).read_text(encoding="utf-8")
    named = {a.split(":")[0] for text in texts(dataset) for a in text.allowances}
    assert named and named <= set(ALLOWANCES)
    for name in ALLOWANCES:
        assert f"`{name}" in documented, name


def test_a_spanish_text_is_checked_against_its_own_source_only():
    finding = "Monthly MTB meetings for multidisciplinary case review."
    assert differences(finding, source_text("es-cancer-factsheet")) == []
    assert differences(finding, source_text("d6-1")) != []


def test_one_text_can_be_checked_alone_and_the_difference_reads_as_a_diff():
    """What an admin form calls for one text: the source's words beside the record's."""
    printed = (
        "There is no unified interpretation of GDPR in Sweden—opinions differ from one legal "
        "expert to another."
    )
    assert differences(printed, source_text("d6-1")) == []
    [difference] = differences(printed.replace("legal expert", "lawyer"), source_text("d6-1"))
    assert "[legal expert]" in difference.source_words
    assert "[lawyer]" in difference.record_words
    assert "source line" in str(difference) and "Sweden—opinions" in str(difference)


def test_universal_rules_need_no_allowance():
    source = source_text("d6-1")
    # line-end hyphenation, with or without the hyphen; the footer between two pages
    assert differences("analysis of high-quality data from multiple sources,", source) == []
    assert differences("regulatory compliance—are particularly burdensome for", source) == []
    assert differences("which should generally allow health data to be used", source) == []
    # a heading printed in capitals, stored in sentence case
    assert differences("Financial barriers", source, heading=True) == []


def test_verbatim_check_catches_a_changed_letter_in_every_text(dataset):
    """One letter changed in the middle word of each text (the middle letter, made an x)."""
    missed = []
    for text in texts(dataset):
        if "unprinted-heading" in text.allowances:
            continue
        words = text.text.split(" ")
        candidates = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= 3]
        if not candidates:
            continue
        i = candidates[len(candidates) // 2]
        letters = [k for k, c in enumerate(words[i]) if c.isalpha()]
        k = letters[len(letters) // 2]
        typo = "y" if words[i][k] == "x" else "x"
        words[i] = words[i][:k] + typo + words[i][k + 1 :]
        mutated = Text(**{**vars(text), "text": " ".join(words), "variants": ()})
        if not first_verbatim(mutated, source_text(text.source)):
            missed.append(f"{text.what}: {words[i]}")
    assert missed == []


# --- mutations: each is an editor's slip the check must catch --------------------------------


@pytest.fixture
def fixtures(tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, copy)
    return copy


def replace(fixtures, name, old, new):
    path = fixtures / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit(fixtures, name, change):
    path = fixtures / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def verbatim_failures(fixtures):
    return [str(d) for d in check(read_fixtures(fixtures))]


BARRIER_5 = "barriers/05-reimbursement-misalignment.yaml"
BARRIER_1 = "barriers/01-health-data-fragmentation.yaml"


def test_verbatim_check_catches_a_changed_letter_in_a_quote(fixtures):
    replace(fixtures, BARRIER_5, "limited accessibility.", "limited accesibility.")
    [failure] = verbatim_failures(fixtures)
    assert "barrier 5 quote" in failure
    assert "source: " in failure and "[accessibility.]" in failure
    assert "[accesibility.]" in failure


def test_verbatim_check_catches_a_word_dropped_mid_paragraph(fixtures):
    replace(
        fixtures,
        BARRIER_1,
        "making it difficult to aggregate, compare, or reuse data efficiently.",
        "making it difficult to aggregate, or reuse data efficiently.",
    )
    [failure] = verbatim_failures(fixtures)
    assert "barrier 1 quote 1" in failure
    assert "[compare,]" in failure and "[…nothing…]" in failure


def test_verbatim_check_catches_a_text_a_word_short_at_its_start(fixtures):
    replace(fixtures, BARRIER_1, "      Health data in Greece is", "      data in Greece is")
    [failure] = verbatim_failures(fixtures)
    assert "barrier 1 quote 1" in failure and "“ Health]" in failure
    assert "record: […nothing…] data in Greece" in failure


def test_verbatim_check_catches_a_name_a_word_short_at_its_end(fixtures):
    replace(
        fixtures,
        "practices/national-genomic-platform.yaml",
        "name: National Genomic Platform (NGP)",
        "name: National Genomic Platform",
    )
    [failure] = verbatim_failures(fixtures)
    assert "practice national-genomic-platform name" in failure and "[(NGP)4" in failure


def test_verbatim_check_catches_a_one_letter_typo_near_the_end_of_a_long_text(fixtures):
    replace(
        fixtures,
        BARRIER_1,
        "delaying access to personalised therapies.",
        "delaying access to personalized therapies.",
    )
    [failure] = verbatim_failures(fixtures)
    assert "barrier 1 section 1 text" in failure
    assert "[personalised therapies.]" in failure or "[personalised]" in failure
    assert "personalized" in failure


def test_verbatim_check_catches_a_changed_url(fixtures):
    replace(
        fixtures,
        "practices/findata.yaml",
        "link: https://findata.fi/en/",
        "link: https://findata.fi/fi/",
    )
    failures = verbatim_failures(fixtures)
    [failure] = failures
    assert "practice findata link" in failure and "https://findata.fi/fi/" in failure


def test_verbatim_check_catches_a_truncated_url(fixtures):
    replace(
        fixtures,
        "practices/dare-nl.yaml",
        "url: https://www.dare-nl.nl/",
        "url: https://www.dare-nl.nl",
    )
    [failure] = verbatim_failures(fixtures)
    assert "practice dare-nl footnote 41 URL" in failure


def test_verbatim_check_catches_a_changed_footnote_text(fixtures):
    # (The footnote's text line; the practice's note quotes it too.)
    replace(
        fixtures,
        "practices/mhealth.yaml",
        "text: Belgian platform for",
        "text: Belgian platforms for",
    )
    [failure] = verbatim_failures(fixtures)
    assert "practice mhealth footnote 14" in failure and "[platforms]" in failure


def test_verbatim_check_catches_an_attribution_swapped_between_two_regions_quotes(fixtures):
    def swap(data):
        greece, germany = data["quotes"][0], data["quotes"][1]
        for key in ("attribution", "region"):
            greece[key], germany[key] = germany[key], greece[key]

    edit(fixtures, BARRIER_1, swap)
    failures = verbatim_failures(fixtures)
    assert len(failures) == 2
    assert "barrier 1 quote 1 attribution" in failures[0] and "-Greece" not in failures[0]
    assert "record: - Germany" in failures[0] and "Greece" in failures[0]
    assert "record: - Greece" in failures[1] and "Germany" in failures[1]


def test_verbatim_check_keeps_paragraphs_in_their_printed_order(fixtures):
    def swap_paragraphs(data):
        first, second, *rest = data["sections"][1]["text"].split("\n\n")
        data["sections"][1]["text"] = "\n\n".join([second, first, *rest])

    edit(
        fixtures, "barriers/06-high-development-costs-and-limited-investment.yaml", swap_paragraphs
    )
    [failure] = verbatim_failures(fixtures)
    assert "barrier 6 section 2 text" in failure


def test_verbatim_check_catches_a_rationale_quoting_another_case(fixtures):
    replace(
        fixtures,
        "regions/sofia.yaml",
        "“lack of structured reimbursement pathways limit patient access”",
        "“Lack of structured reimbursement pathways limit patient access”",
    )
    [failure] = verbatim_failures(fixtures)
    assert "region sofia challenge 2 → barrier 5 rationale" in failure
    assert "“Lack of structured" in failure


@pytest.mark.parametrize(
    ("name", "old", "new", "what"),
    [
        # each named allowance is needed where it is named
        (
            "practices/healthcare-data-lake.yaml",
            "verbatim: [dropped-full-stop]\n",
            "",
            "practice healthcare-data-lake name",
        ),
        (
            "practices/padris-program.yaml",
            '["footnote-marker: 2", "footnote-marker: 6"]',
            '["footnote-marker: 2"]',
            "practice padris-program description",
        ),
        (
            BARRIER_1.replace(
                "01-health-data-fragmentation", "07-regulatory-uncertainty-of-ai-in-healthcare"
            ),
            '    verbatim: ["interrupted: missing guidance on"]\n',
            "",
            "barrier 7 section 1 text",
        ),
        (
            "report.yaml",
            "    verbatim: [unprinted-heading]\n",
            "",
            "report section es-cancer-factsheet-summary heading",
        ),
        # and grants that and no other: a dropped full stop is not a dropped word
        (
            "practices/healthcare-data-lake.yaml",
            "name: Healthcare data lake\n",
            "name: Healthcare data lakes\n",
            "practice healthcare-data-lake name",
        ),
        # an interruption resumes only after the words it names
        (
            "barriers/07-regulatory-uncertainty-of-ai-in-healthcare.yaml",
            '"interrupted: missing guidance on"',
            '"interrupted: This includes"',
            "barrier 7 section 1 text",
        ),
        # a name nobody documented
        (
            "practices/healthcare-data-lake.yaml",
            "verbatim: [dropped-full-stop]",
            "verbatim: [anything-goes]",
            "unknown allowance(s): anything-goes",
        ),
    ],
)
def test_verbatim_allowances_are_needed_and_grant_nothing_else(fixtures, name, old, new, what):
    replace(fixtures, name, old, new)
    failures = verbatim_failures(fixtures)
    assert failures and any(what in f for f in failures), failures


@pytest.mark.django_db
def test_load_kb_check_fails_on_a_verbatim_difference(fixtures):
    replace(fixtures, BARRIER_5, "limited accessibility.", "limited accesibility.")
    err = StringIO()
    with pytest.raises(CommandError, match="1 text.* differ from their source"):
        call_command("load_kb", "--fixtures", str(fixtures), "--check", stderr=err)
    assert "[accessibility.]" in err.getvalue() and "[accesibility.]" in err.getvalue()


def test_load_kb_check_exits_non_zero_on_a_verbatim_difference(fixtures):
    replace(
        fixtures,
        "practices/findata.yaml",
        "link: https://findata.fi/en/",
        "link: https://findata.fi/fi/",
    )
    # A database of its own, whatever DATABASE_URL the tests run with.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{fixtures.parent / 'check.sqlite3'}"}

    def manage(*args):
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
        )

    assert manage("migrate", "--verbosity", "0").returncode == 0
    result = manage("load_kb", "--check", "--fixtures", str(fixtures))
    assert result.returncode != 0
    assert "https://findata.fi/fi/" in result.stderr
