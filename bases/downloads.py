"""A site list downloaded whole: the same URL with `?format=csv` or `?format=xlsx`.

Settings-free, so every app may import it. The list page declares its `Table` (bases.tables)
and answers through `bases.listing.render_list`, which calls `download` when the request asks
for a file and the filters are valid, and otherwise gives the page the links of its
downloads (`download_links`): the same query, every filter kept, without the page number.

The file holds every record the filters choose, not a page; it is named after the list and
its filters (`quotes-barrier-5-region-crete.csv`). The records are read first, in the list's
fixed number of queries, so that the file is written from memory, the CSV a row at a time.

A new list gets its downloads in three lines:

1. its table, in `<app>/tables.py`: `SHORTLIST = Table("shortlist", "Shortlist", (Column(
   "Name", "name", width=40), …, Link("Permalink")))`;
2. its view answers through `render_list(request, template, context, status, SHORTLIST)`
   instead of `render`, with every record of the list in `context["records"]`
   (`filtered_list` puts them there; a view without a FilterSet sets them itself);
3. its template shows the links: `{% include "includes/downloads.html" with count=… noun=… %}`.
"""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

from .tables import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE

FORMAT_PARAMETER = "format"
FORMATS = {"csv": ("CSV", CSV_MEDIA_TYPE), "xlsx": ("Excel", XLSX_MEDIA_TYPE)}
# Query parameters that choose no records: left out of a file's name and of its links.
NOT_A_FILTER = ("page", FORMAT_PARAMETER)
FILE_NAME_LENGTH = 120


class UnknownFormat(ValueError):
    def __init__(self, value):
        allowed = ", ".join(FORMATS)
        super().__init__(
            f"Unknown format “{value}”. Allowed: {allowed} (or no format, for the page)."
        )


def requested_format(request):
    """ "csv", "xlsx", or None for the page; `UnknownFormat` for any other value."""
    value = request.GET.get(FORMAT_PARAMETER)
    if value is None:
        return None
    if value not in FORMATS:
        raise UnknownFormat(value)
    return value


def download_links(request):
    """[{"format", "label", "url"}]: this list, every filter kept, as each kind of file."""
    query = request.GET.copy()
    for name in NOT_A_FILTER:
        query.pop(name, None)
    links = []
    for fmt, (label, _) in FORMATS.items():
        query[FORMAT_PARAMETER] = fmt
        links.append({"format": fmt, "label": label, "url": f"?{query.urlencode()}"})
    return links


def download(request, table, records, fmt):
    """The whole of `records` as a `table` file in format `fmt` ("csv" or "xlsx")."""
    records = list(records)  # every query now, before the first byte is sent
    if fmt == "csv":
        response = StreamingHttpResponse(table.csv(records, request), content_type=CSV_MEDIA_TYPE)
    else:
        response = HttpResponse(table.xlsx(records, request), content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(table, request, fmt)}"'
    return response


def file_name(table, request, fmt):
    """The list's name, then each filter and its values: `practices-barrier-5-6-country-fi`."""
    parts = [table.name]
    for name, values in request.GET.lists():
        if name in NOT_A_FILTER:
            continue
        words = [slugify(value) for value in values if slugify(value)]
        if words:
            parts += [slugify(name), *words]
    stem = "-".join(parts)[:FILE_NAME_LENGTH].strip("-")
    return f"{stem}.{fmt}"
