"""The other forms in which the report prints a name (`variants`): each is printed in the
source, each is named in its record's note (which says where), and a search for it finds its
record.

A barrier keeps the title of its own heading, a region the name of Tab. 3 and a category the
name of the overview of the barriers; the variants are the forms printed elsewhere (the overview
of the barriers, Tab. 4, the executive summary, the fact sheets).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from barriers.models import Barrier, Category
from regions.models import Region
from search.engine import search
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

SOURCE = Path(settings.BASE_DIR, "sources", "d6-1.txt")

# Every variant recorded, by record: a change to the fixtures shows here as a change to review.
EXPECTED = {
    ("barrier", "3"): ["Legal interpretation regarding health data use"],
    ("barrier", "14"): ["Regional Inequities and centralization of services"],
    ("barrier", "16"): [
        "Innovation ecosystem and coordination challenges across all fields of precision medicine"
    ],
    ("region", "flanders"): ["Region of Flanders"],
    ("region", "crete"): ["Region of Crete"],
    ("region", "netherlands"): ["The Netherlands"],
    ("region", "north-east-romania"): ["North East Romania", "North-East Region of Romania"],
    ("region", "vastra-gotaland"): ["Region Västra Götaland", "Western Sweden", "West Sweden"],
    ("category", "health-data-accessibility"): ["Health data access and governance"],
    ("category", "regulatory-barriers"): ["Regulatory hurdles"],
    ("category", "competence-and-awareness"): ["Competence and awareness gaps"],
    ("category", "innovation-ecosystem-capacity"): ["Innovation ecosystem constraints"],
}


def records():
    """(kind, key, own name, variants, note) of every barrier, region and category."""
    for barrier in Barrier.objects.all():
        yield "barrier", str(barrier.number), barrier.title, barrier.variants, barrier.note
    for region in Region.objects.all():
        yield "region", region.slug, region.name, region.variants, region.note
    for category in Category.objects.all():
        yield "category", category.slug, category.name, category.variants, category.note


def printed(text):
    """The source as running text: line breaks and runs of spaces are one space."""
    return re.sub(r"\s+", " ", text)


def test_the_recorded_variants_are_these():
    recorded = {(kind, key): variants for kind, key, _, variants, _ in records() if variants}
    assert recorded == EXPECTED


def test_every_variant_is_printed_in_the_source_and_named_in_the_note():
    source = printed(SOURCE.read_text(encoding="utf-8"))
    for kind, key, name, variants, note in records():
        for variant in variants:
            where = f"{kind} {key}: variant {variant!r}"
            assert variant != name, f"{where} is the record's own name"
            assert variant in source, f"{where} is not printed in the report"
            assert variant in note, f"{where} is not named in the record's note"
        assert len(set(variants)) == len(variants), f"{kind} {key} lists a variant twice"


@pytest.mark.parametrize(
    "kind, key, variant",
    [
        (kind, key, variant)
        for (kind, key), variants in EXPECTED.items()
        if kind != "category"  # categories are not searched as records of their own
        for variant in variants
    ],
)
def test_search_finds_the_record_by_each_variant(kind, key, variant):
    """Indexed with the record's own name (weighted as a title), whatever else its text says."""
    assert variant in SearchEntry.objects.get(kind=kind, key=key).title
    results = search(variant, kinds=[kind])
    found = [hit.key for hit in results.hits[0 : results.total]]
    assert key in found, f"searching {variant!r} in {kind}s found {found}"
