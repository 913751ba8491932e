"""What the API sends besides JSON records: CSV, ETags and 304, CORS headers, the OpenAPI
schema and its self-hosted documentation."""

import codecs
import csv
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from barriers.models import Barrier, Category, Quote
from provenance.models import Source
from regions.models import Region
from tests.test_api import RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


def csv_rows(response):
    """The rows as a spreadsheet reads them: UTF-8 after the byte-order mark."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def as_dicts(rows):
    header, *records = rows
    return [dict(zip(header, record, strict=True)) for record in records]


# CSV


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_has_a_csv_with_a_header_and_a_row_per_record(client, resource):
    as_json = client.get(f"/api/v1/{resource}/", {"page_size": 100}).json()
    response = client.get(f"/api/v1/{resource}/", {"page_size": 100, "format": "csv"})
    header, *rows = csv_rows(response)
    assert response["Content-Disposition"] == f'attachment; filename="{resource}.csv"'
    assert len(rows) == as_json["count"]
    assert [row[header.index("url")] for row in rows] == [
        f"{record['url']}?format=csv" for record in as_json["results"]
    ]


def test_csv_of_practices_joins_several_values(client):
    response = client.get("/api/v1/practices/", {"barrier": "5", "format": "csv"})
    records = {row["slug"]: row for row in as_dicts(csv_rows(response))}
    assert len(records) == 7
    beneluxa = records["beneluxa-initiative"]
    assert beneluxa["countries"] == "AT; BE; IE; LU; NL"
    assert beneluxa["countries_detail.name"].split("; ")[0] == "Austria"
    assert beneluxa["country_label"] == "Belgium, The Netherlands, Luxembourg, Austria, Ireland"
    assert beneluxa["barriers"] == "5"
    assert beneluxa["source"] == "d6-1"


def test_csv_of_regions_flattens_interviews_and_workshop(client):
    response = client.get("/api/v1/regions/", {"format": "csv"})
    records = {row["slug"]: row for row in as_dicts(csv_rows(response))}
    assert records["baden-wurttemberg"]["name"] == "Baden-Württemberg"  # UTF-8
    catalonia = records["catalonia"]
    assert catalonia["interviews.total"] == "15"
    assert catalonia["interviews.healthcare"] == ""  # blank in Tab. 3
    assert catalonia["workshop.participants"] == "35"
    germany = records["baden-wurttemberg"]
    assert germany["engagement"] == "consultations"
    assert germany["workshop.participants"] == germany["workshop.format"] == ""
    assert catalonia["attributions"] == "Spain; Catalonia"


def test_csv_keeps_multi_line_text_intact(client):
    response = client.get("/api/v1/barriers/5/", {"format": "csv"})
    [record] = as_dicts(csv_rows(response))
    assert response["Content-Disposition"] == 'attachment; filename="barriers-5.csv"'
    assert record["summary"] == Barrier.objects.get(number=5).introduction
    assert "\n\n" in record["summary"]


def test_csv_of_an_empty_list_still_has_its_header(client):
    full = csv_rows(client.get("/api/v1/quotes/", {"format": "csv"}))
    empty = csv_rows(client.get("/api/v1/quotes/", {"format": "csv", "search": "zzzqqq"}))
    assert empty == [full[0]]
    assert full[0][:4] == ["url", "key", "site_url", "barrier"]


def test_csv_pages_like_json(client):
    response = client.get("/api/v1/quotes/", {"format": "csv", "page_size": 50, "page": 2})
    assert len(csv_rows(response)) == 1 + Quote.objects.count() - 50
    assert response["Link"].endswith('rel="prev"')


def test_errors_asked_for_as_csv_are_problem_details(client):
    response = client.get("/api/v1/quotes/", {"format": "csv", "barrier": "99"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "barrier" in response.json()["errors"]


# Conditional requests


def test_reads_carry_a_strong_etag_and_the_records_last_modified(client):
    first, second = client.get("/api/v1/barriers/5/"), client.get("/api/v1/barriers/5/")
    assert re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    assert first["ETag"] == second["ETag"]
    assert first["Last-Modified"] == second["Last-Modified"]  # tests/test_history.py


def test_a_matching_etag_answers_304_without_a_body(client):
    etag = client.get("/api/v1/practices/", {"barrier": "5"})["ETag"]
    response = client.get("/api/v1/practices/", {"barrier": "5"}, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    head = client.head("/api/v1/practices/", {"barrier": "5"}, headers={"If-None-Match": etag})
    assert head.status_code == 304


def test_the_etag_changes_with_the_representation(client):
    etag = client.get("/api/v1/regions/crete/")["ETag"]
    assert client.get("/api/v1/regions/crete/", {"format": "csv"})["ETag"] != etag
    Region.objects.filter(slug="crete").update(overview="Changed.")
    response = client.get("/api/v1/regions/crete/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_root_and_the_schema_carry_etags_too(client):
    for path in ("/api/v1/", "/api/schema/"):
        etag = client.get(path)["ETag"]
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_site_pages_carry_etags_too(client):
    etag = client.get("/barriers/5/")["ETag"]
    assert client.get("/barriers/5/", headers={"If-None-Match": etag}).status_code == 304


def test_errors_carry_no_etag(client):
    assert not client.get("/api/v1/barriers/99/").has_header("ETag")


# CORS


def test_any_origin_may_read_the_api(client):
    response = client.get("/api/v1/barriers/", headers={"Origin": "https://tool.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {name.strip() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Link", "Content-Disposition"} <= exposed


def test_preflight_allows_reading_only(client):
    response = client.options(
        "/api/v1/barriers/",
        headers={"Origin": "https://tool.example", "Access-Control-Request-Method": "GET"},
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_site_itself_is_not_shared_across_origins(client):
    response = client.get("/", headers={"Origin": "https://tool.example"})
    assert not response.has_header("Access-Control-Allow-Origin")


# Schema and documentation


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_schema_does_not_change_with_the_data(client, schema):
    # A client generated from the schema must stay valid when an editor adds a record.
    Category.objects.create(
        slug="new-category", name="A new category", order=99, source=Source.objects.first()
    )
    assert client.get("/api/schema/", {"format": "json"}).json() == schema


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "schema.yaml")


def test_schema_describes_every_resource_and_method(schema):
    expected = {f"/api/v1/{resource}/" for resource in RESOURCES}
    assert expected <= set(schema["paths"])
    for resource in RESOURCES:
        assert set(schema["paths"][f"/api/v1/{resource}/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/barriers/{number}/"]) == {"get", "put", "patch", "delete"}


def parameters(schema, path):
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def test_schema_lists_the_filters_with_their_allowed_values(schema):
    practice = parameters(schema, "/api/v1/practices/")
    assert set(practice) == {
        "barrier",
        "category",
        "country",
        "partner",
        "region",
        "level",
        "kind",
        "source",
        "search",
        "ordering",
        "facets",
        "page",
        "page_size",
        "format",
        "modified_since",
    }
    assert practice["modified_since"]["schema"] == {"type": "string", "format": "date-time"}
    # Natural keys: their form and an example, never the keys there are (those change).
    assert practice["barrier"]["schema"]["items"] == {"type": "integer", "minimum": 1, "example": 5}
    for name in ("source", "region", "category", "country"):
        items = practice[name]["schema"]["items"]
        assert "enum" not in items
        assert re.fullmatch(items["pattern"].strip("^$"), items["example"])
    assert practice["region"]["schema"]["items"]["example"] in Region.objects.values_list(
        "slug", flat=True
    )
    assert practice["source"]["schema"]["items"]["example"] in Source.objects.values_list(
        "slug", flat=True
    )
    assert practice["search"]["schema"]["maxLength"] == 200
    assert practice["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    # Enums fixed by the code, shared by every operation: one type in a generated client.
    components = schema["components"]["schemas"]
    assert practice["format"]["schema"] == {"$ref": "#/components/schemas/FormatParameter"}
    assert components["FormatParameter"]["enum"] == ["csv", "json"]
    assert components[practice["partner"]["schema"]["$ref"].split("/")[-1]]["enum"] == [
        "false",
        "true",
    ]
    ordering = parameters(schema, "/api/v1/barriers/")["ordering"]["schema"]["items"]["enum"]
    assert {"number", "-number", "quote_count", "-practice_count"} <= set(ordering)


def test_schema_documents_the_error_answers(schema):
    paths = schema["paths"]
    assert {"200", "400", "429"} <= set(paths["/api/v1/quotes/"]["get"]["responses"])
    assert "404" in paths["/api/v1/quotes/{key}/"]["get"]["responses"]
    assert {"201", "400", "401", "403"} <= set(paths["/api/v1/quotes/"]["post"]["responses"])
    assert "409" in paths["/api/v1/categories/{slug}/"]["delete"]["responses"]


def test_schema_marks_reads_as_open_to_anyone(schema):
    # `security: []`: no credentials. A generator then takes an anonymous client for reads.
    for operations in schema["paths"].values():
        assert operations["get"]["security"] == []
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/barriers/"]["post"]["security"]


def test_schema_knows_a_workshop_may_be_null(schema):
    # OpenAPI 3.1: a nullable object is one of it or null (3.0's `allOf` + `nullable` without
    # a type is rejected by strict validators).
    components = schema["components"]["schemas"]
    null = {"type": "null"}
    assert components["Region"]["properties"]["workshop"]["oneOf"] == [
        {"$ref": "#/components/schemas/Workshop"},
        null,
    ]
    partner = components["Country"]["properties"]["partner_region_detail"]
    assert partner["oneOf"] == [{"$ref": "#/components/schemas/RegionSummary"}, null]
    assert set(schema["components"]["schemas"]["Workshop"]["properties"]) == {
        "participants",
        "format",
        "organizers",
    }


def test_docs_are_served_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    start_up = "/api/docs/?script="  # its own script, a file rather than inline (the CSP)
    assert start_up in assets
    for asset in set(assets) - {start_up}:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert not re.search(r"https?://", html)
    script = client.get(start_up).content.decode()
    assert '"/api/schema/"' in script and not re.search(r"https?://", script)
