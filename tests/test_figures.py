"""One figure, one definition: the number of barriers a region raised (quoted on it, or a
fact-sheet challenge of the region mapped to it) reads the same on every page and endpoint
that shows it."""

import re

import pytest
from django.urls import reverse

from barriers.models import ChallengeMapping, Quote
from regions.models import Region

pytestmark = pytest.mark.django_db


def expected(region):
    """Counted from the records, independently of the code under test."""
    quoted = set(Quote.objects.filter(region=region).values_list("barrier", flat=True))
    mapped = set(
        ChallengeMapping.objects.filter(challenge__region=region).values_list("barrier", flat=True)
    )
    return len(quoted | mapped)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def marked(page, slug):
    """The figures a page marks as a region's barriers raised (`data-barriers-raised`)."""
    pattern = rf'data-barriers-raised="{re.escape(slug)}"[^>]*>\s*(\d+)'
    return [int(value) for value in re.findall(pattern, page)]


def test_every_page_and_endpoint_shows_the_same_barriers_raised(client, unthrottled):
    regions = list(Region.objects.order_by("order"))
    region_list = html(client, reverse("region-list"))
    evidence_map = html(client, reverse("evidence-map"))
    api_list = {
        item["slug"]: item
        for item in client.get(reverse("api:region-list"), {"page_size": 100}).json()["results"]
    }
    map_api = {
        column["slug"]: column
        for column in client.get(reverse("api:evidence-map"), {"page_size": 100}).json()["regions"]
    }
    found = {}
    for index, region in enumerate(regions):
        slug = region.slug
        other = regions[(index + 1) % len(regions)].slug
        compare = html(client, reverse("compare-regions") + f"?regions={slug},{other}")
        detail = client.get(reverse("api:region-detail", args=[slug])).json()
        recommended = client.get(reverse("api:region-recommended-practices", args=[slug])).json()
        found[slug] = {
            "/regions/": marked(region_list, slug),
            "region page": marked(html(client, region.get_absolute_url()), slug),
            "region brief": marked(html(client, reverse("region-brief", args=[slug])), slug),
            "/map/": marked(evidence_map, slug),
            "/compare/": marked(compare, slug),
            "API region list": [
                api_list[slug]["barriers_raised_count"],
                len(api_list[slug]["barriers_raised"]),
            ],
            "API region": [detail["barriers_raised_count"], len(detail["barriers_raised"])],
            "API evidence map": [map_api[slug]["barriers_raised_count"]],
            "API recommended practices": [len(recommended["barriers_raised"])],
        }
    wrong = {
        slug: {where: values for where, values in places.items() if set(values) != {want}}
        for slug, places in found.items()
        if (want := expected(Region.objects.get(slug=slug)))
    }
    wrong = {slug: places for slug, places in wrong.items() if places}
    assert not wrong, wrong
    # Every HTML page shows the figure (header and body on the region page).
    assert all(len(places["region page"]) >= 2 for places in found.values())


def test_crete_and_lithuania_as_the_issue_found_them(client):
    """Crete: 9 barriers quoted, 11 raised; Lithuania: 5 quoted, 6 raised."""
    crete = Region.objects.get(slug="crete")
    lithuania = Region.objects.get(slug="lithuania")
    assert (expected(crete), expected(lithuania)) == (11, 6)
    listed = {r.slug: r for r in Region.objects.for_list()}
    assert listed["crete"].barriers_raised_count == 11
    assert listed["lithuania"].barriers_raised_count == 6
