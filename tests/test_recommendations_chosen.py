"""A region's recommended practices for the barriers a user chooses (`?barrier=`), on the site
and in the API; the Lithuanian case of issue 17: Lithuania raised no data-governance or consent
barrier, and choosing them must bring practices on them from other countries."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from practices.matching import barriers_raised_by, practices_from_elsewhere, who_could_adopt
from practices.models import GoodPractice, PracticeListing
from regions.models import Region

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "barriers"


def barrier_number(slug):
    """The number the fixtures give the barrier with this slug."""
    (path,) = FIXTURES.glob(f"*-{slug}.yaml")
    return yaml.safe_load(path.read_text())["number"]


GOVERNANCE = barrier_number("health-data-governance")
CONSENT = barrier_number("consent-management-of-health-data")


def expected_slugs(region, numbers):
    """The practices listed under any of `numbers`, none of whose countries is the region's,
    most of those barriers first, then regional practices, then institutions' (the transfer
    profile's level), then by name (ignoring case) and slug."""
    listed = {}
    for listing in PracticeListing.objects.filter(barrier__number__in=numbers).select_related(
        "practice", "barrier"
    ):
        listed.setdefault(listing.practice, set()).add(listing.barrier.number)
    found = [
        (practice, barriers)
        for practice, barriers in listed.items()
        if region.country not in practice.countries.all()
    ]
    fit = {"regional": 2, "institution": 1}
    found.sort(
        key=lambda item: (
            -len(item[1]),
            -fit.get(item[0].level, 0),
            item[0].name.casefold(),
            item[0].slug,
        )
    )
    return [practice.slug for practice, _ in found]


def api(client, slug, query=None):
    """The endpoint with `query`: a dict, or a query string (for repeated parameters)."""
    url = reverse("api:region-recommended-practices", args=[slug])
    if isinstance(query, str):
        return client.get(f"{url}?{query}")
    return client.get(url, query or {})


def test_the_barrier_numbers_are_those_of_the_fixtures():
    assert (GOVERNANCE, CONSENT) == (2, 4)


def test_lithuania_raised_neither_data_governance_nor_consent():
    raised = {
        barrier.number for barrier in barriers_raised_by(Region.objects.get(slug="lithuania"))
    }
    assert raised and not raised & {GOVERNANCE, CONSENT}


def test_lithuania_gets_data_governance_practices_from_other_countries(client, unthrottled):
    lithuania = Region.objects.select_related("country").get(slug="lithuania")
    response = api(client, "lithuania", f"barrier={GOVERNANCE}&barrier={CONSENT}")
    assert response.status_code == 200
    body = response.json()
    expected = expected_slugs(lithuania, [GOVERNANCE, CONSENT])
    assert expected  # practices on data governance exist, from elsewhere
    assert [item["practice"]["slug"] for item in body["results"]] == expected
    assert body["count"] == len(expected)
    assert [b["number"] for b in body["barriers_chosen"]] == [GOVERNANCE, CONSENT]
    assert not any(b["quoted"] or b["mapped"] for b in body["barriers_chosen"])
    assert "barriers chosen" in body["ranking"]
    for item in body["results"]:
        assert "LT" not in item["practice"]["countries"]
        numbers = {b["number"] for b in item["barriers"]}
        assert numbers and numbers <= {GOVERNANCE, CONSENT}
        assert item["reason"].startswith(f"Addresses {item['count']} of the 2 barriers chosen: ")
        assert "(not raised by the region)" in item["reason"]
    # What Lithuania raised is still said, beside the choice.
    assert [b["number"] for b in body["barriers_raised"]] == [
        b.number for b in barriers_raised_by(lithuania)
    ]


def test_comma_separated_and_repeated_barriers_are_one_choice(client, unthrottled):
    repeated = api(client, "lithuania", f"barrier={GOVERNANCE}&barrier={CONSENT}").json()
    commas = api(client, "lithuania", {"barrier": f"{CONSENT},{GOVERNANCE}"}).json()
    assert commas == repeated


def test_a_chosen_barrier_the_region_raised_says_how(client, unthrottled):
    crete = Region.objects.get(slug="crete")
    raised = barriers_raised_by(crete)[0]
    body = api(client, "crete", {"barrier": raised.number}).json()
    (chosen,) = body["barriers_chosen"]
    assert (chosen["quoted"], chosen["mapped"]) == (raised.quoted, raised.mapped)
    assert all("not raised" not in item["reason"] for item in body["results"])


def test_without_a_choice_the_barriers_raised_as_before(client, unthrottled):
    region = Region.objects.get(slug="crete")
    body = api(client, "crete").json()
    expected = practices_from_elsewhere(region, barriers_raised_by(region))
    assert body["barriers_chosen"] == []
    assert [item["practice"]["slug"] for item in body["results"]] == [
        m.practice.slug for m in expected
    ]
    assert "barriers the region raised" in body["results"][0]["reason"]


@pytest.mark.parametrize("value", ["99", "x", "2,0", "-1"])
def test_an_unknown_barrier_is_a_400_naming_it(client, unthrottled, value):
    response = api(client, "lithuania", {"barrier": value})
    assert response.status_code == 400
    (message,) = response.json()["errors"]["barrier"]
    unknown = [part for part in value.split(",") if part not in {"2"}][0]
    assert f"“{unknown}”" in message and "Allowed: 1, 2, 3" in message


def test_the_chosen_recommendations_run_a_fixed_number_of_queries(
    client, unthrottled, django_assert_num_queries
):
    # The choice checked, region, barriers raised, barriers chosen, the listings' ranking,
    # the practices, their countries and their profile kinds.
    with django_assert_num_queries(8):
        assert api(client, "lithuania", {"barrier": "2,4,5"}).status_code == 200


# The site page


def page(client, slug, query=""):
    return client.get(reverse("region-recommendations", args=[slug]) + query)


def test_the_page_shows_the_chosen_barriers_practices_and_why(client):
    lithuania = Region.objects.select_related("country").get(slug="lithuania")
    response = page(client, "lithuania", f"?barrier={GOVERNANCE}&barrier={CONSENT}")
    assert response.status_code == 200
    html = response.content.decode()
    expected = expected_slugs(lithuania, [GOVERNANCE, CONSENT])
    shown = [match.practice.slug for match in response.context["matches"]]
    assert shown == expected[: len(shown)] and len(shown) == min(len(expected), 20)
    for slug in shown:
        assert escape(GoodPractice.objects.get(slug=slug).name) in html
    assert "of the 2 barriers chosen:" in html
    assert "not raised by the region" in html
    assert f'value="{GOVERNANCE}" checked' in html and f'value="{CONSENT}" checked' in html


def test_the_form_offers_every_barrier_by_category_and_marks_those_raised(client):
    html = page(client, "lithuania").content.decode()
    start = html.index('class="filter-form barrier-choice"')
    form = html[start : html.index("</form>", start)]
    assert form.count('type="checkbox" name="barrier"') == 17
    assert form.count("<legend>") == 6
    raised = barriers_raised_by(Region.objects.get(slug="lithuania"))
    assert form.count(" checked") == len(raised)  # no choice: the barriers raised
    assert form.count('<span class="badge">raised</span>') == len(raised)
    assert 'method="get"' in form


def test_without_a_choice_the_page_ranks_as_the_region_page(client):
    region_page = client.get(reverse("region-detail", args=["emilia-romagna"]))
    recommendations = page(client, "emilia-romagna")
    assert [m.practice.slug for m in recommendations.context["matches"]] == [
        m.practice.slug for m in region_page.context["matches"][:20]
    ]
    assert f'href="{reverse("region-recommendations", args=["emilia-romagna"])}"' in (
        region_page.content.decode()
    )


def test_an_unknown_barrier_on_the_page_is_a_400_naming_it(client):
    response = page(client, "lithuania", "?barrier=2&barrier=42")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown barrier number “42”" in html
    assert "matches" not in response.context


def test_an_unknown_region_page_is_a_404(client):
    assert page(client, "atlantis").status_code == 404


# Who could adopt it: the same rule, the other way round


@pytest.mark.parametrize("slug", ["findata", "dare-nl", "atmp-pit"])
def test_who_could_adopt_a_practice_is_who_gets_it_recommended(client, unthrottled, slug):
    practice = GoodPractice.objects.for_detail().get(slug=slug)
    numbers = sorted({listing.barrier.number for listing in practice.listings.all()})
    adopters = {adopter.region.slug for adopter in who_could_adopt(practice)}
    html = client.get(practice.get_absolute_url()).content.decode()
    for region in Region.objects.all():
        body = api(client, region.slug, {"barrier": ",".join(map(str, numbers))}).json()
        recommended = slug in [item["practice"]["slug"] for item in body["results"]]
        raised = {b.number for b in barriers_raised_by(region)} & set(numbers)
        assert (region.slug in adopters) == (recommended and bool(raised)), region.slug
        if region.slug in adopters:
            link = reverse("region-recommendations", args=[region.slug])
            assert f'href="{link}?barrier={",".join(map(str, numbers))}"' in html
