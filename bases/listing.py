"""What every filtered list page of the site does with its shared FilterSet.

Settings-free, so every app may import it. The FilterSet is validated first: an invalid value
gives status 400 and an empty page, with the FilterSet's own message shown beside its field.
A valid selection is paged, and the active filters are summarised, each with the URL of the
same list without it, so a visitor who finds nothing can widen the selection one step at a time.

Sorting is the API's unless a list offers it (`sortable=True`: practices, quotes): the other
site lists keep their own order (the barriers grouped by category, the regions in the order
of Tab. 3), so the page drops the shared FilterSet's `ordering` before building its form.

A FilterSet that declares `facets` gets them as checkbox groups with counts (bases.facets):
`facets` in the context, computed in one query per facet once the filters are valid.

A list downloads whole (bases.downloads): `render_list` answers `?format=csv` or `xlsx` with
every record the valid filters choose, in the list's `Table`, and gives the page its download
links otherwise.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render

from .downloads import (
    FORMAT_PARAMETER,
    UnknownFormat,
    download,
    download_links,
    requested_format,
)
from .facets import facets_of

PAGE_SIZE = 20
PAGE_PARAMETER = "page"
API_ONLY_FILTERS = ("ordering",)


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    values: list[str]
    remove_query: str


def filtered_list(request, filterset, page_size=PAGE_SIZE, sortable=False):
    """The template context of a list page and its HTTP status.

    Context: `filter`, `records` (every record chosen: none when a filter is invalid),
    `page_obj` (the records of the requested page; a page number out of range or not a number
    gives the nearest page), `active_filters`, `facets` (the FilterSet's, with counts; none
    when a filter is invalid) and `filter_query` (the query string without the page and the
    format, for the same selection in the API).
    """
    if not sortable:
        for name in API_ONLY_FILTERS:
            filterset.filters.pop(name, None)
    else:  # before validation, which binds the fields as they are
        plain_sort_field(filterset.form.fields["ordering"])
    valid = filterset.is_valid()
    # A download holds records only: no counts for it.
    facets = facets_of(filterset) if valid and FORMAT_PARAMETER not in request.GET else []
    records = filterset.qs if valid else filterset.queryset.none()
    page_obj = Paginator(records, page_size).get_page(request.GET.get(PAGE_PARAMETER))
    context = {
        "filter": filterset,
        "records": records,
        "page_obj": page_obj,
        "active_filters": active_filters(filterset, request.GET) if valid else [],
        "facets": facets,
        "facet_names": [facet.name for facet in facets],
        "filter_query": query_without(request.GET, PAGE_PARAMETER, FORMAT_PARAMETER),
    }
    return context, 200 if valid else 400


def render_list(request, template, context, status, table):
    """The list page (`context` with `downloads`, the links of its files), or, asked for with
    `?format=`, every one of `context["records"]` as a `table` file. Invalid filters answer
    as the page does, whatever the format; an unknown format is a 400 naming those allowed."""
    try:
        fmt = requested_format(request)
    except UnknownFormat as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    if fmt and status == 200:
        return download(request, table, context["records"], fmt)
    context["downloads"] = download_links(request)
    return render(request, template, context, status=status)


def plain_sort_field(field):
    """The site's sort drop-down: its default named, without the API's syntax help."""
    field.help_text = ""
    # django-filter puts the empty label first when the choices are set, once.
    field.empty_label = "Default order"
    field.choices = [choice for choice in field.choices if choice[0]]


def active_filters(filterset, query):
    """The filters of a valid `filterset` that have a value, in the form's order."""
    found = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if not value or name == "ordering":  # an order narrows nothing
            continue
        found.append(
            ActiveFilter(
                label=str(field.label),
                values=describe(field, value),
                remove_query=query_without(query, name, PAGE_PARAMETER),
            )
        )
    return found


def describe(field, value):
    """The chosen records' names, the chosen choices' labels, or the text as given."""
    if hasattr(field, "queryset"):
        return [str(record) for record in value]
    choices = dict(getattr(field, "choices", ()))
    return [str(choices.get(one, one)) for one in (value if isinstance(value, list) else [value])]


def query_without(query, *names):
    remaining = query.copy()
    for name in names:
        remaining.pop(name, None)
    return remaining.urlencode()
