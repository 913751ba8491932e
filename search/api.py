"""/api/v1/search/: the site's search as a paginated API list (docs/search.md).

The parameters are the search page's (`SearchParameters`): `q` (required), `kind`, `category`
and `region`; invalid ones answer 400 keyed by parameter, as every list does. The hits are
ranked across the chosen kinds (all by default); the body adds the counts per kind, what was
searched, and the text as typed when a misspelling was corrected.
"""

from django.urls import reverse
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from bases.filters import SEARCH_MAX_LENGTH
from bases.rest.filtering import KnowledgeBaseFilterBackend, facets_asked_for
from bases.rest.pagination import KnowledgeBasePagination, whole_table
from bases.rest.renderers import streamed_csv
from search.models import SearchEntry

from . import engine
from .filters import SearchParameters

Kind = SearchEntry.Kind


@extend_schema_field(OpenApiTypes.URI)
class ResourceUrlField(serializers.Field):
    """The hit's record in the API, e.g. /api/v1/quotes/5-3/."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, hit):
        path = reverse(f"api:{hit.kind}-detail", args=[hit.key])
        return self.context["request"].build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The hit's place on the site: its page, or its anchor on its barrier's or region's."""

    def __init__(self, **kwargs):
        super().__init__(source="url", read_only=True, **kwargs)

    def to_representation(self, path):
        return self.context["request"].build_absolute_uri(path)


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    key = serializers.CharField(
        read_only=True, help_text="The record's key in its resource: number, slug or “5-3”."
    )
    title = serializers.CharField(source="label", read_only=True)
    context = serializers.CharField(read_only=True, help_text="Where the record belongs.")
    snippet = serializers.CharField(
        read_only=True,
        help_text="HTML: the passage of the record's text that matched, escaped, with the "
        "matched words in <mark>.",
    )
    url = ResourceUrlField()
    site_url = PageUrlField()


class SearchPagination(KnowledgeBasePagination):
    """The lists' pagination, with what the whole search found beside the page."""

    def paginate_search(self, results, request, view, facets=None):
        self.results, self.facets = results, facets
        return self.paginate_queryset(results.hits, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        results = self.results
        response.data = {
            "count": response.data["count"],
            "next": response.data["next"],
            "previous": response.data["previous"],
            "query": results.text,
            "corrected_from": results.typed if results.corrected else None,
            "counts": results.counts,
            "results": response.data["results"],
        }
        if self.facets is not None:
            response.data["facets"] = self.facets
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            **{name: paginated["properties"][name] for name in ("count", "next", "previous")},
            "query": {"type": "string", "description": "What was searched."},
            "corrected_from": {
                "type": "string",
                "nullable": True,
                "description": "The text as typed, when nothing matched it and the search "
                "went on with its closest words (PostgreSQL only); else null.",
            },
            "counts": {
                "type": "object",
                "description": "Hits per kind, whatever kinds are chosen.",
                "properties": {kind: {"type": "integer"} for kind in Kind.values},
                "required": list(Kind.values),
            },
            "results": schema,
        }
        paginated["required"] = list(paginated["properties"])
        if self.facets_schema:  # only with `?facets=`: not required
            paginated["properties"]["facets"] = self.facets_schema
        return paginated


QUERY = OpenApiParameter(
    "q",
    {"type": "string", "minLength": 1, "maxLength": SEARCH_MAX_LENGTH},
    required=True,
    description='The words to look for; every word must appear. On PostgreSQL, "quoted '
    'phrases", `or` and `-word` work too, and a misspelt word is corrected when nothing '
    "matches.",
)


@extend_schema(
    summary="Search",
    description="Barriers, quotes, good practices, EU comments, regions and regional challenges "
    "matching the words, best first, each with a snippet and links to the record in the API "
    "and on the site.",
    parameters=[QUERY],
)
class SearchViewSet(viewsets.GenericViewSet):
    queryset = SearchEntry.objects.all()
    serializer_class = SearchHitSerializer
    filter_backends = [KnowledgeBaseFilterBackend]
    filterset_class = SearchParameters
    pagination_class = SearchPagination

    def list(self, request):
        facets = facets_asked_for(request, self.filterset_class)
        parameters = self.filter_backends[0]().get_filterset(request, self.queryset, self)
        if not parameters.is_valid():
            raise translate_validation(parameters.errors)
        text, kinds = parameters.form.cleaned_data["q"], parameters.form.cleaned_data["kind"]
        if not text:
            raise ValidationError({"q": ["Give the words to search for."]})
        results = engine.search(text, parameters.qs, kinds)
        if whole_table(request):
            return streamed_csv(request, self.get_serializer(), results.hits)
        counted = engine.facet_counts(parameters, results, facets) if facets else None
        page = self.paginator.paginate_search(results, request, self, counted)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
