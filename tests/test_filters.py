"""The FilterSets the site and the API share: one test per filter, against the report's data."""

import pytest
from django.http import QueryDict

from barriers.filters import BarrierFilter, CategoryFilter, CommentFilter, QuoteFilter
from barriers.models import Barrier, Category, PolicyComment, Quote
from practices.filters import PracticeFilter
from practices.models import GoodPractice, PracticeListing
from provenance.filters import SourceFilter
from provenance.models import Source
from regions.filters import ChallengeFilter, CountryFilter, RegionFilter
from regions.models import Country, Region, RegionalChallenge

pytestmark = pytest.mark.django_db


def filtered(filterset_class, query, queryset):
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def errors(filterset_class, query, queryset):
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert not filterset.is_valid()
    return filterset.errors


def practices(query):
    return set(filtered(PracticeFilter, query, GoodPractice.objects.for_list()))


def listed_under(*numbers):
    rows = PracticeListing.objects.filter(barrier__number__in=numbers)
    return {row.practice for row in rows.select_related("practice")}


def test_practices_of_barrier_5_are_those_of_its_table():
    found = practices("barrier=5")
    assert len(found) == 7
    assert found == listed_under(5)
    assert "national-framework-for-biomarker-reimbursement" in {p.slug for p in found}


@pytest.mark.parametrize("query", ["barrier=1,16", "barrier=1&barrier=16", "barrier=16, 1"])
def test_several_barriers_give_each_practice_once(query):
    result = filtered(PracticeFilter, query, GoodPractice.objects.for_list())
    assert sorted(p.pk for p in result) == sorted(p.pk for p in listed_under(1, 16))


def test_practices_by_category():
    category = Category.objects.get(slug="financial-barriers")
    numbers = list(category.barriers.values_list("number", flat=True))
    assert practices("category=financial-barriers") == listed_under(*numbers)


def test_practices_by_country_in_any_letter_case():
    sweden = {p for p in GoodPractice.objects.all() if "SE" in {c.code for c in p.countries.all()}}
    assert practices("country=se") == practices("country=SE") == sweden
    assert sweden


def test_partner_and_non_partner_practices_partition_the_list():
    partner, other = practices("partner=true"), practices("partner=false")
    assert partner and other
    assert not partner & other
    assert partner | other == set(GoodPractice.objects.all())
    for practice in other:
        assert not any(hasattr(c, "partner_region") for c in practice.countries.all())


def test_practices_by_region_are_those_of_its_country():
    catalonia = Region.objects.get(slug="catalonia")
    assert practices("region=catalonia") == set(catalonia.country.practices.all())


def test_practice_text_search_needs_every_word():
    found = practices("search=genomic data")
    assert found
    for practice in found:
        text = f"{practice.name} {practice.description} {practice.country_label}".lower()
        assert "genomic" in text and "data" in text


def test_filters_combine():
    assert practices("barrier=5&country=SE") == listed_under(5) & practices("country=SE")


def test_empty_values_do_not_filter():
    assert len(practices("barrier=&country=&search=")) == GoodPractice.objects.count()


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("barrier=99", "barrier", "Unknown barrier number “99”. Allowed: 1, 2, 3"),
        ("barrier=abc", "barrier", "Unknown barrier number “abc”."),
        ("barrier=5,99", "barrier", "Unknown barrier number “99”."),
        ("country=ZZ", "country", "Unknown country code “ZZ”. Allowed: AT, BE"),
        ("category=nope", "category", "Unknown category “nope”. Allowed: health-data"),
        ("region=atlantis", "region", "Unknown region “atlantis”. Allowed: flanders, sofia"),
        ("partner=maybe", "partner", "“maybe” is not allowed. Allowed: true, false."),
        ("search=" + "x" * 201, "search", "at most 200 characters"),
        ("search=a%00b", "search", "Null characters are not allowed."),
    ],
)
def test_bad_values_name_the_parameter_and_what_is_allowed(query, parameter, message):
    found = errors(PracticeFilter, query, GoodPractice.objects.all())
    assert list(found) == [parameter]
    assert message in found[parameter][0]


def test_barriers_by_category():
    found = filtered(BarrierFilter, "category=regulatory-barriers", Barrier.objects.for_list())
    assert {b.category.slug for b in found} == {"regulatory-barriers"}
    assert len(found) == Barrier.objects.filter(category__slug="regulatory-barriers").count()


def test_barriers_a_region_raised_are_those_it_is_quoted_on():
    found = filtered(BarrierFilter, "region=crete", Barrier.objects.for_list())
    quoted = set(
        Quote.objects.filter(region__slug="crete").values_list("barrier__number", flat=True)
    )
    assert [b.number for b in found] == sorted(quoted)


def test_filtering_keeps_the_counts_of_the_list():
    found = filtered(BarrierFilter, "region=crete", Barrier.objects.for_list())
    for barrier in found:
        assert barrier.quote_count == barrier.quotes.count()
        assert barrier.practice_count == barrier.listings.filter(order__isnull=False).count()
        assert barrier.region_count == barrier.quotes.values("region").distinct().count()


def test_barrier_search_reaches_sub_sections():
    found = filtered(BarrierFilter, "search=reimbursement", Barrier.objects.for_list())
    assert 5 in {b.number for b in found}


def test_quotes_by_region_and_barrier():
    found = filtered(QuoteFilter, "region=crete&barrier=3", Quote.objects.for_list())
    expected = Quote.objects.filter(region__slug="crete", barrier__number=3)
    assert list(found) == list(expected)
    assert found


def test_quotes_by_category():
    found = filtered(QuoteFilter, "category=financial-barriers", Quote.objects.for_list())
    assert list(found) == list(Quote.objects.filter(barrier__category__slug="financial-barriers"))


def test_quote_text_search_matches_attribution_too():
    found = filtered(QuoteFilter, "search=greece", Quote.objects.for_list())
    assert found
    assert all("greece" in f"{q.text} {q.attribution}".lower() for q in found)


def test_comments_by_barrier():
    found = filtered(CommentFilter, "barrier=7", PolicyComment.objects.for_list())
    assert [c.barrier.number for c in found] == [7]


def test_category_search():
    found = filtered(CategoryFilter, "search=financial", Category.objects.all())
    assert [c.slug for c in found] == ["financial-barriers"]


def test_regions_by_country():
    found = filtered(RegionFilter, "country=gr,se", Region.objects.for_list())
    assert [r.slug for r in found] == ["crete", "vastra-gotaland"]


def test_region_filter_offers_only_partner_countries():
    found = errors(RegionFilter, "country=US", Region.objects.all())
    assert "Unknown country code “US”" in found["country"][0]


def test_challenges_by_region():
    found = filtered(ChallengeFilter, "region=crete", RegionalChallenge.objects.for_list())
    assert list(found) == list(RegionalChallenge.objects.filter(region__slug="crete"))
    assert len(found) == 14


def test_countries_by_partnership():
    partner = filtered(CountryFilter, "partner=true", Country.objects.for_list())
    other = filtered(CountryFilter, "partner=false", Country.objects.for_list())
    assert len(partner) == Region.objects.count() == 10
    assert {c.code for c in other} >= {"EU", "US", "FI", "DK"}


def test_source_search():
    assert list(filtered(SourceFilter, "search=d6.1", Source.objects.all())) == list(
        Source.objects.filter(slug="d6-1")
    )


def test_filtering_runs_a_fixed_number_of_queries(django_assert_num_queries):
    """Validating the values is one query per key filter, whatever the number of values."""
    for query in ["barrier=5", "barrier=1,2,3,4,5,6,7&country=SE,FI,DK"]:
        filterset = PracticeFilter(QueryDict(query), queryset=GoodPractice.objects.for_list())
        with django_assert_num_queries(query.count("=")):
            assert filterset.is_valid()


def test_site_drop_down_keeps_several_chosen_values():
    form = PracticeFilter(QueryDict("barrier=1,16"), queryset=GoodPractice.objects.all()).form
    html = str(form["barrier"])
    assert "multiple" in html
    assert html.count("selected") == 2
    single = str(PracticeFilter(QueryDict("barrier=5")).form["barrier"])
    assert "multiple" not in single and single.count("selected") == 1


@pytest.mark.parametrize("number", ["99999999999999999999999", "-99999999999999999999999"])
def test_a_number_no_column_can_hold_is_unknown(number):
    found = errors(PracticeFilter, f"barrier={number}", GoodPractice.objects.all())
    assert f"Unknown barrier number “{number}”" in found["barrier"][0]


# Ordering: the API's lists sort through the same FilterSets


def test_an_ordering_name_may_sort_by_several_fields_and_ties_keep_the_natural_order():
    found = filtered(QuoteFilter, "ordering=-region, barrier", Quote.objects.for_list())
    expected = Quote.objects.order_by("-region__order", "barrier__number", "order")
    assert list(found) == list(expected)
    found = filtered(CountryFilter, "ordering=-practice_count", Country.objects.for_list())
    counts = [country.practice_count for country in found]
    assert counts == sorted(counts, reverse=True)
    tied = [country.name for country in found if country.practice_count == counts[-1]]
    assert len(tied) > 1 and tied == sorted(tied)
    assert found.query.order_by == ("-practice_count", "name")  # whatever the database's scan


def test_an_unknown_ordering_names_those_allowed():
    found = errors(ChallengeFilter, "ordering=region,-text", RegionalChallenge.objects.all())
    assert found["ordering"] == [
        "Unknown ordering “-text”. Allowed: region, title; prefix a name with - to reverse it."
    ]


def test_lists_in_their_own_order_neither_offer_nor_apply_the_apis_ordering(client):
    default = client.get("/regions/")
    response = client.get("/regions/", {"ordering": "-name"})
    assert response.status_code == 200
    assert 'name="ordering"' not in response.content.decode()
    assert list(response.context["page_obj"]) == list(default.context["page_obj"])
    assert client.get("/barriers/", {"ordering": "nothing"}).status_code == 200


def test_practices_and_quotes_sort_as_chosen(client):
    response = client.get("/quotes/", {"ordering": "-barrier", "page": "1"})
    assert response.status_code == 200
    assert '<option value="-barrier" selected>' in response.content.decode()
    assert response.context["page_obj"][0].barrier.number == 17
    reversed_names = client.get("/practices/", {"ordering": "-name"}).context["page_obj"]
    assert reversed_names[0].name.casefold() >= reversed_names[1].name.casefold()
    assert client.get("/practices/", {"ordering": "nothing"}).status_code == 400
