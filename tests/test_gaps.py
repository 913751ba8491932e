"""The gaps (/gaps/ and `has_practices` on the barriers list, site and API) against the
fixtures, read here independently of the loader: a barrier is addressed when its printed table
lists a practice or a practice's file links it (editorial); a region raised a barrier when a
quote of it is printed under the barrier or one of its challenges is mapped to it."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def load(folder):
    return [yaml.safe_load(path.read_text()) for path in sorted((FIXTURES / folder).glob("*.yaml"))]


BARRIERS = {barrier["number"]: barrier for barrier in load("barriers")}
ADDRESSED = {number for number, barrier in BARRIERS.items() if barrier.get("practices")} | {
    link["number"] for practice in load("practices") for link in practice.get("barriers") or []
}
UNADDRESSED = sorted(set(BARRIERS) - ADDRESSED)


def raised_by_fixtures():
    """{region slug: {barrier numbers it raised}} from the quotes and the challenge mappings."""
    raised = {region["slug"]: set() for region in load("regions")}
    for number, barrier in BARRIERS.items():
        for quote in barrier.get("quotes") or []:
            raised[quote["region"]].add(number)
    for region in load("regions"):
        for challenge in region.get("challenges") or []:
            raised[region["slug"]].update(
                link["number"] for link in challenge.get("barriers") or []
            )
    return raised


def test_some_barriers_have_no_practice_and_most_have():
    assert UNADDRESSED and len(UNADDRESSED) < len(BARRIERS)


def test_gap_page_lists_the_barriers_no_practice_addresses(client, django_assert_num_queries):
    with django_assert_num_queries(3):  # barriers, regions, which of them each raised
        response = client.get(reverse("gaps"))
    assert response.status_code == 200
    gaps = response.context["gaps"]
    order = category_order()
    assert [barrier.number for barrier in gaps.barriers] == sorted(
        UNADDRESSED, key=lambda number: (order.index(BARRIERS[number]["category"]), number)
    )
    html = response.content.decode()
    for number in UNADDRESSED:
        assert f'href="/barriers/{number}/"' in html
    for number in ADDRESSED:
        assert f'<span class="barrier-list__number">{number}</span>' not in html


def category_order():
    """The categories' slugs in the order of their file."""
    return [
        category["slug"] for category in yaml.safe_load((FIXTURES / "categories.yaml").read_text())
    ]


def test_gap_page_lists_each_regions_barriers_without_a_practice(client):
    raised = raised_by_fixtures()
    gaps = client.get(reverse("gaps")).context["gaps"]
    found = {row.region.slug: [gap.number for gap in row.gaps] for row in gaps.regions}
    assert found == {slug: sorted(numbers - ADDRESSED) for slug, numbers in raised.items()}
    assert any(found.values())
    for barrier in gaps.barriers:
        assert [region.slug for region in barrier.raised_by] == [
            row.region.slug for row in gaps.regions if barrier.number in found[row.region.slug]
        ]


def test_gap_page_links_each_region_and_its_gaps(client):
    html = client.get(reverse("gaps")).content.decode()
    for slug, numbers in raised_by_fixtures().items():
        assert f'href="/regions/{slug}/"' in html
        for number in sorted(numbers - ADDRESSED):
            assert f'href="/regions/{slug}/#barrier-{number}"' in html or (
                f'href="/regions/{slug}/#challenges"' in html
            )


@pytest.mark.parametrize(
    ("value", "expected"), [("false", UNADDRESSED), ("true", sorted(ADDRESSED & set(BARRIERS)))]
)
def test_has_practices_filters_the_api_list(client, unthrottled, value, expected):
    response = client.get(reverse("api:barrier-list"), {"has_practices": value, "page_size": 50})
    assert response.status_code == 200
    assert sorted(item["number"] for item in response.json()["results"]) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("false", UNADDRESSED), ("true", sorted(ADDRESSED & set(BARRIERS)))]
)
def test_has_practices_filters_the_site_list(client, value, expected):
    response = client.get(reverse("barrier-list"), {"has_practices": value})
    assert response.status_code == 200
    shown = [barrier.number for barrier in response.context["page_obj"]]
    assert sorted(shown) == expected


def test_has_practices_combines_with_the_region_filter(client, unthrottled):
    response = client.get(
        reverse("api:barrier-list"), {"has_practices": "false", "region": "flanders"}
    )
    quoted = {
        number
        for number, barrier in BARRIERS.items()
        for quote in barrier.get("quotes") or []
        if quote["region"] == "flanders"
    }
    assert sorted(item["number"] for item in response.json()["results"]) == sorted(
        quoted - ADDRESSED
    )


@pytest.mark.parametrize("value", ["maybe", "0", "yes"])
def test_a_bad_has_practices_value_is_a_400(client, unthrottled, value):
    response = client.get(reverse("api:barrier-list"), {"has_practices": value})
    assert response.status_code == 400
    assert response.json()["errors"]["has_practices"] == [
        f"“{value}” is not allowed. Allowed: true, false."
    ]
    site = client.get(reverse("barrier-list"), {"has_practices": value})
    assert site.status_code == 400
    assert "Allowed: true, false." in site.content.decode()


def test_a_barrier_without_practices_points_to_its_category_and_the_gaps(client):
    number = UNADDRESSED[0]
    category = BARRIERS[number]["category"]
    html = client.get(f"/barriers/{number}/").content.decode()
    section = html[html.index('id="practices"') :]
    section = section[: section.index("</section>")]
    assert f'href="{reverse("gaps")}"' in section
    assert f'href="/practices/?category={category}"' in section
    others = [n for n, b in BARRIERS.items() if b["category"] == category and n != number]
    assert others
    for other in others:
        link = f"/practices/?barrier={other}" if other in ADDRESSED else f"/barriers/{other}/"
        assert f'href="{link}"' in section


def test_a_barrier_with_practices_has_no_pointer_to_the_gaps(client):
    html = client.get(f"/barriers/{sorted(ADDRESSED)[0]}/").content.decode()
    section = html[html.index('id="practices"') :]
    assert f'href="{reverse("gaps")}"' not in section[: section.index("</section>")]


@pytest.mark.parametrize("name", ["home", "about", "barrier-list"])
def test_the_gaps_are_linked_where_users_look(client, name):
    assert f'href="{reverse("gaps")}"' in client.get(reverse(name)).content.decode()
