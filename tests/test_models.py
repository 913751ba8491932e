"""The database itself enforces the rules of the data."""

import pytest
from django.db import IntegrityError, transaction

from barriers.models import Barrier, FindingMapping, Quote
from practices.models import GoodPractice, PracticeListing
from regions.models import Country, NationalFinding, Region

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_barrier_numbers_run_from_1_to_17_and_are_unique():
    barrier = Barrier.objects.get(number=17)
    fields = {"category": barrier.category, "source": barrier.source, "introduction": "x"}
    refused(lambda: Barrier.objects.create(number=18, slug="eighteen", title="x", **fields))
    refused(lambda: Barrier.objects.create(number=0, slug="zero", title="y", **fields))
    refused(lambda: Barrier.objects.create(number=17, slug="again", title="z", **fields))


def test_a_quote_has_exactly_one_barrier_and_one_region():
    quote = Quote.objects.first()
    fields = {"source": quote.source, "text": "t", "attribution": "a", "order": 99}
    refused(lambda: Quote.objects.create(barrier=quote.barrier, **fields))
    refused(lambda: Quote.objects.create(region=quote.region, **fields))
    refused(
        lambda: Quote.objects.create(
            barrier=quote.barrier, region=quote.region, **{**fields, "text": ""}
        )
    )


def test_one_partner_region_per_country():
    crete = Region.objects.get(slug="crete")
    crete.pk, crete.slug, crete.name, crete.order = None, "attica", "Attica", 99
    refused(crete.save)


def test_a_workshop_has_figures_and_consultations_have_none():
    sofia = Region.objects.get(slug="sofia")
    refused(lambda: Region.objects.filter(pk=sofia.pk).update(workshop_participants=None))
    refused(lambda: Region.objects.filter(pk=sofia.pk).update(engagement="consultations"))


def test_a_practice_is_listed_once_per_barrier():
    listing = PracticeListing.objects.first()
    refused(
        lambda: PracticeListing.objects.create(
            barrier=listing.barrier, practice=listing.practice, order=99
        )
    )


def test_a_listing_is_a_printed_row_or_an_editorial_link_never_both_or_neither():
    barrier = Barrier.objects.get(number=9)
    practice = GoodPractice.objects.get(slug="healthcare-data-lake")
    listing = {"barrier": barrier, "practice": practice}
    refused(lambda: PracticeListing.objects.create(**listing, order=None, rationale=""))
    refused(lambda: PracticeListing.objects.create(**listing, order=9, rationale="“a data lake”"))
    PracticeListing.objects.create(**listing, order=None, rationale="“data repository”")


def test_a_finding_is_mapped_with_a_reason_once_per_barrier_and_orders_are_unique():
    mapping = FindingMapping.objects.select_related("finding").first()
    refused(
        lambda: FindingMapping.objects.create(
            finding=mapping.finding, barrier=mapping.barrier, rationale="again"
        )
    )
    other = Barrier.objects.exclude(pk=mapping.barrier_id).first()
    refused(
        lambda: FindingMapping.objects.create(finding=mapping.finding, barrier=other, rationale="")
    )
    finding = mapping.finding
    finding.pk, finding.text = None, "Another finding."
    refused(finding.save)


def test_country_codes_are_two_capitals():
    refused(lambda: Country.objects.create(code="xx", name="Nowhere"))


def test_str_is_readable():
    assert str(Barrier.objects.get(number=5)) == "5. Reimbursement Misalignment"
    assert str(Region.objects.get(slug="crete")) == "Crete"
    assert str(Country.objects.get(code="EU")) == "European Union"
    finding = NationalFinding.objects.get(order=1)
    assert str(finding) == (
        "Spain (strength): Routine data sharing practices are in place across instituti"
    )
