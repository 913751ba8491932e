"""No orphans, no duplicates, every link pointing where the report says."""

import pytest
from django.db.models import Count

from barriers.models import Quote
from practices.models import GoodPractice
from provenance.models import DataNote
from regions.models import Country, NationalFinding, Region

pytestmark = pytest.mark.django_db


def test_every_quote_belongs_to_a_partner_region_it_is_attributed_to():
    for quote in Quote.objects.select_related("region"):
        assert quote.attribution in quote.region.attributions, quote


def test_every_practice_is_listed_under_a_barrier_and_has_a_country_label():
    # D6.1's practices come from its tables; another source's may fit no barrier.
    d6_1 = GoodPractice.objects.filter(source__slug="d6-1")
    assert not d6_1.annotate(n=Count("barriers")).filter(n=0).exists()
    assert not GoodPractice.objects.filter(country_label="").exists()


def test_no_duplicate_practice_names():
    duplicates = GoodPractice.objects.values("name").annotate(n=Count("id")).filter(n__gt=1)
    assert list(duplicates) == []


def test_no_duplicate_quote_text():
    duplicates = Quote.objects.values("text").annotate(n=Count("id")).filter(n__gt=1)
    assert list(duplicates) == []


def test_one_partner_region_per_country_and_every_country_used():
    assert Region.objects.values("country").distinct().count() == Region.objects.count()
    unused = Country.objects.filter(partner_region__isnull=True, practices__isnull=True)
    assert list(unused) == []


def test_every_record_knows_its_source_and_section():
    sources = {
        Region: {"d6-1"},
        Quote: {"d6-1"},
        GoodPractice: {"d6-1", "perte-salud-de-vanguardia"},
        NationalFinding: {"es-cancer-factsheet"},
    }
    for model, slugs in sources.items():
        assert not model.objects.filter(section="").exists(), model
        assert set(model.objects.values_list("source__slug", flat=True)) == slugs


def test_practice_provenance_names_the_tables_it_is_printed_in():
    practice = GoodPractice.objects.get(slug="federated-health-innovation-network")
    assert practice.section.endswith("good-practice tables of barriers 1, 16")


def test_the_reports_own_arithmetic_is_surfaced_as_data_notes():
    notes = dict(DataNote.objects.values_list("subject", "kind"))
    assert notes["Tab. 3, Crete"] == "discrepancy"
    assert notes["Tab. 3, Total row"] == "discrepancy"
    assert "Tab. 4, participants" not in notes  # its rows do add up to 199
    crete = DataNote.objects.get(subject="Tab. 3, Crete")
    assert "total of 10" in crete.text and "add up to 11" in crete.text
