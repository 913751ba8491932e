"""The region page and /api/v1/regions/<slug>/recommended-practices/: the barriers a region
raised (quotes and mapped challenges, the mapping labelled editorial) and the practices from
elsewhere ranked by how many of them they address, each with its reason."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from barriers.models import EDITORIAL_MAPPING_NOTE, ChallengeMapping, Quote
from practices.matching import barriers_raised_by, practices_from_elsewhere
from practices.models import PracticeListing
from regions.models import Region

pytestmark = pytest.mark.django_db

SLUGS = ["crete", "baden-wurttemberg", "lithuania", "flanders"]


def raised_numbers(region):
    """{barrier number: (quoted, mapped)} from the Quote and ChallengeMapping tables."""
    quoted = set(Quote.objects.filter(region=region).values_list("barrier__number", flat=True))
    mapped = set(
        ChallengeMapping.objects.filter(challenge__region=region).values_list(
            "barrier__number", flat=True
        )
    )
    return {number: (number in quoted, number in mapped) for number in sorted(quoted | mapped)}


@pytest.mark.parametrize("slug", SLUGS)
def test_barriers_raised_are_the_quoted_and_the_mapped(slug, django_assert_num_queries):
    region = Region.objects.get(slug=slug)
    with django_assert_num_queries(1):
        raised = barriers_raised_by(region)
    assert {b.number: (b.quoted, b.mapped) for b in raised} == raised_numbers(region)


def test_a_mapped_challenge_alone_raises_a_barrier():
    """Some region has a barrier only through its fact sheet: the mapping matters."""
    only_mapped = [
        (region.slug, number)
        for region in Region.objects.all()
        for number, (quoted, mapped) in raised_numbers(region).items()
        if mapped and not quoted
    ]
    assert only_mapped


@pytest.mark.parametrize("slug", SLUGS)
def test_ranking_counts_the_raised_barriers_each_practice_is_listed_under(slug):
    region = Region.objects.select_related("country").get(slug=slug)
    raised = set(raised_numbers(region))
    matches = practices_from_elsewhere(region, barriers_raised_by(region))
    for match in matches:
        listed = set(
            PracticeListing.objects.filter(practice=match.practice).values_list(
                "barrier__number", flat=True
            )
        )
        assert [barrier.number for barrier in match.barriers] == sorted(listed & raised)
        assert region.country not in match.practice.countries.all()
    fit = {"regional": 2, "institution": 1}  # the transfer profile's level, then the name
    keys = [
        (-m.count, -fit.get(m.practice.level, 0), m.practice.name.casefold(), m.practice.slug)
        for m in matches
    ]
    assert keys == sorted(keys)


def test_ranking_is_deterministic():
    region = Region.objects.get(slug="crete")
    first = practices_from_elsewhere(region, barriers_raised_by(region))
    again = practices_from_elsewhere(region, list(reversed(barriers_raised_by(region))))
    assert [m.practice.slug for m in first] == [m.practice.slug for m in again]


def test_region_page_labels_the_mapping_editorial_and_explains_each_match(client):
    region = Region.objects.get(slug="crete")
    response = client.get(reverse("region-detail", args=["crete"]))
    html = response.content.decode()
    assert escape(EDITORIAL_MAPPING_NOTE) in html
    mapping = ChallengeMapping.objects.filter(challenge__region=region).first()
    assert escape(mapping.rationale) in html
    raised = len(raised_numbers(region))
    top = response.context["matches"][0]
    assert f"Addresses {top.count} of the {raised} barriers Crete raised" in html


# The API


@pytest.mark.parametrize("slug", SLUGS)
def test_recommended_practices_endpoint(client, unthrottled, slug, django_assert_num_queries):
    region = Region.objects.get(slug=slug)
    expected = practices_from_elsewhere(region, barriers_raised_by(region))
    # region, barriers raised, practices, countries, listings, the cards' profile kinds
    with django_assert_num_queries(6):
        response = client.get(reverse("api:region-recommended-practices", args=[slug]))
    assert response.status_code == 200
    body = response.json()
    assert body["region"] == slug
    assert body["editorial_note"] == EDITORIAL_MAPPING_NOTE
    assert [b["number"] for b in body["barriers_raised"]] == list(raised_numbers(region))
    results = body["results"]
    assert [item["practice"]["slug"] for item in results] == [m.practice.slug for m in expected]
    for rank, item in enumerate(results, start=1):
        assert item["rank"] == rank
        assert item["reason"].startswith(
            f"Addresses {item['count']} of the {len(body['barriers_raised'])} barriers the region"
        )


def test_recommended_practices_of_an_unknown_region_is_a_404(client, unthrottled):
    response = client.get(reverse("api:region-recommended-practices", args=["atlantis"]))
    assert response.status_code == 404


def test_region_page_links_to_its_recommendations_in_the_api(client, unthrottled):
    html = client.get(reverse("region-detail", args=["crete"])).content.decode()
    url = reverse("api:region-recommended-practices", args=["crete"])
    assert f'href="{url}"' in html
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("path", "component", "fields"),
    [
        ("/api/v1/evidence-map/", "EvidenceMap", {"regions", "categories", "strength_bands"}),
        (
            "/api/v1/regions/{slug}/recommended-practices/",
            "Recommendations",
            {"region", "barriers_raised", "results"},
        ),
    ],
)
def test_the_schema_types_the_map_and_the_recommendations(client, path, component, fields):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    answer = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": f"#/components/schemas/{component}"}
    assert fields <= set(schema["components"]["schemas"][component]["properties"])


def test_recommended_practices_are_paged_like_the_lists(client, unthrottled):
    region = Region.objects.get(slug="emilia-romagna")
    expected = [
        m.practice.slug for m in practices_from_elsewhere(region, barriers_raised_by(region))
    ]
    url = reverse("api:region-recommended-practices", args=[region.slug])
    first = client.get(url, {"page_size": 20}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == second["count"] == len(expected) > 20
    assert first["previous"] is None and second["previous"] is not None
    results = first["results"] + second["results"]
    assert [item["practice"]["slug"] for item in results] == expected[:40]
    assert [item["rank"] for item in results] == list(range(1, 41))
    assert second["barriers_raised"] == first["barriers_raised"]


@pytest.mark.parametrize(
    ("query", "name"), [({"page": 9}, "page"), ({"page_size": 0}, "page_size")]
)
def test_a_recommendations_page_out_of_range_is_a_400(client, unthrottled, query, name):
    url = reverse("api:region-recommended-practices", args=["crete"])
    response = client.get(url, query)
    assert response.status_code == 400
    assert name in response.json()["errors"]
