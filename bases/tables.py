"""A list as a table of readable cells, written as CSV or as an Excel workbook.

Settings-free, so every app may import it. A `Table` is declared once per list, beside its
model (`<app>/tables.py`): the list's name (it starts the file name), its title, and its
columns, each a header and how to read the cell from a record. A `Link` column holds the
absolute URL of a page, e.g. the record's permalink.

Cells are what a reader of the site sees: names rather than keys, several values joined by
"; ", counts as numbers, Yes or No. A text that a spreadsheet would run as a formula (it starts
with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe, as OWASP
advises ("CSV Injection"), in the workbook as in the CSV, where the apostrophe shows.

The CSV is UTF-8 with a byte-order mark (without it, Excel reads "–" and "ü" as Windows-1252)
and CRLF line ends (RFC 4180), written a row at a time. The workbook is written by openpyxl
in write-only mode: a styled, frozen header row with a filter, set column widths, every text a
string cell (openpyxl would store one starting with "=" as a formula).
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

SEPARATOR = "; "
BYTE_ORDER_MARK = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32767  # characters an Excel cell holds
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_COLOURS = {"text": "FFFFFF", "fill": "1F4E79"}


def neutralised(value):
    """`value`, with an apostrophe before a text that a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def readable(value):
    """A cell from a value: None empty, lists joined by "; ", True/False as Yes/No; numbers
    stay numbers, other values their text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return SEPARATOR.join(str(readable(item)) for item in value if item not in (None, ""))
    return str(value)


@dataclass(frozen=True)
class Column:
    """A header and how to read its cell: an attribute path ("source.title"; a method at its
    end is called, as templates do) or a function of the record. `width` is the column's
    width in the workbook, in characters."""

    header: str
    read: str | Callable[[Any], Any]
    width: int = 20

    def value(self, record, request=None):
        read = attrgetter(self.read) if isinstance(self.read, str) else self.read
        value = read(record)
        return readable(value() if callable(value) else value)


@dataclass(frozen=True)
class Link(Column):
    """The absolute URL of a page on the site: `read` gives its path; by default the
    record's own page (its permalink)."""

    read: str | Callable[[Any], Any] = "get_absolute_url"
    width: int = 45

    def value(self, record, request=None):
        path = super().value(record)
        return request.build_absolute_uri(path) if request is not None and path else path


@dataclass(frozen=True)
class Table:
    """A list's table: `name` starts its files' names ("quotes"), `title` names its sheet."""

    name: str
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self):
        return [column.header for column in self.columns]

    def rows(self, records, request=None) -> Iterator[list]:
        for record in records:
            yield [column.value(record, request) for column in self.columns]

    def csv(self, records, request=None) -> Iterator[bytes]:
        return csv_lines(self.headers, self.rows(records, request))

    def xlsx(self, records, request=None) -> bytes:
        records = list(records)
        widths = [column.width for column in self.columns]
        return xlsx_workbook(self.title, self.headers, widths, self.rows(records, request))


class Line:
    """A file-like object that gives back what the csv writer writes: one line at a time."""

    def write(self, text):
        return text


def csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The CSV, a line at a time, as UTF-8 bytes: the byte-order mark and the header first."""
    writer = csv.writer(Line(), lineterminator="\r\n")
    yield (BYTE_ORDER_MARK + writer.writerow(headers)).encode()
    for row in rows:
        yield writer.writerow([neutralised(cell) for cell in row]).encode()


def xlsx_workbook(title: str, headers: list[str], widths: list[int], rows: Iterable[list]):
    """The workbook's bytes: one sheet named `title`; `rows` must be a list or a sized
    sequence for the header's filter to span them (any iterable otherwise)."""
    # openpyxl is read when a workbook is asked for, not whenever a list's table is declared:
    # the site, its checks and its commands start without loading it.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    # Write-only sheets take their layout before the first row.
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([header_cell(sheet, header) for header in headers])
    count = 0
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header_cell(sheet, header):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = WriteOnlyCell(sheet, value=header)
    cell.font = Font(bold=True, color=HEADER_COLOURS["text"])
    cell.fill = PatternFill("solid", fgColor=HEADER_COLOURS["fill"])
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def text_cell(sheet, value):
    """A number as a number; any text as a string cell, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, int | float) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(neutralised(value)))
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - 1] + "…"
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def sheet_title(title):
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"
