"""/api/v1/search/ against the report's data: ranked hits with their links, the counts per
kind, pagination, 400 on bad parameters, hostile text, the schema and the number of queries."""

import pytest

from barriers.models import Quote
from search.documents import opening

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

SEARCH = "/api/v1/search/"
SERVER = "http://testserver"


def read(client, status=200, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == status, response.content[:500]
    media_type = "application/json" if status < 400 else "application/problem+json"
    assert response["Content-Type"] == media_type
    return response.json()


def hit_keys(body):
    return [(hit["kind"], hit["key"]) for hit in body["results"]]


def test_a_search_answers_ranked_hits_with_counts(client):
    body = read(client, q="reimbursement")
    assert list(body) == [
        "count",
        "next",
        "previous",
        "query",
        "corrected_from",
        "counts",
        "results",
    ]
    assert body["count"] == 29 == sum(body["counts"].values())
    assert body["counts"] == {
        "barrier": 2,
        "quote": 9,
        "practice": 3,
        "comment": 0,
        "region": 2,
        "challenge": 12,
        "finding": 1,
    }
    assert body["query"] == "reimbursement" and body["corrected_from"] is None
    barriers = [key for kind, key in hit_keys(body) if kind == "barrier"]
    assert barriers == ["5", "12"]


def test_a_hit_links_to_its_record_in_the_api_and_on_the_site(client):
    body = read(client, q="GDPR", kind="quote", page_size=1)
    hit = body["results"][0]
    assert list(hit) == ["kind", "key", "title", "context", "snippet", "url", "site_url"]
    quote = Quote.objects.select_related("barrier").get(
        barrier__number=int(hit["key"].split("-")[0]), order=int(hit["key"].split("-")[1])
    )
    assert hit["url"] == f"{SERVER}/api/v1/quotes/{hit['key']}/"
    assert hit["site_url"] == f"{SERVER}{quote.get_absolute_url()}"
    assert hit["title"] == opening(quote.text)
    assert "<mark>GDPR</mark>" in hit["snippet"]
    record = client.get(hit["url"]).json()
    assert record["url"] == hit["url"] and record["text"] == quote.text


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("reimbursement", "barrier"),
        ("GDPR", "quote"),
        ("genomic", "practice"),
        ("GDPR", "comment"),
        ("catalonia", "region"),
        ("reimbursement", "challenge"),
    ],
)
def test_every_kind_links_to_a_record_that_answers(client, query, kind):
    for hit in read(client, q=query, kind=kind)["results"]:
        assert client.get(hit["url"]).status_code == 200, hit["url"]
        path = hit["site_url"].removeprefix(SERVER).split("#")[0]
        assert client.get(path).status_code == 200, path


def test_kinds_choose_the_hits_and_keep_the_counts(client):
    body = read(client, q="GDPR", kind="quote,comment")
    assert {kind for kind, _ in hit_keys(body)} == {"quote", "comment"}
    assert body["count"] == 8
    assert body["counts"]["barrier"] == 2
    expected = {
        f"{quote.barrier.number}-{quote.order}"
        for quote in Quote.objects.filter(text__icontains="GDPR").select_related("barrier")
    }
    assert {key for kind, key in hit_keys(body) if kind == "quote"} == expected


def test_region_and_category_narrow_the_search(client):
    body = read(client, q="data", region="crete", kind="challenge", page_size=100)
    assert body["count"] > 0
    assert all(key.startswith("crete-") for _, key in hit_keys(body))
    body = read(client, q="data", category="financial-barriers", kind="barrier")
    assert {key for _, key in hit_keys(body)} <= {"5", "6", "7"}


def test_pages_cover_the_hits_once(client):
    first = read(client, q="data", page_size=50)
    second = client.get(first["next"]).json()
    assert second["next"] is None
    everything = hit_keys(first) + hit_keys(second)
    assert len(everything) == len(set(everything)) == first["count"]


def test_a_misspelling_is_corrected_and_said_so(client):
    body = read(client, q="reimbursemnt", kind="barrier")
    assert body["query"] == "reimbursement" and body["corrected_from"] == "reimbursemnt"
    assert hit_keys(body)[0] == ("barrier", "5")


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({}, "q", "Give the words to search for."),
        ({"q": "  "}, "q", "Give the words to search for."),
        ({"q": "x" * 201}, "q", "at most 200 characters"),
        ({"q": "a\x00b"}, "q", "Null characters are not allowed."),
        ({"q": "%%"}, "q", "has no word to search for"),
        ({"q": "data", "kind": "poem"}, "kind", "Unknown kind “poem”. Allowed: barrier, quote"),
        ({"q": "data", "region": "atlantis"}, "region", "Unknown region “atlantis”."),
        ({"q": "data", "page": "99"}, "page", "Page 99 does not exist"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, params, parameter, message):
    errors = read(client, status=400, **params)["errors"]
    assert list(errors) == [parameter]
    assert message in errors[parameter][0]


@pytest.mark.parametrize(
    "text",
    [
        "' OR 1=1 --",
        '"gdpr',
        "100%",
        "gdpr*",
        "NEAR(gdpr)",
        "title:gdpr",
        "-gdpr",
        "<script>",
        "x" * 200,
        "健康",
    ],
)
def test_hostile_text_is_searched_as_words(client, text):
    body = read(client, q=text)
    assert body["count"] == len(body["results"]) or body["next"]


def test_a_search_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the counts, the page
        read(client, q="data", page=2, page_size=10)
    with django_assert_num_queries(3):  # + the region values
        read(client, q="data", region="crete,flanders")


def test_the_schema_documents_the_search(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["q"]["required"] is True
    assert parameters["q"]["schema"]["maxLength"] == 200
    assert set(parameters["kind"]["schema"]["items"]["enum"]) == {
        "barrier",
        "quote",
        "practice",
        "comment",
        "region",
        "challenge",
        "finding",
    }
    assert {"category", "region", "page", "page_size"} <= set(parameters)
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]
    assert {"count", "query", "corrected_from", "counts", "results"} <= set(properties)
    assert "400" in operation["responses"]


def test_the_search_page_links_to_the_same_results_in_the_api(client):
    html = client.get("/search/", {"q": "GDPR", "kind": "quote", "page": 1}).content.decode()
    assert '<a href="/api/v1/search/?q=GDPR&amp;kind=quote">These results in the API' in html
    assert client.get("/api/v1/search/?q=GDPR&kind=quote").status_code == 200
