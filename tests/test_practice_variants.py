"""The other names the sources print for a practice (`variants`): each one printed in the
practice's own source, listed in its note with where it is printed, and found by search."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from practices.models import GoodPractice
from search.engine import search
from search.index import rebuild_index

pytestmark = pytest.mark.django_db

SOURCES_DIR = Path(settings.BASE_DIR, "sources")


def source_texts(slug):
    """The source's text with its line breaks read as one space, and again with a break
    after a hyphen read as nothing (`CCRM-\\nNordic` is "CCRM-Nordic")."""
    text = (SOURCES_DIR / f"{slug}.txt").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text), re.sub(r"-\s+", "-", re.sub(r"[ \t]*\n\s*", "\n", text))


def with_variants():
    return list(GoodPractice.objects.exclude(variants=[]).select_related("source"))


def practices_found(text):
    results = search(text, kinds=["practice"])
    return {hit.key for hit in results.hits[0 : results.total]}


def test_the_variants_of_the_report_are_recorded():
    recorded = {p.slug: p.variants for p in with_variants()}
    assert len(recorded) == 31
    assert sum(len(variants) for variants in recorded.values()) == 40
    assert recorded["healthri"] == ["Health-RI"]
    assert recorded["ccrm-nordic"] == ["CCRM-Nordic"]
    assert recorded["national-genomic-platform"] == ["NGP", "National Genomics Platform (NGP)"]


def test_each_variant_is_printed_in_its_source_and_differs_from_the_name():
    for practice in with_variants():
        spaced, hyphens_joined = source_texts(practice.source.slug)
        hyphens_joined = re.sub(r"\s+", " ", hyphens_joined)
        for variant in practice.variants:
            assert variant != practice.name, practice.slug
            assert variant in spaced or variant in hyphens_joined, (practice.slug, variant)


def test_each_variant_is_listed_in_the_note_of_its_record():
    """The note says where each variant is printed, quoting it."""
    for practice in with_variants():
        for variant in practice.variants:
            assert variant in practice.note, (practice.slug, variant)


def test_search_finds_each_practice_by_every_variant():
    for practice in with_variants():
        for variant in practice.variants:
            assert practice.slug in practices_found(variant), (practice.slug, variant)


def test_a_variant_printed_only_outside_the_record_is_found_through_the_variants():
    """The Netherlands' fact sheet prints "Health-RI", which is in no indexed text of its
    practice but its variants: without them, search misses it."""
    assert "healthri" in practices_found("Health-RI")
    GoodPractice.objects.filter(slug="healthri").update(variants=[])
    rebuild_index()
    assert "healthri" not in practices_found("Health-RI")


def test_the_practice_list_and_the_api_find_a_practice_by_a_variant(client):
    page = client.get("/practices/", {"search": "Health-RI"})
    assert page.status_code == 200 and "/practices/healthri/" in page.content.decode()
    api = client.get("/api/v1/practices/", {"search": "National Genomics Platform"})
    assert [row["slug"] for row in api.json()["results"]] == ["national-genomic-platform"]
