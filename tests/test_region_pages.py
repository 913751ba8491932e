"""The region list and the region page, against the report's data."""

import pytest
from django.urls import reverse

from barriers.models import ChallengeMapping, Quote
from practices.models import GoodPractice
from provenance.models import DataNote
from regions.models import Region, RegionalChallenge

pytestmark = pytest.mark.django_db

TAB_3_ORDER = [
    "flanders",
    "sofia",
    "catalonia",
    "baden-wurttemberg",
    "crete",
    "emilia-romagna",
    "lithuania",
    "netherlands",
    "north-east-romania",
    "vastra-gotaland",
]


def listed_slugs(response):
    return [region.slug for region in response.context["page_obj"]]


def region_page(client, slug):
    return client.get(reverse("region-detail", args=[slug]))


# The region list


def test_the_list_has_the_ten_regions_in_tab_3_order(client):
    response = client.get(reverse("region-list"))
    assert response.status_code == 200
    assert listed_slugs(response) == TAB_3_ORDER
    for region in Region.objects.all():
        assert region.get_absolute_url() in response.content.decode()


def test_the_list_counts_each_regions_quotes_challenges_and_barriers(client):
    regions = {region.slug: region for region in client.get("/regions/").context["page_obj"]}
    for slug, region in regions.items():
        quotes = Quote.objects.filter(region__slug=slug)
        assert region.quote_count == quotes.count()
        mapped = ChallengeMapping.objects.filter(challenge__region__slug=slug)
        raised = set(quotes.values_list("barrier", flat=True))
        raised |= set(mapped.values_list("barrier", flat=True))
        assert region.barriers_raised_count == len(raised)
        assert region.challenge_count == RegionalChallenge.objects.filter(region__slug=slug).count()
    assert (regions["crete"].quote_count, regions["crete"].challenge_count) == (9, 14)


def test_the_list_shows_workshops_and_the_consultations(client):
    html = client.get("/regions/").content.decode()
    assert "One-on-one expert consultations" in html
    assert "Workshop, 29 participants (online)" in html
    assert html.count("Workshop, ") == 9


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=GR", ["crete"]),
        ("country=gr,nl", ["crete", "netherlands"]),
        ("country=SE&country=BE", ["flanders", "vastra-gotaland"]),
        ("search=catalonia", ["catalonia"]),
        ("search=romania", ["north-east-romania"]),
        ("country=GR&search=romania", []),
    ],
)
def test_filters(client, query, expected):
    response = client.get(f"/regions/?{query}")
    assert response.status_code == 200
    assert listed_slugs(response) == expected


def test_a_filter_matching_nothing_shows_the_empty_state(client):
    response = client.get("/regions/?search=nowhere-at-all")
    assert response.status_code == 200
    assert "No region matches these filters." in response.content.decode()


@pytest.mark.parametrize("query", ["country=XX", "country=EU", "country=US", "country=GR,zz"])
def test_bad_filter_values_are_a_400_naming_the_allowed_ones(client, query):
    response = client.get(f"/regions/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown country code" in html
    assert "BE, BG, DE, ES, GR, IT, LT, NL, RO, SE" in html
    assert listed_slugs(response) == []


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(4):  # count, regions, the form's country and source choices
        client.get("/regions/")
    with django_assert_num_queries(5):  # + the chosen countries
        client.get("/regions/?country=GR,NL&search=a")


# The region page


def test_an_unknown_region_is_a_404(client):
    assert region_page(client, "atlantis").status_code == 404


def test_crete_shows_its_challenges_in_printed_order(client):
    response = region_page(client, "crete")
    assert response.status_code == 200
    html = response.content.decode()
    titles = list(
        RegionalChallenge.objects.filter(region__slug="crete")
        .order_by("order")
        .values_list("title", flat=True)
    )
    assert len(titles) == 14
    positions = [html.index(f"<h3>{title}</h3>") for title in titles]
    assert positions == sorted(positions)
    assert "14 challenges" in html
    assert "Fact sheet: “Crete, Greece”" in html


def test_crete_shows_its_interview_figures_with_the_blank_cell_not_given(client):
    response = region_page(client, "crete")
    chart = response.context["interviews"]
    assert [row["value"] for row in chart["rows"]] == [4, None, 3, 4]
    assert chart["not_given"] == ["Healthcare Providers"]
    html = response.content.decode()
    assert "10 interviews in all" in html
    assert "Not given: Healthcare Providers" in html
    assert '<th scope="row">Research &amp; Academia</th>' in html


def test_crete_shows_the_tab_3_discrepancy_and_transcription_notes(client):
    response = region_page(client, "crete")
    subjects = [note.subject for note in response.context["data_notes"]]
    assert subjects == ["Tab. 3, Crete", "Tab. 3, transcription"]
    html = response.content.decode()
    discrepancy = DataNote.objects.get(subject="Tab. 3, Crete")
    assert discrepancy.text in html


@pytest.mark.parametrize("slug", ["catalonia", "baden-wurttemberg"])
def test_the_tab_3_transcription_note_reaches_the_rows_it_names(client, slug):
    subjects = [note.subject for note in region_page(client, slug).context["data_notes"]]
    assert subjects == ["Tab. 3, transcription"]


def test_a_region_no_data_note_names_has_none(client):
    response = region_page(client, "sofia")
    assert list(response.context["data_notes"]) == []
    assert "Notes on the data" not in response.content.decode()


def test_crete_shows_its_workshop(client):
    html = region_page(client, "crete").content.decode()
    assert "<h3>Workshop (Tab. 4)</h3>" in html
    assert "<dd>29</dd>" in html
    assert "<dd>FORTH-ICS</dd>" in html


def test_baden_wurttemberg_held_consultations_instead_of_a_workshop(client):
    region = Region.objects.get(slug="baden-wurttemberg")
    html = region_page(client, "baden-wurttemberg").content.decode()
    assert "One-on-one expert consultations instead of a workshop" in html
    assert region.engagement_note in html
    assert "Workshop (Tab. 4)" not in html


def test_quotes_are_grouped_by_barrier_as_in_the_quote_table(client):
    response = region_page(client, "netherlands")
    grouped = [
        (barrier.number, [quote.pk for quote in quotes])
        for barrier, quotes in response.context["quotes_by_barrier"]
    ]
    expected = {}
    for number, pk in (
        Quote.objects.filter(region__slug="netherlands")
        .order_by("barrier__number", "order")
        .values_list("barrier__number", "pk")
    ):
        expected.setdefault(number, []).append(pk)
    assert grouped == list(expected.items())
    html = response.content.decode()
    for quote in Quote.objects.filter(region__slug="netherlands"):
        assert f"— {quote.attribution} (" in html
    assert reverse("barrier-detail", args=[1]) in html


def test_practices_from_the_regions_own_country(client):
    response = region_page(client, "crete")
    shown = [practice.slug for practice in response.context["home_practices"]]
    assert sorted(shown) == sorted(
        GoodPractice.objects.filter(countries__code="GR").values_list("slug", flat=True)
    )
    assert "digenia" in shown
    assert "Good practices from Greece" in response.content.decode()


def test_practices_from_elsewhere_show_their_reason(client):
    response = region_page(client, "crete")
    matches = response.context["matches"]
    assert matches[0].practice.slug == "federated-health-innovation-network"
    html = response.content.decode()
    raised = len(response.context["barriers_raised"])
    assert raised == 11  # 9 quoted, 2 more through mapped fact-sheet challenges
    assert "Addresses 2 of the 11 barriers Crete raised" in html
    assert not {match.practice.slug for match in matches} & {
        practice.slug for practice in response.context["home_practices"]
    }


@pytest.mark.parametrize("slug", ["crete", "baden-wurttemberg", "lithuania"])
def test_the_region_page_runs_a_fixed_number_of_queries(client, slug, django_assert_num_queries):
    # + the challenges' mappings, the barriers raised, the country's national findings and
    # initiatives (none for these regions: Catalonia's page is pinned in test_spain_display),
    # the practices' profile kinds, of those from its country and those from elsewhere, and
    # the regions of the "Compare with…" control
    with django_assert_num_queries(17):
        region_page(client, slug)
