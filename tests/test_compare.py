"""Comparing two or three regions side by side, against the records."""

import pytest
from django.urls import reverse

from barriers.models import ChallengeMapping, Quote
from practices.models import GoodPractice
from regions.models import Region

pytestmark = pytest.mark.django_db


def compare(client, value):
    return client.get(reverse("compare-regions"), {"regions": value})


def test_without_a_choice_the_page_offers_the_regions(client):
    response = client.get(reverse("compare-regions"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="regions"') == Region.objects.count()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("crete", "Choose 2 or 3"),
        ("crete,crete", "Choose 2 or 3"),
        ("crete,flanders,sofia,lithuania", "Choose 2 or 3"),
        ("crete,atlantis", "Unknown region atlantis"),
    ],
)
def test_bad_choices_are_a_400_with_the_message(client, value, message):
    response = compare(client, value)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_repeated_and_comma_separated_values_are_the_same(client):
    repeated = client.get(reverse("compare-regions") + "?regions=crete&regions=Flanders")
    joined = compare(client, "crete,flanders")
    assert [c["region"].slug for c in repeated.context["columns"]] == ["crete", "flanders"]
    assert [c["region"].slug for c in joined.context["columns"]] == ["crete", "flanders"]


def test_columns_agree_with_the_records(client, django_assert_num_queries):
    # regions (+ challenges), the barriers and four counts, practices (+ countries, listings)
    with django_assert_num_queries(11):  # + the practices' profile kinds
        response = compare(client, "crete,baden-wurttemberg,lithuania")
    assert response.status_code == 200
    for column in response.context["columns"]:
        region = column["region"]
        assert column["totals"].quotes == Quote.objects.filter(region=region).count()
        assert {p.slug for p in column["practices"]} == set(
            GoodPractice.objects.filter(countries=region.country).values_list("slug", flat=True)
        )
    raised = set(
        Quote.objects.filter(
            region__slug__in=["crete", "baden-wurttemberg", "lithuania"]
        ).values_list("barrier__number", flat=True)
    )
    raised |= set(
        ChallengeMapping.objects.filter(
            challenge__region__slug__in=["crete", "baden-wurttemberg", "lithuania"]
        ).values_list("barrier__number", flat=True)
    )
    shown = {row.barrier.number for row in response.context["raised_rows"]}
    assert shown == raised


def test_figures_show_tab_3_and_a_blank_as_a_dash(client):
    response = compare(client, "crete,baden-wurttemberg")
    figures = dict(response.context["figures"])
    crete = Region.objects.get(slug="crete")
    assert figures["Interviews in all (Tab. 3)"][0] == crete.interviews_total
    # Baden-Württemberg held consultations, not a workshop: no participants figure.
    assert figures["Workshop participants (Tab. 4)"][1] is None
    assert '<td class="blank">–</td>' in response.content.decode()
