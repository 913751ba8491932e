"""Practices from elsewhere for the barriers a region raised (`practices.matching`), checked
against the Quote, PracticeListing and practice-country tables read independently."""

import pytest

from barriers.models import Barrier, Quote
from practices.matching import practices_from_elsewhere
from practices.models import GoodPractice, PracticeListing
from regions.models import Region

pytestmark = pytest.mark.django_db


def barriers_raised(region):
    return list(Barrier.objects.filter(quotes__region=region).distinct())


def expected_ranking(region):
    """[(practice slug, [matched barrier numbers])] from the raw tables, ranked by the
    documented rule: most matched barriers first, then regional practices, then institutions'
    (the transfer profile's level), then name ignoring case, then slug."""
    raised = set(Quote.objects.filter(region=region).values_list("barrier__number", flat=True))
    listed = {}
    for slug, number in PracticeListing.objects.values_list("practice__slug", "barrier__number"):
        listed.setdefault(slug, set()).add(number)
    countries = {}
    for slug, code in GoodPractice.countries.through.objects.values_list(
        "goodpractice__slug", "country__code"
    ):
        countries.setdefault(slug, set()).add(code)
    names = dict(GoodPractice.objects.values_list("slug", "name"))
    fit = {"regional": 2, "institution": 1}
    levels = {
        slug: fit.get(level, 0) for slug, level in GoodPractice.objects.values_list("slug", "level")
    }
    ranking = [
        (slug, sorted(listed.get(slug, set()) & raised))
        for slug in names
        if region.country.code not in countries.get(slug, set())
        and listed.get(slug, set()) & raised
    ]
    return sorted(
        ranking,
        key=lambda item: (-len(item[1]), -levels[item[0]], names[item[0]].casefold(), item[0]),
    )


def as_slugs_and_numbers(matches):
    return [(m.practice.slug, [barrier.number for barrier in m.barriers]) for m in matches]


@pytest.mark.parametrize(
    "slug", ["flanders", "crete", "netherlands", "baden-wurttemberg", "vastra-gotaland"]
)
def test_ranking_matches_the_tables(slug):
    region = Region.objects.select_related("country").get(slug=slug)
    matches = practices_from_elsewhere(region, barriers_raised(region))
    assert as_slugs_and_numbers(matches) == expected_ranking(region)
    assert all(match.count == len(match.barriers) >= 1 for match in matches)


def test_no_practice_from_the_regions_own_country():
    netherlands = Region.objects.get(slug="netherlands")
    matches = practices_from_elsewhere(netherlands, barriers_raised(netherlands))
    dutch = set(GoodPractice.objects.filter(countries__code="NL").values_list("slug", flat=True))
    assert len(dutch) >= 10
    assert matches
    assert not dutch & {match.practice.slug for match in matches}
    # Beneluxa is Dutch among others, so the Netherlands already has it.
    assert "beneluxa-initiative" not in {match.practice.slug for match in matches}


def test_crete_gets_the_practice_addressing_two_of_its_barriers_first():
    crete = Region.objects.get(slug="crete")
    matches = practices_from_elsewhere(crete, barriers_raised(crete))
    first = matches[0]
    assert first.practice.slug == "federated-health-innovation-network"
    assert [barrier.number for barrier in first.barriers] == [1, 16]
    assert first.count == 2
    assert all(match.count == 1 for match in matches[1:])
    # Findata addresses barrier 2 only, which Crete did not raise.
    assert "findata" not in {match.practice.slug for match in matches}


def test_ties_are_ordered_by_name():
    crete = Region.objects.get(slug="crete")
    matches = practices_from_elsewhere(crete, barriers_raised(crete))
    ties = {}
    for match in matches:
        ties.setdefault((match.count, match.practice.level), []).append(match.practice.name)
    assert any(len(names) > 1 for names in ties.values())
    for names in ties.values():
        assert names == sorted(names, key=str.casefold)


def test_no_barriers_raised_means_no_matches():
    assert practices_from_elsewhere(Region.objects.get(slug="crete"), []) == []


@pytest.mark.parametrize("slug", ["crete", "emilia-romagna"])
def test_a_fixed_number_of_queries(slug, django_assert_num_queries):
    region = Region.objects.get(slug=slug)
    raised = barriers_raised(region)
    with django_assert_num_queries(4):  # + the practice cards' profile kinds
        matches = practices_from_elsewhere(region, raised)
        [barrier.number for match in matches for barrier in match.barriers]
        [country.code for match in matches for country in match.practice.countries.all()]


def test_a_regional_practice_ranks_before_others_addressing_as_many_barriers():
    """Among practices addressing as many of the region's barriers, the transfer profile's
    level decides: regional, then institution, then the rest."""
    region = Region.objects.select_related("country").get(slug="crete")
    matches = practices_from_elsewhere(region, barriers_raised(region))
    order = {"regional": 0, "institution": 1}
    for count in {m.count for m in matches}:
        levels = [order.get(m.practice.level, 2) for m in matches if m.count == count]
        assert levels == sorted(levels)
    assert any(m.practice.level == "regional" for m in matches)
    assert any(m.practice.level not in order for m in matches)
