"""The read API against the report's data: every resource and documented field, the shared
filters, ordering, pagination, error bodies and the number of queries per request."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from barriers.models import Barrier, Category, PolicyComment, Quote
from practices.filters import PracticeFilter
from practices.models import GoodPractice, PracticeListing
from provenance.models import Provenance, Source
from regions.models import Country, NationalFinding, Region, RegionalChallenge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

API = "http://testserver/api/v1/"
RESOURCES = [
    "categories",
    "barriers",
    "practices",
    "regions",
    "countries",
    "quotes",
    "challenges",
    "comments",
    "findings",
    "sources",
]


def read(client, path, status=200, **params):
    response = client.get(f"/api/v1/{path}", params)
    assert response.status_code == status, response.content[:500]
    media_type = "application/json" if status < 400 else "application/problem+json"
    assert response["Content-Type"] == media_type
    return response.json()


def results(client, path, **params):
    """Every record of a list, all on one page."""
    page = read(client, path, page_size=100, **params)
    assert page["next"] is None
    return page["results"]


def keys(records, key):
    return [record[key] for record in records]


# The root and the shape every record shares


def test_root_links_every_resource(client):
    links = {name: f"{API}{name}/" for name in RESOURCES}
    assert read(client, "").items() >= links.items()  # tests/test_api_root.py: the rest


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_record_is_found_at_its_url(client, resource):
    records = results(client, f"{resource}/")
    assert records
    for record in records:
        assert record["url"].startswith(f"{API}{resource}/")
        # A list entry is the record itself, but for what only the record holds (barriers).
        listed = {name: value for name, value in record.items() if name not in LIST_ONLY}
        detail = client.get(record["url"]).json()
        assert {name: detail[name] for name in record if name in listed} == listed
        assert set(detail) - set(record) == set(DETAIL_ONLY.get(resource, "").split())


FIELDS = {  # the contract: partner tools rely on these names
    "categories": "url site_url slug name variants order barriers barriers_detail barriers_url "
    "practices_url quotes_url",
    "barriers": "url site_url number slug title variants category category_detail summary sections "
    "quotes_url quote_count regions regions_detail region_count practices practices_detail "
    "practice_count linked_practices comments",
    "practices": "url site_url slug name description country_label countries countries_detail "
    "locality link barriers barriers_detail key_players impact transferability references "
    "responsible_body objectives part_of parts barrier_links transfer_profile",
    "regions": "url site_url slug name country country_detail order attributions "
    "factsheet_label variants overview interviews engagement workshop engagement_note challenges "
    "challenge_count quote_count barriers_raised_count barriers_raised quotes_url barriers_url "
    "practices_url",
    "countries": "url site_url code name partner_region partner_region_detail practice_count "
    "practices_url",
    "quotes": "url key site_url barrier barrier_detail category category_detail order region "
    "region_detail text attribution",
    "challenges": "url key site_url region region_detail order title text",
    "comments": "url key site_url barrier barrier_detail order text references",
    "findings": "url key site_url country country_detail area kind heading order text barriers "
    "barrier_mappings",
    "sources": "url slug title title_note short_title publisher published identifier language "
    "description order",
}


# What a list entry leaves to the record's own answer (it grows with the data), and what it
# gives instead: the barrier's filtered list of practices.
PROVENANCE = ["source", "source_detail", "section", "note"]
TIMES = ["created", "modified"]  # every record's (bases.history.Tracked), last
DETAIL_ONLY = {"barriers": "regions regions_detail practices practices_detail linked_practices"}
LIST_ONLY = {"practices_url"}
LIST_FIELDS = {
    "barriers": "url site_url number slug title variants category category_detail summary "
    "sections quotes_url quote_count region_count practices_url practice_count comments",
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_records_have_exactly_the_documented_fields(client, resource):
    provenance = [] if resource in {"countries", "sources"} else PROVENANCE
    provenance = provenance + TIMES
    listed = LIST_FIELDS.get(resource, FIELDS[resource]).split() + provenance
    records = results(client, f"{resource}/")
    for record in records:
        assert list(record) == listed
    assert list(client.get(records[0]["url"]).json()) == FIELDS[resource].split() + provenance


def test_a_record_says_when_it_was_created_and_last_modified(client):
    quote = Quote.objects.get(barrier__number=5, order=3)
    record = client.get("/api/v1/quotes/5-3/")
    assert parse_datetime(record.json()["created"]) == quote.created
    assert parse_datetime(record.json()["modified"]) == quote.modified
    assert record["Last-Modified"] == http_date(quote.modified.timestamp())


@pytest.mark.parametrize(
    "resource, model",
    [
        ("categories", Category),
        ("barriers", Barrier),
        ("practices", GoodPractice),
        ("regions", Region),
        ("quotes", Quote),
        ("challenges", RegionalChallenge),
        ("comments", PolicyComment),
        ("findings", NationalFinding),
    ],
)
def test_every_transcribed_record_shows_its_provenance(client, resource, model):
    assert issubclass(model, Provenance)
    records = results(client, f"{resource}/")
    stored = {(obj.section, obj.note) for obj in model.objects.all()}
    assert {(record["section"], record["note"]) for record in records} == stored
    sources = {obj.source.slug: obj.source for obj in model.objects.select_related("source")}
    for record in records:
        source = sources[record["source"]]
        assert record["source_detail"] == {
            "slug": source.slug,
            "short_title": source.short_title,
            "url": f"{API}sources/{source.slug}/",
        }
    assert any(record["note"] for record in records) == model.objects.exclude(note="").exists()


@pytest.mark.parametrize(
    "path, page",
    [
        ("categories/financial-barriers/", "/categories/financial-barriers/"),
        ("barriers/5/", "/barriers/5/"),
        ("practices/findata/", "/practices/findata/"),
        ("regions/crete/", "/regions/crete/"),
        ("quotes/5-1/", "/quotes/5-1/"),
        ("challenges/crete-2/", "/challenges/crete-2/"),
        ("comments/7-1/", "/comments/7-1/"),
        ("findings/es-cancer-factsheet-3/", "/findings/es-cancer-factsheet-3/"),
        ("countries/SE/", "/practices/?country=SE"),
    ],
)
def test_records_link_to_their_page_on_the_site(client, path, page):
    assert read(client, path)["site_url"] == f"http://testserver{page}"


# Barriers and categories


def test_barrier_by_number_has_the_documented_fields(client):
    barrier = Barrier.objects.get(number=5)
    record = read(client, "barriers/5/")
    assert record["number"] == 5
    assert record["title"] == "Reimbursement Misalignment"
    assert record["slug"] == "reimbursement-misalignment"
    assert record["category"] == "financial-barriers"
    assert record["category_detail"] == {
        "slug": "financial-barriers",
        "name": "Financial barriers",
        "url": f"{API}categories/financial-barriers/",
    }
    assert record["summary"] == barrier.introduction
    assert record["summary"].startswith("Personalised medicine promises more targeted")
    assert record["sections"] == [
        {"heading": section.heading, "text": section.text} for section in barrier.sections.all()
    ]
    assert record["sections"][0]["heading"] == (
        "Reimbursement mismatch limits access to personalised medicine"
    )


def test_barrier_practices_are_its_table_in_printed_order(client):
    record = read(client, "barriers/5/")
    assert record["practices"] == [
        "national-framework-for-biomarker-reimbursement",
        "horizon-scanning-program",
        "pay-for-performance-model",
        "mhealth",
        "national-procurement-and-tendering",
        "beneluxa-initiative",
        "risk-sharing-models-rsa-for-innovative-medicines",
    ]
    assert record["practice_count"] == 7
    assert keys(record["practices_detail"], "slug") == record["practices"]
    assert record["practices_detail"][0] == {
        "slug": "national-framework-for-biomarker-reimbursement",
        "name": GoodPractice.objects.get(
            slug="national-framework-for-biomarker-reimbursement"
        ).name,
        "url": f"{API}practices/national-framework-for-biomarker-reimbursement/",
    }


def test_barrier_keeps_its_printed_table_apart_from_editorial_links(client):
    record = read(client, "barriers/15/")
    printed = [
        listing.practice.slug
        for listing in PracticeListing.objects.filter(barrier__number=15, order__isnull=False)
        .select_related("practice")
        .order_by("order")
    ]
    assert len(printed) == 8
    assert record["practices"] == printed
    assert record["practice_count"] == 8
    link = PracticeListing.objects.get(barrier__number=15, order__isnull=True)
    assert record["linked_practices"] == [
        {
            "slug": link.practice.slug,
            "name": link.practice.name,
            "url": f"{API}practices/{link.practice.slug}/",
            "rationale": link.rationale,
        }
    ]
    assert link.practice.slug not in record["practices"]


def test_barrier_quotes_url_lists_its_quotes(client):
    record = read(client, "barriers/3/")
    assert record["quotes_url"] == f"{API}quotes/?barrier=3"
    quotes = client.get(record["quotes_url"]).json()
    assert (
        quotes["count"] == record["quote_count"] == Quote.objects.filter(barrier__number=3).count()
    )
    assert keys(quotes["results"], "region") == [
        "sofia",
        "crete",
        "baden-wurttemberg",
        "vastra-gotaland",
        "flanders",
    ]


def test_barrier_regions_are_those_quoted_on_it_in_table_order(client):
    record = read(client, "barriers/3/")
    assert record["regions"] == [
        "flanders",
        "sofia",
        "baden-wurttemberg",
        "crete",
        "vastra-gotaland",
    ]
    assert record["region_count"] == 5
    assert keys(record["regions_detail"], "slug") == record["regions"]


def test_barrier_embeds_its_policy_comments(client):
    comment = PolicyComment.objects.get(barrier__number=7)
    assert read(client, "barriers/7/")["comments"] == [
        {
            "key": "7-1",
            "url": f"{API}comments/7-1/",
            "text": comment.text,
            "references": [
                {"footnote": ref.footnote, "text": ref.text, "url": ref.url}
                for ref in comment.references.all()
            ],
        }
    ]
    assert read(client, "barriers/5/")["comments"] == []


def test_barriers_are_the_seventeen_in_number_order(client):
    assert keys(results(client, "barriers/"), "number") == list(range(1, 18))


def test_category_lists_its_barriers(client):
    record = read(client, "categories/financial-barriers/")
    numbers = list(
        Barrier.objects.filter(category__slug="financial-barriers").values_list("number", flat=True)
    )
    assert record["name"] == "Financial barriers"
    assert record["barriers"] == numbers
    assert keys(record["barriers_detail"], "number") == numbers
    assert record["barriers_detail"][0]["url"] == f"{API}barriers/{numbers[0]}/"
    assert record["barriers_url"] == f"{API}barriers/?category=financial-barriers"
    assert record["practices_url"] == f"{API}practices/?category=financial-barriers"


# Quotes and comments


def test_quote_has_the_documented_fields(client):
    quote = Quote.objects.get(barrier__number=3, order=2)
    record = read(client, "quotes/3-2/")
    assert record["key"] == "3-2"
    assert record["url"] == f"{API}quotes/3-2/"
    assert record["text"] == quote.text
    assert record["attribution"] == "Crete"
    assert record["region"] == "crete"
    assert record["region_detail"] == {
        "slug": "crete",
        "name": "Crete",
        "url": f"{API}regions/crete/",
    }
    assert record["barrier"] == 3
    assert record["barrier_detail"]["url"] == f"{API}barriers/3/"
    assert record["order"] == 2


def test_quotes_keep_the_attribution_as_printed(client):
    records = results(client, "quotes/", region="crete")
    assert {record["attribution"] for record in records} == set(
        Quote.objects.filter(region__slug="crete").values_list("attribution", flat=True)
    )


def test_comment_has_its_text_and_references(client):
    record = read(client, "comments/1-1/")
    assert record["barrier"] == 1
    assert record["text"].startswith("The European Health Data Space (EHDS)")
    assert record["references"][0]["footnote"] == 3
    assert keys(results(client, "comments/"), "key") == ["1-1", "7-1"]


# Practices


def test_practice_has_the_documented_fields(client):
    record = read(client, "practices/beneluxa-initiative/")
    assert record["slug"] == "beneluxa-initiative"
    assert record["name"] == GoodPractice.objects.get(slug="beneluxa-initiative").name
    assert record["country_label"] == "Belgium, The Netherlands, Luxembourg, Austria, Ireland"
    assert record["countries"] == ["AT", "BE", "IE", "LU", "NL"]
    assert record["barriers"] == [5]
    assert record["barriers_detail"] == [
        {"number": 5, "title": "Reimbursement Misalignment", "url": f"{API}barriers/5/"}
    ]
    assert {"description", "link", "locality", "references"} <= set(record)


def test_practice_in_two_tables_names_both_barriers(client):
    assert read(client, "practices/federated-health-innovation-network/")["barriers"] == [1, 16]


def test_eu_level_practices_have_the_country_eu(client):
    record = read(client, "practices/joint-clinical-assessment/")
    assert record["countries"] == ["EU"]
    assert record["countries_detail"][0]["url"] == f"{API}countries/EU/"


def test_practice_link_and_references_are_those_printed(client):
    record = read(client, "practices/findata/")
    assert record["link"] == "https://findata.fi/en/"
    assert record["references"] == [{"footnote": 9, "text": "", "url": "https://findata.fi/en/"}]
    assert record["key_players"] == record["impact"] == record["transferability"] == ""


# Regions, countries, challenges


def test_region_interviews_and_workshop(client):
    record = read(client, "regions/catalonia/")
    assert record["country"] == "ES"
    assert record["interviews"] == {
        "total": 15,
        "industry": 6,
        "healthcare": None,  # blank in Tab. 3
        "research": 4,
        "public": 5,
    }
    assert record["engagement"] == "workshop"
    assert record["workshop"] == {
        "participants": 35,
        "format": "online",
        "organizers": "ACCIO, Departament de Salut, support by BIOCAT",
    }


def test_germany_held_consultations_not_a_workshop(client):
    record = read(client, "regions/baden-wurttemberg/")
    assert record["workshop"] is None
    assert record["engagement"] == "consultations"
    assert record["engagement_note"] == Region.objects.get(slug="baden-wurttemberg").engagement_note
    assert record["engagement_note"].startswith("All regions/countries held a workshop, except")


def test_region_embeds_its_challenges_in_printed_order(client):
    record = read(client, "regions/crete/")
    challenges = RegionalChallenge.objects.filter(region__slug="crete")
    assert record["challenge_count"] == len(record["challenges"]) == 14
    assert record["challenges"] == [
        {
            "key": f"crete-{challenge.order}",
            "url": f"{API}challenges/crete-{challenge.order}/",
            "order": challenge.order,
            "title": challenge.title,
            "text": challenge.text,
        }
        for challenge in challenges
    ]
    assert record["quotes_url"] == f"{API}quotes/?region=crete"
    assert record["barriers_url"] == f"{API}barriers/?region=crete"
    assert record["practices_url"] == f"{API}practices/?region=crete"


def test_regions_are_the_ten_partners_in_table_order(client):
    assert keys(results(client, "regions/"), "slug") == list(
        Region.objects.values_list("slug", flat=True)
    )


def test_challenge_by_key(client):
    record = read(client, "challenges/baden-wurttemberg-10/")
    assert record["region"] == "baden-wurttemberg"
    assert record["title"] == "Fragmented Use of Research and Secondary Health Data"
    assert record["text"].endswith("data..")  # printed so


def test_country_by_code_in_any_case(client):
    record = read(client, "countries/se/")
    assert record["url"] == f"{API}countries/SE/"
    assert record["code"] == "SE"
    assert record["partner_region"] == "vastra-gotaland"
    assert record["practice_count"] == Country.objects.get(code="SE").practices.count()
    assert read(client, "countries/US/")["partner_region"] is None


def test_source(client):
    record = read(client, "sources/d6-1/")
    assert record["title"] == Source.objects.get(slug="d6-1").title
    assert record["identifier"].endswith("deliverable D6.1")


# Filters, checked against the report's data


def slugs_of(practices):
    return sorted(practice.slug for practice in practices)


def test_practices_of_barrier_5_are_the_seven_of_its_table(client):
    listed = PracticeListing.objects.filter(barrier__number=5).select_related("practice")
    records = results(client, "practices/", barrier="5")
    assert len(records) == 7
    assert sorted(keys(records, "slug")) == slugs_of(listing.practice for listing in listed)


@pytest.mark.parametrize("query", [{"barrier": "5,6"}, {"barrier": ["5", "6"]}])
def test_practices_of_several_barriers(client, query):
    listed = PracticeListing.objects.filter(barrier__number__in=[5, 6]).select_related("practice")
    records = results(client, "practices/", **query)
    assert sorted(keys(records, "slug")) == sorted({listing.practice.slug for listing in listed})


def test_practices_combining_barrier_category_country_and_partner(client):
    records = results(
        client,
        "practices/",
        barrier="5,13",
        category="financial-barriers,healthcare-readiness",
        country="BE,SE",
        partner="true",
    )
    expected = (
        GoodPractice.objects.filter(listings__barrier__number__in=[5, 13])
        .filter(
            listings__barrier__category__slug__in=["financial-barriers", "healthcare-readiness"]
        )
        .filter(countries__code__in=["BE", "SE"])
        .distinct()
    )
    assert records
    assert sorted(keys(records, "slug")) == slugs_of(expected)


def test_practices_from_partner_countries_or_from_elsewhere(client):
    partner = keys(results(client, "practices/", partner="true"), "slug")
    elsewhere = results(client, "practices/", partner="false")
    assert "joint-clinical-assessment" in keys(elsewhere, "slug")
    assert sorted(partner + keys(elsewhere, "slug")) == sorted(
        GoodPractice.objects.values_list("slug", flat=True)
    )
    for record in elsewhere:
        codes = record["countries"]
        assert not Country.objects.filter(code__in=codes, partner_region__isnull=False).exists()


def test_quotes_of_a_region_on_a_barrier(client):
    records = results(client, "quotes/", region="crete", barrier="3")
    assert keys(records, "key") == ["3-2"]
    assert (
        len(results(client, "quotes/", region="crete"))
        == Quote.objects.filter(region__slug="crete").count()
    )


def test_barriers_of_a_category_raised_by_a_region(client):
    records = results(client, "barriers/", category="financial-barriers", region="crete")
    expected = (
        Barrier.objects.filter(category__slug="financial-barriers", quotes__region__slug="crete")
        .distinct()
        .values_list("number", flat=True)
    )
    assert records
    assert keys(records, "number") == list(expected)


def test_other_filters(client):
    assert len(results(client, "challenges/", region="crete")) == 14
    assert len(results(client, "countries/", partner="true")) == 10
    assert keys(results(client, "regions/", country="se"), "slug") == ["vastra-gotaland"]
    assert keys(results(client, "comments/", barrier="7"), "key") == ["7-1"]
    assert keys(results(client, "categories/", search="financial"), "slug") == [
        "financial-barriers"
    ]


def test_search_is_the_shared_filters_search(client):
    query = "genomic data"
    records = results(client, "practices/", search=query)
    found = PracticeFilter(QueryDict(urlencode({"search": query})), queryset=GoodPractice.objects)
    assert records
    assert sorted(keys(records, "slug")) == sorted(practice.slug for practice in found.qs)
    assert "genomic-medicine-sweden" in keys(records, "slug")


# Ordering and pagination


def test_ordering_by_a_count_descending(client):
    counts = keys(results(client, "barriers/", ordering="-quote_count"), "quote_count")
    assert counts == sorted(counts, reverse=True)


def test_ordering_by_several_keys_keeps_the_natural_order_for_ties(client):
    records = results(client, "quotes/", ordering="region,-barrier")
    expected = Quote.objects.order_by("region__order", "-barrier__number", "-order")
    assert keys(records, "key") == [f"{q.barrier.number}-{q.order}" for q in expected]


def test_pages_cover_the_list_once(client):
    first = read(client, "quotes/", page_size=50)
    second = client.get(first["next"]).json()
    assert first["count"] == Quote.objects.count() == 92
    assert second["next"] is None
    assert second["previous"] == f"{API}quotes/?page_size=50"
    everything = keys(first["results"] + second["results"], "key")
    assert everything == keys(results(client, "quotes/"), "key")


def test_default_page_size_and_link_header(client):
    response = client.get("/api/v1/quotes/", {"page": 2, "page_size": 10})
    assert len(response.json()["results"]) == 10
    assert response["Link"] == (
        f'<{API}quotes/?page=3&page_size=10>; rel="next", <{API}quotes/?page_size=10>; rel="prev"'
    )
    assert len(read(client, "quotes/")["results"]) == 50


# Errors


@pytest.mark.parametrize(
    "path, params, parameter, message",
    [
        ("practices/", {"barrier": "99"}, "barrier", "Unknown barrier number “99”. Allowed: 1, 2,"),
        ("practices/", {"barrier": "5,x"}, "barrier", "Unknown barrier number “x”"),
        ("practices/", {"country": "XX"}, "country", "Unknown country code “XX”. Allowed: AT,"),
        ("practices/", {"partner": "yes"}, "partner", "Allowed: true, false."),
        ("quotes/", {"region": "atlantis"}, "region", "Unknown region “atlantis”. Allowed: "),
        ("barriers/", {"category": "nope"}, "category", "Unknown category “nope”. Allowed: "),
        ("quotes/", {"search": "x" * 201}, "search", "at most 200 characters"),
        ("quotes/", {"page": "0"}, "page", "a whole number from 1"),
        ("quotes/", {"page": "two"}, "page", "a whole number from 1"),
        ("quotes/", {"page": "3"}, "page", "Page 3 does not exist: pages run from 1 to 2."),
        ("quotes/", {"page_size": "101"}, "page_size", "a whole number from 1 to 100"),
        ("quotes/", {"page_size": "-1"}, "page_size", "a whole number from 1 to 100"),
        ("quotes/", {"ordering": "text"}, "ordering", "Allowed: barrier, region, attribution"),
        ("quotes/", {"format": "xml"}, "format", "Unknown format “xml”. Allowed: json, api, csv."),
        ("practices/", {"barrier": "9" * 23}, "barrier", "Unknown barrier number “999"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, path, params, parameter, message):
    body = read(client, path, status=400, **params)
    assert body["status"] == 400 and body["code"] == "invalid"
    assert list(body["errors"]) == [parameter]
    assert message in body["errors"][parameter][0]
    assert message in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "barriers/18/",
        "barriers/0/",
        "barriers/99999999999999999999999/",
        "barriers/reimbursement-misalignment/",
        "practices/no-such-practice/",
        "quotes/5-99/",
        "quotes/5/",
        "challenges/atlantis-1/",
        "countries/XX/",
        "countries/SWE/",
        "nothing/",
        "quotes/5%0A-1/",
    ],
)
def test_unknown_records_answer_404_in_json(client, path):
    body = read(client, path, status=404)
    assert (body["status"], body["title"], body["code"]) == (404, "Not Found", "not_found")
    assert body["detail"]


def test_paths_outside_the_api_version_answer_404_in_json(client):
    response = client.get("/api/v2/barriers/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No resource at /api/v2/barriers/.")


# Queries per request: fixed, whatever the page size


QUERIES = {  # resource: (list, detail path, detail)
    "categories": (3, "financial-barriers", 2),
    "barriers": (5, "7", 7),  # barrier 7 has a comment, whose references are one more
    # + a measure's actions, and the profile's kinds, actors and preconditions
    "practices": (9, "beneluxa-initiative", 8),
    "regions": (4, "crete", 3),  # + the barriers each region raised
    "countries": (2, "SE", 1),
    "quotes": (2, "5-1", 1),
    "challenges": (2, "crete-2", 1),
    "comments": (3, "7-1", 2),
    "findings": (4, "es-cancer-factsheet-3", 3),  # + the area filter's choices
    "sources": (2, "d6-1", 1),
}


# A list's Last-Modified: the latest time of its records, and of the model's deletions.
LAST_MODIFIED_QUERIES = 2


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("resource", RESOURCES)
def test_queries_per_request_are_fixed(client, resource):
    on_list, key, on_detail = QUERIES[resource]
    path = f"/api/v1/{resource}/"
    assert queries_for(client, path, page_size=1) == queries_for(client, path, page_size=100)
    assert queries_for(client, path, page_size=100) == on_list + LAST_MODIFIED_QUERIES
    assert queries_for(client, f"{path}{key}/") == on_detail


def test_each_filter_adds_one_query_whatever_it_matches(client):
    path = "/api/v1/practices/"
    plain = queries_for(client, path)
    # One query to check the chosen barrier numbers; the matching itself is a subquery.
    assert queries_for(client, path, barrier="5") == plain + 1
    assert queries_for(client, path, barrier="1,2,3,4,5,6,7,8") == plain + 1


@pytest.mark.parametrize(
    "resource, model, key",
    [
        ("categories", Category, "slug"),
        ("barriers", Barrier, "number"),
        ("practices", GoodPractice, "slug"),
        ("regions", Region, "slug"),
    ],
)
def test_every_record_of_a_list_links_to_its_own_page(client, resource, model, key):
    # Each record's site_url is its get_absolute_url(), made absolute.
    records = client.get(f"{API}{resource}/", {"page_size": 100}).json()["results"]
    assert {record[key]: record["site_url"] for record in records} == {
        getattr(record, key): f"http://testserver{record.get_absolute_url()}"
        for record in model.objects.all()
    }
