"""Every table the site and the API give out is safe to open in a spreadsheet: no cell of any
CSV or Excel answer starts with what a spreadsheet takes for a formula (=, +, -, @, a tab or
a carriage return), even when a record's text does. Texts that start so are planted in the
records every output shows, and each output is read as a spreadsheet would read it."""

import csv
import io

import openpyxl
import pytest

from barriers.models import Barrier, PolicyComment, Quote
from bases.tables import FORMULA_STARTS
from practices.models import GoodPractice
from provenance.models import Source
from regions.models import Region
from search.index import rebuild_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PLANTED = {
    "quote": '=HYPERLINK("http://example.invalid") planted',
    "practice": "@SUM(A1) planted",
    "barrier": "+1 planted",
    "region": "-1 planted",
    "comment": "=1+1 planted",
    "source": "@source planted",
}

RESOURCES = ["categories", "barriers", "practices", "regions", "countries", "quotes",
             "challenges", "comments", "findings", "sources"]  # fmt: skip

SITE_LISTS = ["/practices/", "/quotes/", "/barriers/", "/regions/", "/search/?q=planted"]
CSV_ONLY = [
    "/map/evidence-map.csv",
    "/api/v1/evidence-map/?format=csv",
    "/api/v1/search/?q=planted&format=csv",
    "/api/v1/regions/crete/recommended-practices/?format=csv",
    *[f"/api/v1/{resource}/?format=csv" for resource in RESOURCES],
    "/api/v1/barriers/5/?format=csv",
    "/api/v1/quotes/5-3/?format=csv",
    "/api/v1/practices/findata/?format=csv",
]


@pytest.fixture
def planted():
    """Formula-like texts in a quote, a comment, a practice, a barrier, a region and a
    source, past the rules (as a database edit outside the app would put them)."""
    Quote.objects.filter(barrier__number=5, order=3).update(text=PLANTED["quote"])
    GoodPractice.objects.filter(slug="findata").update(name=PLANTED["practice"])
    Barrier.objects.filter(number=5).update(title=PLANTED["barrier"])
    Region.objects.filter(slug="crete").update(name=PLANTED["region"])
    PolicyComment.objects.filter(pk=PolicyComment.objects.order_by("pk")[:1]).update(
        text=PLANTED["comment"]
    )
    Source.objects.filter(slug="d6-1").update(publisher=PLANTED["source"])
    rebuild_index()


def csv_cells(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return [cell for row in csv.reader(io.StringIO(text.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(response):
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]


def shortlist_url():
    return "/shortlist/?practices=findata"


def outputs():
    for url in [*SITE_LISTS, shortlist_url()]:
        joiner = "&" if "?" in url else "?"
        yield f"{url}{joiner}format=csv", csv_cells
        yield f"{url}{joiner}format=xlsx", xlsx_cells
    for url in CSV_ONLY:
        yield url, csv_cells


@pytest.mark.parametrize("url, cells_of", list(outputs()), ids=lambda value: str(value))
def test_no_cell_of_any_table_is_a_formula(client, planted, url, cells_of):
    response = client.get(url)
    assert response.status_code == 200, url
    cells = cells_of(response)
    assert cells, url
    formulas = [cell for cell in cells if str(cell).startswith(FORMULA_STARTS)]
    assert not formulas, f"{url}: {formulas[:3]}"


def test_the_planted_texts_reach_the_tables_neutralised(client, planted):
    """The check above could pass on tables that never carry the texts: they are there, each
    after an apostrophe."""
    cells = csv_cells(client.get("/api/v1/quotes/?format=csv"))
    assert "'" + PLANTED["quote"] in cells
    cells = xlsx_cells(client.get("/practices/?format=xlsx"))
    assert "'" + PLANTED["practice"] in cells
    cells = csv_cells(client.get("/map/evidence-map.csv"))
    assert any(cell.startswith("'" + PLANTED["barrier"]) for cell in cells)
    assert any(cell.startswith("'" + PLANTED["region"]) for cell in cells)
