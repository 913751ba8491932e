"""Facets: beside each value of a list's filters, how many records the list would hold with it
(bases.facets), on the site's practice, quote and search lists and in the API's lists."""

import csv
import io
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from barriers.filters import QuoteFilter
from barriers.models import Barrier, Quote
from bases.facets import facet_counts
from practices.filters import PracticeFilter
from practices.models import GoodPractice
from regions.models import Region

pytestmark = pytest.mark.django_db

PRACTICE_FACETS = ["barrier", "category", "country", "region", "level", "kind", "source"]


def counts(filterset_class, query, queryset, names=None):
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return facet_counts(filterset, names or list(filterset_class.facets))


def practice_counts(query=""):
    return counts(PracticeFilter, query, GoodPractice.objects.all())


def table_of(number):
    """The practices of the barrier's table, as the fixture transcribes the report."""
    path = next(Path(settings.BASE_DIR, "fixtures", "barriers").glob(f"{number:02d}-*.yaml"))
    return yaml.safe_load(path.read_text())["practices"]


def test_barrier_5_counts_the_seven_practices_of_its_table():
    assert len(table_of(5)) == 7
    assert practice_counts()["barrier"]["5"] == 7


def test_each_barrier_counts_the_practices_its_filter_gives():
    found = practice_counts()["barrier"]
    for barrier in Barrier.objects.all():
        expected = GoodPractice.objects.filter(barriers=barrier).distinct().count()
        assert found.get(str(barrier.number), 0) == expected, barrier.number
        assert expected >= len(table_of(barrier.number))


def test_counts_respect_the_other_filters_but_not_their_own():
    """Belgium: of barrier 5's seven, the Beneluxa Initiative and mHealth."""
    found = practice_counts("country=BE&barrier=5")
    assert found["barrier"]["5"] == 2
    # The barrier facet ignores the barrier chosen: every barrier of Belgium's practices.
    belgian = GoodPractice.objects.filter(countries__code="BE")
    assert found["barrier"] == {
        str(number): belgian.filter(barriers__number=number).distinct().count()
        for number in sorted(set(belgian.values_list("barriers__number", flat=True)))
    }
    # The country facet counts barrier 5's practices per country, Belgium chosen or not.
    assert found["country"] == practice_counts("barrier=5")["country"]
    assert found["country"]["BE"] == 2


def test_ticking_two_values_of_a_facet_gives_either():
    both = GoodPractice.objects.filter(barriers__number__in=[5, 6]).distinct()
    found = practice_counts("barrier=5&barrier=6")
    assert sum(found["level"].values()) == both.count()
    assert found["barrier"]["6"] == GoodPractice.objects.filter(barriers__number=6).count()


def test_values_without_records_are_left_out_and_chosen_ones_kept_on_the_site(client):
    response = client.get("/practices/", {"country": "SE", "barrier": "5"})
    facets = {facet.name: facet for facet in response.context["facets"]}
    # No Swedish practice addresses barrier 5; the box stays ticked, with 0.
    barrier_5 = next(option for option in facets["barrier"].options if option.value == "5")
    assert barrier_5.checked and barrier_5.count == 0
    assert all(option.count for option in facets["barrier"].options if not option.checked)


@pytest.mark.parametrize(
    "query",
    ["", "barrier=5", "barrier=1&barrier=2&barrier=5&country=BE&country=SE", "level=regional"],
)
def test_the_counts_take_one_query_per_facet_whatever_is_chosen(django_assert_num_queries, query):
    filterset = PracticeFilter(QueryDict(query), queryset=GoodPractice.objects.all())
    assert filterset.is_valid()
    with django_assert_num_queries(len(PRACTICE_FACETS)):
        facet_counts(filterset, PRACTICE_FACETS)


def test_the_list_page_does_not_grow_with_the_values_ticked(client, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as one:
        client.get("/practices/", {"barrier": "5"})
    many = {"barrier": ["1", "2", "5", "13", "16"], "kind": ["programme", "service"]}
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/practices/", many)


def test_the_site_shows_checkboxes_with_counts(client):
    html = client.get("/practices/", {"barrier": "5"}).content.decode()
    group = html.split('data-facet="barrier"', 1)[1].split("</fieldset>", 1)[0]
    assert re.search(
        r'<input type="checkbox" name="barrier" value="5" checked>'
        r'<span class="facet__label">5\. Reimbursement Misalignment</span>'
        r'<span class="facet__count">7<span class="visually-hidden"> practices</span>',
        group,
    )
    assert '<details class="filter-fold">' in html
    assert '>Filters <span class="filter-fold__chosen">(1 in use)</span></summary>' in html


def test_quote_facets_count_each_regions_quotes():
    found = counts(QuoteFilter, "", Quote.objects.all())
    for region in Region.objects.all():
        assert found["region"].get(region.slug, 0) == region.quotes.count()
    assert found["barrier"]["5"] == Quote.objects.filter(barrier__number=5).count()
    narrowed = counts(QuoteFilter, "region=crete", Quote.objects.all())
    assert sum(narrowed["barrier"].values()) == Quote.objects.filter(region__slug="crete").count()


def test_the_csv_download_honours_the_ticked_values(client):
    response = client.get("/practices/", {"barrier": ["5", "6"], "format": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    expected = GoodPractice.objects.filter(barriers__number__in=[5, 6]).distinct()
    assert sorted(row["Name"] for row in rows) == sorted(expected.values_list("name", flat=True))


# The search page


def test_search_facets_count_the_hits_per_category_and_kind(client):
    response = client.get("/search/", {"q": "reimbursement", "category": "financial-barriers"})
    facets = {facet.name: facet for facet in response.context["facets"]}
    results = response.context["results"]
    kinds = {option.value: option.count for option in facets["kind"].options}
    assert kinds == {kind: count for kind, count in results.counts.items() if count}
    financial = next(o for o in facets["category"].options if o.value == "financial-barriers")
    assert financial.checked and financial.count == results.total


# The API


def test_the_api_returns_the_facets_asked_for_beside_the_results(client):
    body = client.get("/api/v1/practices/", {"facets": "barrier,country", "country": "BE"}).json()
    assert set(body["facets"]) == {"barrier", "country"}
    assert body["facets"]["barrier"]["5"] == 2
    assert body["facets"]["country"]["BE"] == body["count"]
    assert body["facets"] == {
        name: values
        for name, values in practice_counts("country=BE").items()
        if name in body["facets"]
    }
    assert "facets" not in client.get("/api/v1/practices/").json()


def test_the_api_quote_list_has_facets_too(client):
    body = client.get("/api/v1/quotes/", {"facets": ["region", "barrier"]}).json()
    assert body["facets"]["barrier"]["5"] == Quote.objects.filter(barrier__number=5).count()


def test_an_unknown_facet_is_a_400_naming_the_accepted_ones(client):
    response = client.get("/api/v1/practices/", {"facets": "barrier,colour"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "facets": [
            "Unknown facet “colour”. Allowed: barrier, category, country, region, level, kind, "
            "source."
        ]
    }
    # A list without facets does not take the parameter at all.
    response = client.get("/api/v1/barriers/", {"facets": "category"})
    assert response.status_code == 400
    assert "facets" in response.json()["errors"]


def test_the_schema_documents_the_facets(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/practices/"]["get"]
    parameter = next(p for p in operation["parameters"] if p["name"] == "facets")
    assert parameter["schema"]["items"]["enum"] == PRACTICE_FACETS
    page = schema["components"]["schemas"]["PaginatedPracticeFacetedList"]
    assert page["properties"]["facets"] == {"$ref": "#/components/schemas/GoodPracticeFacets"}
    facets = schema["components"]["schemas"]["GoodPracticeFacets"]
    assert list(facets["properties"]) == PRACTICE_FACETS
    # Every facet's counts are one shared type: one model in a generated client.
    assert facets["properties"]["barrier"]["$ref"] == "#/components/schemas/FacetCounts"
    counts = schema["components"]["schemas"]["FacetCounts"]
    assert counts["additionalProperties"] == {"type": "integer", "minimum": 1}


def test_the_search_api_counts_its_hits_per_facet(client):
    body = client.get("/api/v1/search/", {"q": "reimbursemnt", "facets": "kind,region"}).json()
    assert body["query"] == "reimbursement"
    assert body["facets"]["kind"] == {kind: n for kind, n in body["counts"].items() if n}
    assert set(body["facets"]) == {"kind", "region"}
    narrowed = client.get(
        "/api/v1/search/", {"q": "reimbursement", "region": "crete", "facets": "region"}
    ).json()
    assert narrowed["facets"]["region"]["crete"] == narrowed["count"]
    refused = client.get("/api/v1/search/", {"q": "data", "facets": "barrier"})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "facets": ["Unknown facet “barrier”. Allowed: kind, category, region."]
    }
