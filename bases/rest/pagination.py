"""Page-number pagination that refuses what it cannot serve instead of guessing, and does
not page a CSV unless asked to: `?format=csv` answers the whole list (bases.rest.renderers),
`?format=csv&page=2` its second page."""

from django.core.paginator import EmptyPage
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def whole_table(request, pagination_class=None):
    """Whether the request asks for the whole list as CSV: the CSV format (`?format=csv` or
    `Accept: text/csv`), and neither `page` nor `page_size`."""
    pagination = pagination_class or KnowledgeBasePagination
    renderer = getattr(request, "accepted_renderer", None)
    asked_for_a_page = {pagination.page_query_param, pagination.page_size_query_param}
    return (
        renderer is not None
        and renderer.format == "csv"
        and not asked_for_a_page & set(request.query_params)
    )


def whole_number(request, name, default, maximum=None):
    """The query parameter `name` as a whole number from 1 (to `maximum`), or a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    number = int(raw) if raw.isascii() and raw.isdigit() else 0
    if number < 1 or (maximum and number > maximum):
        allowed = f"from 1 to {maximum}" if maximum else "from 1"
        raise ValidationError({name: [f"“{raw}” is not allowed: a whole number {allowed}."]})
    return number


class KnowledgeBasePagination(PageNumberPagination):
    """`page` (from 1) and `page_size` (1 to 100, default 50). A page number that is not a
    whole number, or past the last page, and a page size out of range answer 400 naming the
    parameter. The `Link` header repeats `next` and `previous` (RFC 8288), so that CSV
    clients can page too."""

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        return whole_number(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        if whole_table(request, type(self)):
            return None
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = whole_number(request, self.page_query_param, 1)
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            pages = paginator.num_pages
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"Page {number} does not exist: pages run from 1 to {pages}."
                    ]
                }
            ) from None
        return list(self.page)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for url, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    # The schema of the `facets` object beside the results, for a list that has facets: set
    # by the schema (bases.rest.schema), which knows the view.
    facets_schema = None

    def get_paginated_response_schema(self, schema):
        """DRF's, with descriptions for partners instead of its example URLs."""
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"] = {"type": "integer", "description": "How many records in all."}
        for link, which in (("next", "next"), ("previous", "previous")):
            properties[link] = {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": f"The {which} page, with the same filters; null on the "
                f"{'last' if link == 'next' else 'first'}.",
            }
        if self.facets_schema:
            properties["facets"] = self.facets_schema  # only with `?facets=`
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = (
                    f"Number of results per page: 1 to {self.max_page_size}, "
                    f"default {self.page_size}."
                )
            parameter["description"] = (
                f"{parameter.get('description', '')} As CSV, the list is whole unless "
                "`page` or `page_size` is given."
            ).strip()
        return parameters
