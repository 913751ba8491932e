"""The whole knowledge base as open data (preciseu_kb.downloads, .exports, .linked_data): the
data package validated by frictionless as `frictionless validate` does, the SQLite file read
by sqlite3, the JSON read back, each counted against the database; the files rebuilt when the
data version changes and never half-written; the taxonomy and the catalogue parsed by rdflib;
the licence where a partner looks for it."""

import gzip
import io
import json
import re
import sqlite3
import threading
import time
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from frictionless import Package, validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS

from barriers.models import Barrier, Category, Quote
from bases.licence import EDITORIAL_LICENCE, SOURCE_TERMS
from preciseu_kb import caching, downloads, exports

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled", "fresh_folder")]

SITE = "http://testserver"


@pytest.fixture
def fresh_folder(settings, tmp_path):
    settings.DOWNLOADS_DIR = tmp_path / "downloads"


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, key):
    response = client.get(f"/downloads/{downloads.FORMATS[key].filename}")
    assert response.status_code == 200
    assert response["Content-Type"] == downloads.FORMATS[key].media_type
    assert "attachment" in response["Content-Disposition"]
    return body_of(response)


def database_counts():
    """{model: rows} for every model of the knowledge-base apps, many-to-many links included."""
    return {
        model: model._base_manager.count()
        for label in exports.APP_ORDER
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def table_counts():
    return {table.name: database_counts()[table.model] for table in exports.tables()}


# -- The data package ---------------------------------------------------------------------


def test_the_data_package_is_valid_under_frictionless(client, tmp_path):
    with zipfile.ZipFile(io.BytesIO(download(client, "datapackage"))) as package:
        package.extractall(tmp_path / "package")
    descriptor = tmp_path / "package" / "datapackage.json"
    report = validate(str(descriptor))  # as `frictionless validate datapackage.json` does
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    read = Package(str(descriptor))
    assert {resource.name: len(resource.read_rows()) for resource in read.resources} == (
        table_counts()
    )


def test_the_package_declares_keys_and_licence(client):
    with zipfile.ZipFile(io.BytesIO(download(client, "datapackage"))) as package:
        descriptor = json.loads(package.read("datapackage.json"))
    assert descriptor["licenses"] == [EDITORIAL_LICENCE]
    assert "no licence" in descriptor["rights"]["sources"]
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    quotes = resources["quotes"]["schema"]
    assert quotes["primaryKey"] == ["id"]
    assert {"fields": ["barrier_id"], "reference": {"resource": "barriers", "fields": ["id"]}} in (
        quotes["foreignKeys"]
    )
    practices = resources["good_practices"]["schema"]
    assert {"fields": ["part_of_id"], "reference": {"resource": "", "fields": ["id"]}} in (
        practices["foreignKeys"]
    )
    level = next(field for field in practices["fields"] if field["name"] == "level")
    assert "not-stated" in level["constraints"]["enum"]


def test_the_csv_is_utf8_and_formula_safe(client):
    quote = Quote.objects.first()
    quote.text = '=HYPERLINK("http://example.com") – Västra Götaland'
    quote.save()
    with zipfile.ZipFile(io.BytesIO(download(client, "datapackage"))) as package:
        text = package.read("data/quotes.csv")
    assert not text.startswith(b"\xef\xbb\xbf")  # the Data Package spec reads UTF-8, no BOM
    assert '\'=HYPERLINK(""http://example.com"") – Västra Götaland' in text.decode("utf-8")


# -- SQLite and JSON ------------------------------------------------------------------------


def test_the_sqlite_file_has_every_row_and_sound_foreign_keys(client, tmp_path):
    path = tmp_path / "kb.sqlite"
    path.write_bytes(download(client, "sqlite"))
    database = sqlite3.connect(path)
    tables = {
        row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert tables == {*table_counts(), "_about"}
    for name, count in table_counts().items():
        assert database.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == count, name
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = database.execute('PRAGMA foreign_key_list("quotes")').fetchall()
    assert {(row[2], row[3]) for row in keys} >= {
        ("barriers", "barrier_id"),
        ("regions", "region_id"),
    }
    about = dict(database.execute("SELECT key, value FROM _about"))
    assert json.loads(about["licence"]) == EDITORIAL_LICENCE
    # The texts as stored, not formula-safe copies
    first = Quote.objects.order_by("pk").first()
    assert (
        database.execute("SELECT text FROM quotes ORDER BY id LIMIT 1").fetchone()[0] == first.text
    )


def test_the_json_has_every_row(client):
    document = json.loads(download(client, "json"))
    assert {name: len(rows) for name, rows in document["tables"].items()} == table_counts()
    barrier = Barrier.objects.get(number=5)
    row = next(row for row in document["tables"]["barriers"] if row["id"] == barrier.pk)
    assert row["title"] == barrier.title and row["variants"] == barrier.variants
    assert document["licenses"] == [EDITORIAL_LICENCE]


def test_only_the_knowledge_base_is_exported():
    exported = {table.model._meta.app_label for table in exports.tables()}
    assert exported == {"provenance", "regions", "barriers", "practices"}


# -- Building ---------------------------------------------------------------------------------


def test_built_once_per_version_and_again_after_a_change(client):
    version = caching.current_version()
    first = downloads.built()
    assert first["version"] == version
    with CaptureQueriesContext(connection) as queries:
        assert downloads.built() == first  # read from the manifest, not rebuilt
    assert len(queries) == 0
    caching.new_version()  # what a committed write does
    second = downloads.built()
    assert second["version"] != version
    assert not (downloads.folder() / version).exists()  # the old version's files removed
    assert (downloads.folder() / second["version"] / downloads.MANIFEST).exists()


def test_a_build_without_its_manifest_is_never_served(client):
    version = caching.current_version()
    unfinished = downloads.folder() / version
    unfinished.mkdir(parents=True)
    (unfinished / "preciseu-kb.sqlite").write_bytes(b"half a file")
    path = downloads.folder() / "kb.sqlite"
    path.write_bytes(download(client, "sqlite"))
    assert sqlite3.connect(path).execute("SELECT count(*) FROM barriers").fetchone()[0] == 17


def test_workers_asking_at_once_build_once(monkeypatch):
    """Eight workers ask for a version not yet built: one builds, the others wait on the lock
    and then read its manifest."""
    builds = []

    def slow_build(version):
        builds.append(version)
        time.sleep(0.05)  # long enough for the others to arrive while it builds
        target = downloads.folder() / version
        target.mkdir(parents=True, exist_ok=True)
        manifest = {"version": version}
        downloads.replace_atomically(
            target / downloads.MANIFEST, lambda path: Path(path).write_text(json.dumps(manifest))
        )
        return manifest

    monkeypatch.setattr(downloads, "build", slow_build)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(downloads.built("v1"))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == ["v1"]
    assert results == [{"version": "v1"}] * 8


def test_the_page_states_sizes_and_build_times(client):
    response = client.get("/downloads/")
    assert response.status_code == 200
    page = response.content.decode()
    manifest = downloads.built()
    for entry in manifest["files"].values():
        assert entry["filename"] in page
        assert f"{entry['bytes']} bytes" in page
        assert f"{entry['seconds']} s" in page
    assert EDITORIAL_LICENCE["title"] in page


def test_the_files_carry_an_etag_for_the_version(client):
    response = client.get("/downloads/preciseu-kb.json")
    etag = response["ETag"]
    assert caching.current_version() in etag
    again = client.get("/downloads/preciseu-kb.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_the_sqlite_file_is_gzipped_for_clients_that_accept_it(client, tmp_path):
    response = client.get("/downloads/preciseu-kb.sqlite", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    path = tmp_path / "kb.sqlite"
    path.write_bytes(gzip.decompress(body_of(response)))
    assert sqlite3.connect(path).execute("SELECT count(*) FROM quotes").fetchone()[0] == (
        Quote.objects.count()
    )


def test_a_built_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    downloads.built()
    with django_assert_num_queries(0):  # the manifest says it all; the version is cached
        assert client.get("/downloads/").status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/taxonomy.ttl", 2),  # the categories and their barriers
        ("/api/v1/catalog.ttl", 1),  # the sources
    ],
)
def test_linked_data_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_an_unknown_file_is_a_404(client):
    response = client.get("/downloads/everything.xml")
    assert response.status_code == 404


def test_downloads_are_linked_where_users_look(client):
    downloads_url = "/downloads/"
    for page in ("/", "/about/"):
        assert f'href="{downloads_url}"' in client.get(page).content.decode(), page
    assert client.get("/api/v1/").json()["downloads"] == SITE + downloads_url


# -- Linked data ----------------------------------------------------------------------------


def parsed(client, url, syntax):
    response = client.get(url)
    assert response.status_code == 200, url
    graph = Graph()
    graph.parse(data=response.content, format=syntax)
    return response, graph


@pytest.mark.parametrize(
    ("url", "syntax", "media_type"),
    [
        ("/api/v1/taxonomy.ttl", "turtle", "text/turtle"),
        ("/api/v1/taxonomy.jsonld", "json-ld", "application/ld+json"),
    ],
)
def test_the_taxonomy_is_a_skos_concept_scheme(client, url, syntax, media_type):
    response, graph = parsed(client, url, syntax)
    assert response["Content-Type"].startswith(media_type)
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 6 + 17
    scheme = URIRef(f"{SITE}/barriers/")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert len(set(graph.objects(scheme, SKOS.hasTopConcept))) == 6
    for barrier in Barrier.objects.select_related("category"):
        concept = URIRef(SITE + barrier.get_absolute_url())
        category = URIRef(SITE + barrier.category.get_absolute_url())
        assert (concept, SKOS.broader, category) in graph
        assert (category, SKOS.narrower, concept) in graph
        assert (concept, SKOS.prefLabel, Literal(barrier.title, lang="en")) in graph
        assert (concept, SKOS.notation, Literal(str(barrier.number))) in graph
    for category in Category.objects.all():
        assert (URIRef(SITE + category.get_absolute_url()), SKOS.topConceptOf, scheme) in graph


def test_linked_data_over_its_rate_is_a_json_429(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": None},
    }
    assert client.get("/api/v1/taxonomy.ttl").status_code == 200
    response = client.get("/api/v1/taxonomy.ttl")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/")
    assert "json" in response["Content-Type"]
    assert response.json()


def test_the_taxonomy_answers_any_accept(client):
    response = client.get("/api/v1/taxonomy.ttl", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/turtle")


@pytest.mark.parametrize(
    ("url", "syntax"), [("/api/v1/catalog.ttl", "turtle"), ("/api/v1/catalog.jsonld", "json-ld")]
)
def test_the_catalog_is_dcat_with_its_distributions(client, url, syntax):
    _, graph = parsed(client, url, syntax)
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    (dataset,) = graph.objects(catalogue, DCAT.dataset)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    distributions = set(graph.objects(dataset, DCAT.distribution))
    licence = URIRef(EDITORIAL_LICENCE["path"])
    downloaded = {str(url) for d in distributions for url in graph.objects(d, DCAT.downloadURL)}
    assert downloaded == {
        f"{SITE}/downloads/{format.filename}" for format in downloads.FORMATS.values()
    }
    accessed = {str(url) for d in distributions for url in graph.objects(d, DCAT.accessURL)}
    assert f"{SITE}/api/v1/" in accessed
    assert len(distributions) == 4
    for distribution in distributions:
        assert (distribution, DCTERMS.license, licence) in graph
        assert graph.value(distribution, DCTERMS.rights) is not None
        assert graph.value(distribution, DCAT.mediaType) is not None
    assert graph.value(dataset, DCTERMS.title) == Literal("PRECISEU knowledge base", lang="en")
    assert graph.value(dataset, DCTERMS.publisher) is not None


def test_every_download_in_the_catalog_answers(client):
    _, graph = parsed(client, "/api/v1/catalog.ttl", "turtle")
    for url in graph.objects(None, DCAT.downloadURL):
        assert client.get(str(url).removeprefix(SITE)).status_code == 200, url


# -- The licence ----------------------------------------------------------------------------


def test_every_source_has_a_reading_of_its_terms():
    from provenance.models import Source

    assert set(Source.objects.values_list("slug", flat=True)) == set(SOURCE_TERMS)


def test_the_about_page_states_the_terms(client):
    page = client.get("/about/").content.decode()
    assert EDITORIAL_LICENCE["title"] in page
    for terms in SOURCE_TERMS.values():
        assert terms["finding"].replace("’", "&#x27;") in page or terms["finding"] in page


# -- schema.org in the record pages ---------------------------------------------------------

SCHEMA = "https://schema.org/"
JSON_LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_graph(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    (block,) = JSON_LD_BLOCK.findall(response.content.decode())
    graph = Graph()
    graph.parse(data=block, format="json-ld")
    return graph


@pytest.mark.parametrize(
    ("path", "kind", "label"),
    [
        ("/barriers/5/", "DefinedTerm", lambda: Barrier.objects.get(number=5).title),
        ("/practices/findata/", "CreativeWork", lambda: "FINDATA"),
        ("/regions/crete/", "AdministrativeArea", lambda: "Crete"),
        ("/quotes/5-3/", "Quotation", None),
    ],
)
def test_record_pages_describe_their_record_in_schema_org(client, path, kind, label):
    graph = page_graph(client, path)
    page = URIRef(f"{SITE}{path}#page")
    record = URIRef(SITE + path)
    assert (page, RDF.type, URIRef(SCHEMA + "WebPage")) in graph
    assert (page, URIRef(SCHEMA + "mainEntity"), record) in graph
    assert (record, RDF.type, URIRef(SCHEMA + kind)) in graph
    assert graph.value(record, URIRef(SCHEMA + "isBasedOn")) is not None
    dataset = graph.value(page, URIRef(SCHEMA + "isPartOf"))
    assert dataset == URIRef(f"{SITE}/downloads/")
    if label:
        assert str(graph.value(record, URIRef(SCHEMA + "name"))) == label()


def test_a_quote_is_about_its_barrier_concept(client):
    quote = Quote.objects.select_related("barrier").get(barrier__number=5, order=3)
    graph = page_graph(client, quote.get_absolute_url())
    record = URIRef(SITE + quote.get_absolute_url())
    assert str(graph.value(record, URIRef(SCHEMA + "text"))) == quote.text
    # the same URI as the barrier's SKOS concept in /api/v1/taxonomy.ttl
    barrier = URIRef(SITE + quote.barrier.get_absolute_url())
    assert graph.value(record, URIRef(SCHEMA + "about")) == barrier


def test_a_data_block_cannot_be_closed_from_inside(client):
    quote = Quote.objects.get(barrier__number=5, order=3)
    quote.text = "</script><script>alert(1)</script>"
    quote.save()
    page = client.get(quote.get_absolute_url()).content.decode()
    (block,) = JSON_LD_BLOCK.findall(page)
    assert json.loads(block)["mainEntity"]["text"] == quote.text
    assert "<script>alert" not in page
