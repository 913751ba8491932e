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
    # + the practices' profile kinds, the barriers each region raised, the shared ones' quotes
    with django_assert_num_queries(13):
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


def raised_numbers(slug):
    quoted = Quote.objects.filter(region__slug=slug).values_list("barrier__number", flat=True)
    mapped = ChallengeMapping.objects.filter(challenge__region__slug=slug).values_list(
        "barrier__number", flat=True
    )
    return set(quoted) | set(mapped)


@pytest.mark.parametrize(
    "slugs", [["crete", "lithuania"], ["crete", "baden-wurttemberg", "lithuania"]]
)
def test_what_differs_is_the_barriers_each_region_raised(client, slugs):
    response = compare(client, ",".join(slugs))
    differences = response.context["differences"]
    raised = {slug: raised_numbers(slug) for slug in slugs}
    shared = set.intersection(*raised.values())
    assert [s.barrier.number for s in differences.shared] == sorted(shared)
    for region, barriers in differences.only:
        others = set().union(*(raised[slug] for slug in slugs if slug != region.slug))
        assert [b.number for b in barriers] == sorted(raised[region.slug] - others)
    partly = {b.number for b, _ in differences.partly}
    if len(slugs) == 3:
        assert partly == {
            n for n in set().union(*raised.values()) if sum(n in r for r in raised.values()) == 2
        }
    else:
        assert partly == set()
    html = response.content.decode()
    assert "What differs" in html
    for region, _ in differences.only:
        assert f"Only {region.name}: " in html


def test_shared_barriers_show_each_regions_quotes_side_by_side(client):
    response = compare(client, "crete,lithuania")
    html = response.content.decode()
    for shared in response.context["differences"].shared:
        assert [region.slug for region, _, _ in shared.sides] == ["crete", "lithuania"]
        for region, barrier, quotes in shared.sides:
            expected = Quote.objects.filter(region=region, barrier=shared.barrier)
            assert [q.pk for q in quotes] == list(expected.values_list("pk", flat=True))
            assert bool(quotes) == barrier.quoted
            for quote in quotes:
                assert f'href="{quote.get_absolute_url()}"' in html
        assert f'id="shared-{shared.barrier.number}"' in html


def test_each_region_page_offers_to_compare_it_with_the_others(client):
    html = client.get(reverse("region-detail", args=["crete"])).content.decode()
    form = html.split('<form class="compare-with')[1].split("</form>")[0]
    assert f'action="{reverse("compare-regions")}"' in form
    assert '<input type="hidden" name="regions" value="crete">' in form
    others = Region.objects.exclude(slug="crete").values_list("slug", flat=True)
    assert [f'value="{slug}"' in form for slug in others] == [True] * len(others)
    assert 'value="crete">Crete</option>' not in form
    # Submitting it compares the two.
    response = client.get(reverse("compare-regions"), {"regions": ["crete", "lithuania"]})
    assert [c["region"].slug for c in response.context["columns"]] == ["crete", "lithuania"]


def test_compare_is_in_the_site_navigation(client):
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('aria-label="Primary"') : html.index("</nav>")]
    assert f'<a href="{reverse("compare-regions")}">Compare</a>' in nav
