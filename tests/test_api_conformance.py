"""Every answer of every list and detail endpoint, on the real data, against the OpenAPI
schema, as a strict validator reads it (openapi-core): every page of every list, every
record of each, the evidence map, each region's recommended practices, a search, and the
errors. Where schemathesis (tests/test_api_schemathesis.py) samples generated requests,
this walks the whole knowledge base once.
"""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from tests.test_api import RESOURCES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def openapi():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    # Problem details are JSON under their own media type (RFC 9457).
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_dict(json.loads(OpenApiJsonRenderer().render(schema)), config=config)


@pytest.fixture
def get(client, unthrottled, openapi):
    """GET a URL, validate the answer against the schema and return it."""

    def get(url, status=200, **headers):
        response = client.get(url, **headers)
        assert response.status_code == status, response.content[:500]
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
        return response

    return get


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_page_and_record_of_a_list_matches_the_schema(get, resource):
    url, records = f"/api/v1/{resource}/?page_size=100", 0
    while url:
        page = get(url).json()
        for record in page["results"]:
            get(record["url"])
        records += len(page["results"])
        url = page["next"]
    assert records == page["count"] > 0


def test_the_evidence_map_and_recommendations_match_the_schema(get):
    evidence = get("/api/v1/evidence-map/").json()
    for region in evidence["regions"]:
        get(f"/api/v1/regions/{region['slug']}/recommended-practices/")
    get("/api/v1/regions/crete/recommended-practices/?barrier=2,4")


def test_a_search_matches_the_schema(get):
    assert get("/api/v1/search/?q=data").json()["count"] > 0


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/barriers/18/", 404),
        ("/api/v1/barriers/?limit=5", 400),
        ("/api/v1/practices/?barrier=99", 400),
        ("/api/v1/quotes/?page=99", 400),
        ("/api/v1/regions/atlantis/recommended-practices/", 404),
        ("/api/v1/evidence-map/?category=nope", 400),
    ],
)
def test_errors_are_problem_details_as_the_schema_says(get, url, status):
    body = get(url, status).json()
    assert body["type"] == "about:blank" and body["status"] == status
    assert body["title"] and body["detail"] and body["code"]
    assert ("errors" in body) == (status == 400)


def test_problem_details_are_given_to_a_client_that_asks_for_them(get):
    accept = {"HTTP_ACCEPT": "application/problem+json"}
    response = get("/api/v1/barriers/18/", 404, **accept)
    assert response["Content-Type"] == "application/problem+json"
    # Answers that are not errors come as JSON rather than a 406.
    assert get("/api/v1/barriers/5/", **accept)["Content-Type"] == "application/json"


def test_a_method_an_endpoint_does_not_have_is_a_405_problem(client):
    response = client.delete("/api/v1/barriers/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "method_not_allowed"
    assert "DELETE" not in response["Allow"] and "GET" in response["Allow"]


def test_an_unknown_parameter_is_named_with_those_accepted(client):
    response = client.get("/api/v1/barriers/", {"limit": "5", "region": "crete"})
    assert response.status_code == 400
    (message,) = response.json()["errors"]["limit"]
    assert message == (
        "Unknown parameter “limit”. This endpoint accepts: category, format, has_practices, "
        "modified_since, ordering, page, page_size, region, search, source."
    )


def test_parameters_declared_with_extend_schema_are_accepted(client):
    # The evidence map declares `category` with @extend_schema; no FilterSet backs it.
    response = client.get("/api/v1/evidence-map/", {"category": "financial-barriers"})
    assert response.status_code == 200
    response = client.get("/api/v1/evidence-map/", {"region": "crete"})
    assert list(response.json()["errors"]) == ["region"]
