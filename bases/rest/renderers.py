"""`?format=csv`: any list (or record) of the API as one CSV table.

A list answers whole: every record its filters choose, streamed a row at a time, unless the
client asks for a page (`page` or `page_size`), which then answers as JSON pages do, with the
`Link` header (bases.rest.pagination).

The columns come from the serializer, so a list has the same header whatever its rows:
a nested object becomes dotted columns (`interviews.total`), a list of values one cell
joined by "; " (`countries`: "SE; DK"), and a list of objects one dotted column per
attribute, joined likewise (`sections.heading`). An answer without a serializer (the API
root) is flattened the same way from its first row. Values are written as the JSON gives
them; null is an empty cell. Like the site's downloads (bases.tables): UTF-8 with a
byte-order mark, CRLF line ends, and a text a spreadsheet would run as a formula written
with a leading apostrophe.
"""

from django.http import StreamingHttpResponse
from django.urls import reverse
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from bases.tables import CSV_MEDIA_TYPE, csv_lines

SEPARATOR = "; "


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        rows = rows_of(data)
        columns = columns_of(renderer_context.get("view"), rows)
        response = renderer_context.get("response")
        if response is not None:
            response["Content-Disposition"] = attachment(renderer_context.get("request"))
        return b"".join(table_lines(columns, rows))


def streamed_csv(request, serializer, records):
    """The whole list `records` (already filtered) as CSV through `serializer` (one record's,
    with its context), a row at a time; the records are read first, in the list's fixed
    number of queries."""
    columns = list(field_paths(serializer.fields))
    records = list(records)
    # A serializer that reads more for its records reads it for all of them at once.
    prepare = getattr(serializer, "prepare_records", None)
    if prepare is not None:
        records = prepare(records)
    rows = (serializer.to_representation(record) for record in records)
    response = StreamingHttpResponse(table_lines(columns, rows), content_type=CSV_MEDIA_TYPE)
    response["Content-Disposition"] = attachment(request)
    return response


def table_lines(columns, rows):
    header = [".".join(path) for path in columns]
    return csv_lines(header, ([cell(row, path) for path in columns] for row in rows))


def rows_of(data):
    """The records in a response: a page's results, a list, or one record."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    return data if isinstance(data, list) else [data]


def columns_of(view, rows):
    """Column paths from the view's serializer, or from the first row (the API root)."""
    get_serializer = getattr(view, "get_serializer", None)
    if get_serializer is not None:
        return list(field_paths(get_serializer().fields))
    return list(value_paths(rows[0])) if rows else []


def value_paths(value, prefix=()):
    """The dotted paths of a JSON value's leaves, as `field_paths` gives a serializer's."""
    if isinstance(value, list):
        items = [item for item in value if isinstance(item, dict)]
        if not items:
            yield prefix
            return
        value = {key: item[key] for item in items for key in item}
    if isinstance(value, dict) and (value or not prefix):
        for key, item in value.items():
            yield from value_paths(item, (*prefix, key))
    else:
        yield prefix


def field_paths(fields, prefix=()):
    for name, field in fields.items():
        if field.write_only:
            continue
        path = (*prefix, name)
        nested = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(nested, serializers.Serializer):
            yield from field_paths(nested.fields, path)
        else:
            yield path


def cell(value, path):
    """One value as itself (a number stays a number); several joined by "; "."""
    found = leaves(value, path)
    if len(found) == 1 and isinstance(found[0], int | float) and not isinstance(found[0], bool):
        return found[0]
    return SEPARATOR.join(text(leaf) for leaf in found)


def leaves(value, path):
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item, path)]
    if not path:
        return [value]
    if not isinstance(value, dict):  # None, or a value where other rows have an object
        return []
    return leaves(value.get(path[0]), path[1:])


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def attachment(request):
    return f'attachment; filename="{file_name(request)}"'


def file_name(request):
    """`practices.csv`, `barriers-5.csv`: the path below the API root."""
    below_root = request.path.removeprefix(reverse("api:api-root")).strip("/") if request else ""
    return (below_root.replace("/", "-") or "api") + ".csv"
