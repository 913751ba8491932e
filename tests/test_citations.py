""" "Cite this" on every record page, and its downloads read back as reference managers read
them: BibTeX with bibtexparser, RIS with rispy, CSL-JSON with citeproc-py (a CSL processor,
formatting it with the style it ships) and against the structure written down below. Every
field is checked against the record and its source, and no page or file gives a year, a
publisher or a number that the source does not print."""

import json
import re
from datetime import date

import bibtexparser
import jsonschema
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.utils import timezone
from django.utils.html import escape

from barriers.models import Barrier, PolicyComment, Quote
from practices.models import GoodPractice
from provenance.models import Source
from regions.models import NationalFinding, Region, RegionalChallenge

pytestmark = pytest.mark.django_db

# The structure of a CSL-JSON download, as a JSON Schema of our own. The names are those of
# the CSL 1.0.2 specification: its item types (Appendix III) and its variables (Appendix IV),
# of which the references use these; `id` and `type` are the item's own keys.
CSL_TYPES = ["report", "document"]
CSL_STRING_VARIABLES = ["title", "publisher", "number", "section", "note", "URL", "language"]
CSL_DATE_VARIABLES = ["accessed", "issued"]  # no source prints a year: no file has `issued`
NON_EMPTY = {"type": "string", "minLength": 1}
YEAR_PART = {"type": "integer", "minimum": 1000, "maximum": 9999}
CSL_ITEMS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["id", "type", "title", "URL", "accessed"],
        "additionalProperties": False,
        "properties": {
            "id": NON_EMPTY,
            "type": {"enum": CSL_TYPES},
            **dict.fromkeys(CSL_STRING_VARIABLES, NON_EMPTY),
            # A day read: one date of year, month and day.
            "accessed": {
                "type": "object",
                "required": ["date-parts"],
                "additionalProperties": False,
                "properties": {
                    "date-parts": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 1,
                        "items": {
                            "type": "array",
                            "prefixItems": [
                                YEAR_PART,
                                {"type": "integer", "minimum": 1, "maximum": 12},
                                {"type": "integer", "minimum": 1, "maximum": 31},
                            ],
                            "minItems": 3,
                            "maxItems": 3,
                        },
                    }
                },
            },
            # The year a source prints: a number as a date, other words as a literal.
            "issued": {
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["date-parts"],
                        "additionalProperties": False,
                        "properties": {
                            "date-parts": {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": 1,
                                "items": {
                                    "type": "array",
                                    "prefixItems": [YEAR_PART],
                                    "minItems": 1,
                                    "maxItems": 1,
                                },
                            }
                        },
                    },
                    {
                        "type": "object",
                        "required": ["literal"],
                        "additionalProperties": False,
                        "properties": {"literal": NON_EMPTY},
                    },
                ]
            },
        },
    },
}
# The CSL style that citeproc-py ships in its data folder (citeproc/data/styles/).
BUNDLED_STYLE = "harvard-cite-them-right"

# One record of every kind, each with the page it is cited from and its citation key; the
# practices come from each of the three sources, so that each source's metadata is tested.
RECORDS = {
    "barrier": (lambda: Barrier.objects.get(number=5), "preciseu-kb-barrier-5"),
    "practice": (lambda: GoodPractice.objects.get(slug="findata"), "preciseu-kb-practice-findata"),
    "perte-practice": (
        lambda: GoodPractice.objects.get(slug="healthcare-data-lake"),
        "preciseu-kb-practice-healthcare-data-lake",
    ),
    "region": (lambda: Region.objects.get(slug="crete"), "preciseu-kb-region-crete"),
    "quote": (lambda: Quote.objects.get(barrier__number=5, order=3), "preciseu-kb-quote-5-3"),
    "comment": (
        lambda: PolicyComment.objects.get(barrier__number=7, order=1),
        "preciseu-kb-comment-7-1",
    ),
    "challenge": (
        lambda: RegionalChallenge.objects.get(region__slug="crete", order=2),
        "preciseu-kb-challenge-crete-2",
    ),
    "finding": (
        lambda: NationalFinding.objects.get(source__slug="es-cancer-factsheet", order=3),
        "preciseu-kb-finding-es-cancer-factsheet-3",
    ),
}

CONTENT_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


@pytest.fixture(params=RECORDS)
def record(request):
    get, key = RECORDS[request.param]
    record = get()
    record.cite_key = key
    return record


def download(client, record, extension):
    response = client.get(f"{record.get_absolute_url()}cite.{extension}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[extension]
    assert response["Content-Disposition"] == (
        f'attachment; filename="{record.cite_key}.{extension}"'
    )
    return response.content.decode()


def permalink(record):
    return f"http://testserver{record.get_absolute_url()}"


def test_bibtex_reads_back_with_the_records_fields(client, record):
    library = bibtexparser.parse_string(download(client, record, "bib"))
    assert not library.failed_blocks
    (entry,) = library.entries
    source = record.source
    assert entry.key == record.cite_key
    assert entry.entry_type == ("techreport" if source.identifier else "misc")
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == source.title
    assert fields.get("institution", fields.get("publisher", "")) == source.publisher
    assert fields.get("number", "") == source.identifier
    assert f"Section: {record.section}" in fields["note"]
    assert fields["url"] == permalink(record)
    assert fields["urldate"] == timezone.localdate().isoformat()
    assert fields["language"] == source.language
    assert "year" not in fields and "date" not in fields  # no source prints one
    assert "author" not in fields  # none names one


def test_ris_reads_back_with_the_records_fields(client, record):
    (entry,) = rispy.loads(download(client, record, "ris"))
    source = record.source
    assert entry["type_of_reference"] == ("RPRT" if source.identifier else "GEN")
    assert entry["id"] == record.cite_key
    assert entry["title"] == source.title
    assert entry.get("publisher", "") == source.publisher
    assert entry.get("volume", "") == source.identifier
    assert entry["section"] == record.section
    assert entry["urls"] == [permalink(record)]
    assert entry["access_date"] == timezone.localdate().strftime("%Y/%m/%d")
    assert entry["language"] == source.language
    assert not {"year", "publication_year", "date", "authors"} & set(entry)


def test_csl_json_has_the_csl_structure_and_the_records_fields(client, record):
    items = json.loads(download(client, record, "json"))
    jsonschema.validate(items, CSL_ITEMS)
    (item,) = items
    assert set(item) <= {"id", "type", *CSL_STRING_VARIABLES, *CSL_DATE_VARIABLES}
    source = record.source
    assert item["id"] == record.cite_key
    assert item["type"] == ("report" if source.identifier else "document")
    assert item["title"] == source.title
    assert item.get("publisher", "") == source.publisher
    assert item.get("number", "") == source.identifier
    assert item["section"] == record.section
    assert item["URL"] == permalink(record)
    today = timezone.localdate()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["language"] == source.language
    assert "issued" not in item and "author" not in item


@pytest.mark.parametrize(
    "change",
    [
        {"type": "techreport"},  # BibTeX's word, not CSL's
        {"bogus": "value"},
        {"accessed": "2026-12-03"},
        {"accessed": {"date-parts": [[2026, 13, 3]]}},
        {"number": 101161301},
        {"title": ""},
    ],
    ids=lambda change: next(iter(change)),
)
def test_the_csl_structure_rejects_what_csl_does_not_define(client, change):
    """The structure check is strict: a download changed in any of these ways fails it."""
    (item,) = json.loads(client.get("/quotes/5-3/cite.json").content)
    jsonschema.validate([item], CSL_ITEMS)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**item, **change}], CSL_ITEMS)


def test_csl_json_formats_as_a_bibliography_entry_with_citeproc(client, record):
    """citeproc-py reads the download and formats its entry with the style it ships: the
    entry gives the source's title, publisher and number, the record's permalink and the day
    read, says "no date" for the year the source does not print, and gives no other year."""
    items = json.loads(download(client, record, "json"))
    references = CiteProcJSON(items)
    reference = references[record.cite_key]
    assert reference.type == ("report" if record.source.identifier else "document")
    assert str(reference.section) == record.section
    assert ", transcribed in the PRECISEU knowledge base" in str(reference.note)
    style = CitationStylesStyle(BUNDLED_STYLE)  # validated against the CSL schema it ships
    bibliography = CitationStylesBibliography(style, references, formatter.plain)
    bibliography.register(Citation([CitationItem(record.cite_key)]))
    (entry,) = [str(entry) for entry in bibliography.bibliography()]
    source = record.source
    assert source.title in entry
    assert source.publisher in entry and source.identifier in entry
    assert f"Available at: {permalink(record)} " in entry
    today = timezone.localdate()
    assert f"(Accessed: {today:%B} {today.day}, {today.year})" in entry
    assert "(no date)" in entry
    allowed = {str(today.year), *YEAR.findall(record.section), *YEAR.findall(str(record))}
    assert set(YEAR.findall(entry)) <= allowed


def test_the_page_shows_the_reference_the_files_give(client, record):
    html = client.get(record.get_absolute_url()).content.decode()
    cite = html[html.index('id="cite-this"') :]
    cite = cite[: cite.index("</section>")]
    source = record.source
    assert f"<cite>{escape(source.title)}</cite>" in cite
    if source.publisher:
        assert f"{escape(source.publisher)}. <cite>" in cite
    if source.identifier:
        assert f"</cite>. {escape(source.identifier)}." in cite
    assert f"Section: {escape(record.section)}" in cite
    assert ":." not in cite  # a section ending with a colon takes no full stop
    url = permalink(record)
    today = timezone.localdate()
    assert f'<a href="{url}">{url}</a> (accessed {today.day} {today:%B %Y})' in cite
    for extension, name in [("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON")]:
        assert f'<a href="{record.get_absolute_url()}cite.{extension}" download>{name}</a>' in cite
    copy = cite[cite.index("<textarea") : cite.index("</textarea>")]
    assert f"{escape(source.title)}" in copy and f"{url} (accessed" in copy


def test_the_page_says_what_the_source_does_not_print(client, record):
    html = client.get(record.get_absolute_url()).content.decode()
    cite = html[html.index('id="cite-this"') :]
    cite = " ".join(cite[: cite.index("</section>")].split())
    source = record.source
    missing = [
        words
        for value, words in [
            (source.published, "no year of publication"),
            (source.publisher, "no publisher"),
            (source.identifier, "no deliverable or grant number"),
        ]
        if not value
    ]
    assert "no year of publication" in missing  # no source of the knowledge base prints one
    for words in missing:
        assert words in cite
    if source.title_note:
        assert f"[{escape(source.title_note.removesuffix('.'))}]" in cite


def test_a_source_without_a_printed_title_says_so_in_every_file(client):
    finding = NationalFinding.objects.get(source__slug="es-cancer-factsheet", order=3)
    finding.cite_key = "preciseu-kb-finding-es-cancer-factsheet-3"
    note = finding.source.title_note
    assert note == "The extraction prints no title; this title describes the document."
    (entry,) = bibtexparser.parse_string(download(client, finding, "bib")).entries
    assert note in entry.fields_dict["note"].value
    (ris,) = rispy.loads(download(client, finding, "ris"))
    assert any(note in line for line in ris["notes"])
    (item,) = json.loads(download(client, finding, "json"))
    assert note in item["note"]


YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@pytest.mark.parametrize("extension", ["bib", "ris", "json"])
def test_no_file_invents_a_year(client, extension):
    """The only years in any reference are the access date's and those printed in the
    record's own words (its section, or the name in its label)."""
    today = timezone.localdate()
    assert not Source.objects.exclude(published="").exists()
    for get, key in RECORDS.values():
        record = get()
        text = client.get(f"{record.get_absolute_url()}cite.{extension}").content.decode()
        allowed = {str(today.year), *YEAR.findall(record.section), *YEAR.findall(str(record))}
        assert set(YEAR.findall(text)) <= allowed, key


def test_no_page_invents_a_year(client):
    today = timezone.localdate()
    for get, key in RECORDS.values():
        record = get()
        html = client.get(record.get_absolute_url()).content.decode()
        cite = html[html.index('id="cite-this"') :]
        cite = cite[: cite.index("</section>")]
        allowed = {str(today.year), *YEAR.findall(record.section), *YEAR.findall(str(record))}
        assert set(YEAR.findall(cite)) <= allowed, key


@pytest.mark.parametrize(
    "url",
    [
        "/quotes/5-999/cite.bib",
        "/quotes/99-1/cite.ris",
        "/comments/5-1/cite.json",
        "/challenges/nowhere-1/cite.bib",
        "/findings/es-cancer-factsheet-999/cite.json",
        "/barriers/99/cite.bib",
        "/practices/no-such-practice/cite.ris",
        "/regions/atlantis/cite.json",
        "/quotes/5-3/cite.txt",
        "/quotes/5-3/cite.",
        "/barriers/5/cite",
    ],
)
def test_an_unknown_record_or_format_is_a_404(client, url):
    assert client.get(url).status_code == 404


@pytest.fixture
def response_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 86400
    settings.DATA_VERSION_IN_CACHE = True


@pytest.mark.parametrize("path", ["/quotes/5-3/", "/quotes/5-3/cite.json", "/about/"])
def test_the_cache_never_serves_yesterdays_access_date(client, response_cache, monkeypatch, path):
    """Answers are cached for a day, keyed by the day: the next day's first request is a miss
    and gives that day's date; a request the same day is a hit."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 2))
    first = client.get(path)
    assert first["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 3))
    next_day = client.get(path)
    assert next_day["X-Cache"] == "miss"
    if path.endswith(".json"):
        accessed = [item["accessed"] for item in json.loads(next_day.content)]
        assert accessed == [{"date-parts": [[2026, 12, 3]]}]
        assert json.loads(first.content)[0]["accessed"] == {"date-parts": [[2026, 12, 2]]}
    else:
        assert "(accessed 3 December 2026)" in next_day.content.decode()
        assert "(accessed 2 December 2026)" in first.content.decode()
        assert "2 December 2026" not in next_day.content.decode()
