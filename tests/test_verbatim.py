"""The data is the report's, word for word.

Spot checks compare records with text copied from the report; the sweep checks that every
paragraph of every loaded text can be found in the extraction of its own source
(`sources/<source slug>.txt`: D6.1, Spain's cancer-care factsheet, the PERTE page).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from barriers.models import Barrier, BarrierSection, PolicyComment, Quote
from practices.models import GoodPractice
from provenance.models import ReportSection, Source
from regions.models import NationalFinding, Region, RegionalChallenge

pytestmark = pytest.mark.django_db

SOURCES_DIR = Path(settings.BASE_DIR, "sources")


def squeeze(text):
    return re.sub(r"\s+", "", text)


SQUEEZED_SOURCES = {
    path.stem: squeeze(path.read_text(encoding="utf-8")) for path in SOURCES_DIR.glob("*.txt")
}
SQUEEZED_SOURCE = SQUEEZED_SOURCES["d6-1"]


def quote(barrier, start):
    return Quote.objects.select_related("region").get(
        barrier__number=barrier, text__startswith=start
    )


# --- spot checks, spread over the whole report ------------------------------------------


def test_barrier_1_greece_quote():
    q = quote(1, "Health data in Greece is collected")
    assert q.attribution == "Greece" and q.region.slug == "crete"
    assert q.text.endswith(
        "The absence of nationally enforced standards such as HL7 FHIR, SNOMED CT, or OMOP CDM "
        "limits interoperability and hinders both clinical decision support and research efforts."
    )


def test_barrier_2_germany_quote_without_space_before_attribution():
    q = quote(2, "The chosen multi-site solution in Germany")
    assert q.attribution == "Germany" and q.region.slug == "baden-wurttemberg"


def test_barrier_3_sweden_quote():
    q = quote(3, "There is no unified interpretation")
    assert q.text == (
        "There is no unified interpretation of GDPR in Sweden—opinions differ from one legal "
        "expert to another."
    )
    assert q.region.slug == "vastra-gotaland"


def test_barrier_5_germany_quote_spans_lines():
    q = quote(5, "In Germany, only around two thirds")
    assert "one third of those insured have no access to these innovative therapies." in q.text


def test_barrier_1_introduction_and_first_section():
    barrier = Barrier.objects.get(number=1)
    assert barrier.introduction.startswith(
        "Precision medicine relies fundamentally on timely access, integration, and analysis "
        "of high-quality data from multiple sources"
    )
    first = barrier.sections.first()
    assert first.heading == "Fragmented systems and limited interoperability"


def test_findata_row_and_footnote():
    findata = GoodPractice.objects.get(slug="findata")
    assert findata.name == "FINDATA"  # footnote marker 9 removed
    assert findata.country_label == "Finland"
    assert findata.description.startswith("Findata provides a single point of access")
    assert findata.link == "https://findata.fi/en/"
    assert findata.references.get().footnote == 9


def test_mhealth_is_a_belgian_reimbursement_practice():
    practice = GoodPractice.objects.get(slug="mhealth")
    assert practice.description.startswith("Reimbursement of digital health solutions.")
    assert list(practice.barriers.values_list("number", flat=True)) == [5]
    assert list(practice.countries.values_list("code", flat=True)) == ["BE"]


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


def test_risk_sharing_practice_keeps_both_footnotes_and_catalonia():
    practice = GoodPractice.objects.get(slug="risk-sharing-models-rsa-for-innovative-medicines")
    assert practice.locality == "Catalonia"
    assert [r.footnote for r in practice.references.all()] == [15, 16]


def test_swetrial_in_barrier_17():
    practice = GoodPractice.objects.get(slug="swetrial")
    assert practice.name == "Swetrial"
    assert practice.description.startswith(
        "SweTrial is a newly proposed national partnership in Sweden"
    )
    assert list(practice.barriers.values_list("number", flat=True)) == [17]


def test_catalonia_fact_sheet():
    region = Region.objects.get(slug="catalonia")
    assert region.factsheet_label == "Catalonia, Spain"
    assert region.overview.startswith(
        "Catalonia is recognized as a dynamic innovation hub in Spain,"
    )


def test_lithuania_first_challenge():
    challenge = RegionalChallenge.objects.get(region__slug="lithuania", order=1)
    assert challenge.title == "Lack of a National Personalised Medicine Strategy"
    assert challenge.text == (
        "Absence of a cohesive national strategy leads to fragmentation, reduced investment, "
        "and slow implementation of PM initiatives."
    )


def test_vastra_gotaland_label():
    assert Region.objects.get(slug="vastra-gotaland").factsheet_label == "Västra Götaland, Sweden"


def test_ehds_comment_footnote():
    comment = PolicyComment.objects.get(barrier__number=1)
    reference = comment.references.get()
    assert reference.url == (
        "https://health.ec.europa.eu/ehealth-digital-health-and-care/"
        "european-health-data-space-regulation-ehds_en"
    )


def test_methodology_footnote_on_germany():
    section = ReportSection.objects.get(slug="methodology-workshops-for-validation-and-dialogue")
    assert section.footnotes == [
        {
            "number": 2,
            "text": "All regions/countries held a workshop, except Germany, where one-on-one "
            "expert consultations were used instead.",
        }
    ]


# --- the sweep ----------------------------------------------------------------------------


def found_in_source(paragraph, min_piece=25, max_gap=3000, source="d6-1"):
    """True if `paragraph` is in the source, allowing for what transcription removes:
    it may be cut into a few long pieces (at a removed footnote marker, or where a page
    break, a table or a quote box interrupts the printed paragraph), found in order and
    close together. A changed word leaves a short piece that cannot be found."""
    text, position, squeezed = squeeze(paragraph), None, SQUEEZED_SOURCES[source]
    while text:
        size = longest_prefix_in_source(text, position, max_gap, squeezed)
        if size < min(min_piece, len(text)):
            return False
        start = squeezed.find(text[:size], position or 0)
        position, text = start + size, text[size:]
    return True


def longest_prefix_in_source(text, position, max_gap, squeezed):
    def present(n):
        start = squeezed.find(text[:n], position or 0)
        return start >= 0 and (position is None or start - position <= max_gap)

    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if present(middle):
            low = middle
        else:
            high = middle - 1
    return low


def all_texts():
    """(label, text, source slug) of every loaded text."""
    for barrier in Barrier.objects.select_related("source"):
        yield f"barrier {barrier.number} introduction", barrier.introduction, barrier.source
    for section in BarrierSection.objects.select_related("barrier__source"):
        text = f"{section.heading}\n{section.text}"
        yield f"barrier section {section}", text, section.barrier.source
    for q in Quote.objects.select_related("source"):
        yield f"quote {q.pk}", q.text, q.source
    for comment in PolicyComment.objects.select_related("source"):
        yield f"comment {comment.pk}", comment.text, comment.source
    for practice in GoodPractice.objects.select_related("source"):
        text = "\n".join([practice.name, practice.description, *practice.objectives])
        yield f"practice {practice.slug}", text, practice.source
    for region in Region.objects.select_related("source"):
        text = f"{region.overview}\n{region.factsheet_label}"
        yield f"region {region.slug}", text, region.source
    for challenge in RegionalChallenge.objects.select_related("source"):
        yield f"challenge {challenge}", f"{challenge.title}\n{challenge.text}", challenge.source
    for section in ReportSection.objects.select_related("source"):
        # Appendix B's form tables are stored one row a line, cells joined by " | ".
        text = "\n".join([section.text.replace(" | ", "\n"), *section.highlights])
        yield f"report section {section.slug}", text, section.source
    for finding in NationalFinding.objects.select_related("source"):
        text = f"{finding.area}\n{finding.heading}\n{finding.text}"
        yield f"finding {finding.order}", text, finding.source


def test_every_paragraph_is_found_in_the_source():
    missing = [
        f"{label}: {paragraph[:80]}"
        for label, text, source in all_texts()
        for paragraph in text.split("\n")
        if paragraph.strip() and not found_in_source(paragraph, source=source.slug)
    ]
    assert missing == []


def test_every_source_has_its_text_and_the_sweep_covers_each():
    slugs = set(Source.objects.values_list("slug", flat=True))
    assert slugs <= set(SQUEEZED_SOURCES)
    assert {source.slug for _, _, source in all_texts()} == slugs


def test_a_spanish_text_is_checked_against_its_own_source_only():
    finding = NationalFinding.objects.get(text__startswith="Monthly MTB meetings")
    assert found_in_source(finding.text, source="es-cancer-factsheet")
    assert not found_in_source(finding.text, source="d6-1")
    data_lake = GoodPractice.objects.get(slug="healthcare-data-lake").description
    assert found_in_source(data_lake, source="perte-salud-de-vanguardia")
    assert not found_in_source(
        data_lake.replace("massive data", "large data"), source="perte-salud-de-vanguardia"
    )


def test_the_sweep_catches_a_changed_word():
    original = Quote.objects.get(barrier__number=3, text__startswith="There is no unified").text
    assert found_in_source(original)
    assert not found_in_source(original.replace("legal expert", "lawyer"))
    assert not found_in_source(original.replace("opinions differ", "opinion differs"))
