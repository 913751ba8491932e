"""`?format=csv`: any list (or record) of the API as one CSV table.

The columns come from the serializer, so a list has the same header whatever its rows:
a nested object becomes dotted columns (`interviews.total`), a list of values one cell
joined by "; " (`countries`: "SE; DK"), and a list of objects one dotted column per
attribute, joined likewise (`sections.heading`). Values are written as the JSON gives
them; null is an empty cell.
"""

import csv
import io

from django.urls import reverse
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

SEPARATOR = "; "


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        rows = rows_of(data)
        columns = columns_of(renderer_context.get("view"), rows)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([".".join(path) for path in columns])
        for row in rows:
            writer.writerow([cell(row, path) for path in columns])
        response = renderer_context.get("response")
        if response is not None:
            response["Content-Disposition"] = (
                f'attachment; filename="{file_name(renderer_context)}"'
            )
        return buffer.getvalue().encode(self.charset)


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
    return [(key,) for key in rows[0]] if rows else []


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
    return SEPARATOR.join(text(leaf) for leaf in leaves(value, path))


def leaves(value, path):
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item, path)]
    if not path:
        return [value]
    if value is None:
        return []
    return leaves(value.get(path[0]), path[1:])


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def file_name(renderer_context):
    """`practices.csv`, `barriers-5.csv`: the path below the API root."""
    request = renderer_context.get("request")
    below_root = request.path.removeprefix(reverse("api:api-root")).strip("/") if request else ""
    return (below_root.replace("/", "-") or "api") + ".csv"
