"""The pictures: valid SVG with text alternatives, and charts that print the records' numbers."""

from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from barriers.models import Barrier, Quote
from evidence.charts import ISO_NUMERIC, europe_geometry, europe_map_svg
from practices.models import PracticeListing
from regions.models import Region

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def test_the_geometry_draws_every_partner_country():
    ids = {country["id"] for country in europe_geometry()["countries"]}
    for region in Region.objects.select_related("country"):
        assert ISO_NUMERIC[region.country.code] in ids, region.country


def test_europe_map_links_each_partner_country_to_its_region():
    regions = list(Region.objects.select_related("country").order_by("order"))
    root = ET.fromstring(europe_map_svg(regions, "Partners", "The partner regions."))
    assert root.find(f"{SVG}title").text == "Partners"
    assert root.find(f"{SVG}desc").text == "The partner regions."
    links = {link.get("href"): link.find(f"{SVG}title").text for link in root.iter(f"{SVG}a")}
    assert links == {
        region.get_absolute_url(): f"{region.name} ({region.country.name})" for region in regions
    }


def test_the_map_page_shows_the_pictures_with_their_numbers(client):
    response = client.get(reverse("evidence-map"))
    html = response.content.decode()
    figure = html.split('<figure class="europe-figure">')[1].split("</figure>")[0]
    ET.fromstring(figure.split("<figcaption>")[0])  # the inline SVG is well-formed
    for region in Region.objects.all():
        assert f'href="{region.get_absolute_url()}"' in figure
    context = response.context
    assert [row["value"] for row in context["interviews_by_region"]] == list(
        Region.objects.order_by("order").values_list("interviews_total", flat=True)
    )
    assert [row["value"] for row in context["workshops"]] == list(
        Region.objects.order_by("order").values_list("workshop_participants", flat=True)
    )
    industry = sum(r.interviews_industry or 0 for r in Region.objects.all())
    assert context["interviews_by_group"][0]["value"] == industry


def test_barrier_bars_print_the_quotes_and_practices_of_each_barrier(client):
    response = client.get(reverse("evidence-map"))
    barriers = [b for _, group in response.context["barrier_counts"] for b in group]
    assert [b.number for b in barriers] == list(
        Barrier.objects.order_by("category__order", "number").values_list("number", flat=True)
    )
    for barrier in barriers:
        assert barrier.quote_count == Quote.objects.filter(barrier=barrier).count()
        assert (
            barrier.practice_count
            == PracticeListing.objects.filter(barrier=barrier, order__isnull=False).count()
        )
