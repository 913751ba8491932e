"""The evidence map: its page, downloads and API agree with the records, counted here
independently with plain queries."""

import codecs
import csv
import io
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from django.utils.html import escape

from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier, ChallengeMapping, Quote
from evidence.evidence_map import evidence_map, strength_of
from practices.models import GoodPractice
from regions.models import Region

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def expected_counts(region, barrier):
    return {
        "quotes": Quote.objects.filter(region=region, barrier=barrier).count(),
        "challenges": ChallengeMapping.objects.filter(challenge__region=region, barrier=barrier)
        .values("challenge")
        .distinct()
        .count(),
        "practices": GoodPractice.objects.filter(countries=region.country, barriers=barrier)
        .distinct()
        .count(),
    }


def test_every_cell_agrees_with_the_records():
    evidence = evidence_map()
    assert len(evidence.rows) == 17
    assert [region.slug for region in evidence.regions] == list(
        Region.objects.order_by("order").values_list("slug", flat=True)
    )
    for row in evidence.rows:
        for cell in row.cells:
            found = {
                "quotes": cell.quotes,
                "challenges": cell.challenges,
                "practices": cell.practices,
            }
            assert found == expected_counts(cell.region, row.barrier), (row.barrier, cell.region)


def test_rows_are_grouped_by_category_in_order():
    evidence = evidence_map()
    for group in evidence.groups:
        assert [row.barrier.number for row in group.rows] == list(
            group.category.barriers.order_by("number").values_list("number", flat=True)
        )
    assert [group.category.order for group in evidence.groups] == sorted(
        group.category.order for group in evidence.groups
    )


def test_row_total_is_the_number_of_regions_raising_the_barrier():
    for row in evidence_map().rows:
        quoted = set(Quote.objects.filter(barrier=row.barrier).values_list("region", flat=True))
        mapped = set(
            ChallengeMapping.objects.filter(barrier=row.barrier).values_list(
                "challenge__region", flat=True
            )
        )
        assert row.region_count == len(quoted | mapped)


def test_column_totals_are_what_each_region_reported():
    for total in evidence_map().totals:
        assert total.quotes == Quote.objects.filter(region=total.region).count()
        quoted = set(Quote.objects.filter(region=total.region).values_list("barrier", flat=True))
        mapped = set(
            ChallengeMapping.objects.filter(challenge__region=total.region).values_list(
                "barrier", flat=True
            )
        )
        assert total.barriers_raised_count == len(quoted | mapped)


@pytest.mark.parametrize(("statements", "level"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (40, 3)])
def test_strength_bands(statements, level):
    assert strength_of(statements)[0] == level


# The page


def test_map_page_is_a_table_with_a_cell_per_barrier_and_region(client, django_assert_num_queries):
    # barriers, regions, four grouped counts, the filter's category choices, the barriers'
    # counts for the charts, the count of regions (the page) and the interviews by group
    with django_assert_num_queries(10):
        response = client.get(reverse("evidence-map"))
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('<table class="data-table evidence-map">')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == 17 + 2  # the barriers and two totals rows
    assert html.count('class="evidence-cell ') == 17 * 10
    assert escape(EDITORIAL_MAPPING_NOTE) in html
    assert 'href="/map/evidence-map.csv"' in html and 'href="/map/evidence-map.svg"' in html


def test_a_cell_links_to_exactly_its_evidence(client):
    quote = Quote.objects.select_related("region__country", "barrier").order_by("pk").first()
    region, number = quote.region, quote.barrier.number
    html = client.get(reverse("evidence-map")).content.decode()
    cell = html.split(f'id="cell-{number}-{region.slug}"')[1].split("</td>")[0]
    quotes_url = f"/quotes/?region={region.slug}&amp;barrier={number}"
    assert f'href="{quotes_url}"' in cell
    listed = client.get(f"/quotes/?region={region.slug}&barrier={number}")
    assert (
        listed.context["page_obj"].paginator.count
        == Quote.objects.filter(region=region, barrier__number=number).count()
    )


def test_the_category_filter_keeps_its_barriers(client):
    barrier = Barrier.objects.select_related("category").get(number=5)
    response = client.get(reverse("evidence-map"), {"category": barrier.category.slug})
    shown = [row.barrier.number for row in response.context["evidence"].rows]
    assert shown == list(
        barrier.category.barriers.order_by("number").values_list("number", flat=True)
    )


def test_an_unknown_category_is_a_400_with_the_message(client):
    response = client.get(reverse("evidence-map"), {"category": "no-such"})
    assert response.status_code == 400
    assert "no-such" in response.content.decode()


# Downloads


def csv_records(response):
    """The rows as a spreadsheet reads them, by header."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_csv_has_a_row_per_barrier_and_region_matching_the_records(client):
    rows = csv_records(client.get(reverse("evidence-map-csv")))
    assert len(rows) == 17 * 10
    region = Region.objects.select_related("country").get(slug=rows[0]["region"])
    barrier = Barrier.objects.get(number=rows[0]["barrier_number"])
    counts = expected_counts(region, barrier)
    assert int(rows[0]["quotes"]) == counts["quotes"]
    assert int(rows[0]["mapped_challenges"]) == counts["challenges"]
    assert int(rows[0]["practices_from_country"]) == counts["practices"]
    assert sum(int(row["quotes"]) for row in rows) == Quote.objects.count()


def test_csv_keeps_the_filter_and_refuses_a_bad_one(client):
    category = Barrier.objects.get(number=1).category
    rows = csv_records(client.get(reverse("evidence-map-csv"), {"category": category.slug}))
    assert {row["category"] for row in rows} == {category.slug}
    assert client.get(reverse("evidence-map-csv"), {"category": "x"}).status_code == 400


def test_svg_is_valid_xml_with_a_title_and_description(client, django_assert_num_queries):
    with django_assert_num_queries(6):
        response = client.get(reverse("evidence-map-svg"))
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert "Evidence map" in root.find(f"{SVG}title").text
    assert EDITORIAL_MAPPING_NOTE in root.find(f"{SVG}desc").text
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "1. " + Barrier.objects.get(number=1).title[:40] in "".join(texts)
    assert client.get(reverse("evidence-map-svg"), {"category": "x"}).status_code == 400


# The API


def test_api_cells_agree_with_the_records(client, unthrottled, django_assert_num_queries):
    with django_assert_num_queries(7):
        response = client.get(reverse("api:evidence-map"))
    assert response.status_code == 200
    body = response.json()
    assert body["editorial_note"] == EDITORIAL_MAPPING_NOTE
    regions = {region.slug: region for region in Region.objects.select_related("country")}
    barriers = [barrier for category in body["categories"] for barrier in category["barriers"]]
    assert len(barriers) == 17
    barrier = Barrier.objects.get(number=barriers[0]["number"])
    for cell in barriers[0]["cells"]:
        counts = expected_counts(regions[cell["region"]], barrier)
        assert (cell["quotes"], cell["mapped_challenges"], cell["practices_from_country"]) == (
            counts["quotes"],
            counts["challenges"],
            counts["practices"],
        )


def test_api_pages_the_regions_but_totals_every_region(client, unthrottled):
    """The map's columns are paged like the other lists: a page holds its regions' cells,
    while a barrier's totals stay those of the whole map."""
    whole = client.get(reverse("api:evidence-map")).json()
    order = [region["slug"] for region in whole["regions"]]
    assert whole["region_count"] == Region.objects.count() == len(order)
    assert whole["next"] is None and whole["previous"] is None
    first = client.get(reverse("api:evidence-map"), {"page_size": 4}).json()
    second = client.get(first["next"]).json()
    assert first["region_count"] == second["region_count"] == len(order)
    assert [region["slug"] for region in first["regions"]] == order[:4]
    assert [region["slug"] for region in second["regions"]] == order[4:8]
    assert second["previous"].endswith("page_size=4")

    def rows(body):
        return {row["number"]: row for group in body["categories"] for row in group["barriers"]}

    for number, row in rows(second).items():
        assert [cell["region"] for cell in row["cells"]] == order[4:8]
        totals = {name: value for name, value in row.items() if name != "cells"}
        assert totals == {name: v for name, v in rows(whole)[number].items() if name != "cells"}


@pytest.mark.parametrize(
    "query, message",
    [
        ({"page": 99}, "Page 99 does not exist: pages run from 1 to 1."),
        ({"page_size": 0}, "“0” is not allowed: a whole number from 1 to 100."),
    ],
)
def test_api_refuses_a_page_out_of_range(client, unthrottled, query, message):
    response = client.get(reverse("api:evidence-map"), query)
    assert response.status_code == 400
    assert response.json()["errors"] == {name: [message] for name in query}


def test_api_refuses_an_unknown_category(client, unthrottled):
    response = client.get(reverse("api:evidence-map"), {"category": "nope"})
    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_the_map_shows_mapped_challenges():
    evidence = evidence_map()
    assert sum(row.challenges for row in evidence.rows) == ChallengeMapping.objects.count() > 0


def test_the_map_page_pages_its_regions(client, monkeypatch):
    """The page's columns are a page of regions (here 4 a page), the last column still
    counting every region."""
    from evidence import views

    monkeypatch.setattr(views, "REGIONS_PER_PAGE", 4)
    order = list(Region.objects.order_by("order").values_list("name", flat=True))
    html = client.get(reverse("evidence-map"), {"page": 2}).content.decode()
    table = html.split('<table class="data-table evidence-map">')[1].split("</table>")[0]
    shown = [name for name in order if f'<span class="visually-hidden"> {escape(name)}' in table]
    assert shown == order[4:8]
    assert "Page 2 of 3" in html and "counting every region" in html
    whole = evidence_map()
    paged = evidence_map(columns=whole.regions[4:8])
    assert [row.region_count for row in paged.rows] == [row.region_count for row in whole.rows]
