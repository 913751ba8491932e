"""The REST API: every app's viewsets under /api/v1/, the OpenAPI schema at /api/schema/ and
its interactive documentation at /api/docs/ (served from our own static files)."""

from django.http import HttpResponse
from django.urls import include, path, re_path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from barriers.viewsets import (
    BarrierViewSet,
    CategoryViewSet,
    CommentViewSet,
    FindingViewSet,
    QuoteViewSet,
)
from bases.licence import api_licence
from bases.rest.viewsets import KnowledgeBaseRootView
from history.api import ChangesView, latest_cursor
from practices.viewsets import PracticeViewSet
from provenance.viewsets import SourceViewSet
from regions.viewsets import ChallengeViewSet, CountryViewSet, RegionViewSet
from search.api import SearchViewSet

from . import caching, linked_data

app_name = "api"


# Endpoints routed beside the router's resources, listed on the root with them: {key: URL name}.
OTHER_ENDPOINTS = {
    "search": "search-list",
    "evidence-map": "evidence-map",
    "changes": "changes",
}


class RootView(KnowledgeBaseRootView):
    """The resources and the other endpoints; the recommended practices of a region as a URI
    template (RFC 6570), since they hang under each region."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        regions = response.data["regions"]
        response.data["region-recommended-practices"] = f"{regions}{{slug}}/recommended-practices/"
        for key, name in LINKED_DATA.items():
            response.data[key] = request.build_absolute_uri(reverse(f"api:{name}"))
        response.data["downloads"] = request.build_absolute_uri(reverse("downloads"))
        response.data["licence"] = api_licence()
        response.data["dataset"] = dataset_version()
        return response


def dataset_version():
    """What a partner keeps to know whether its copy is current: the data version (it changes
    with every write) and the changes cursor to sync from (docs/api.md, "For partners")."""
    # The row, the version's authority: one query, whatever the caches hold.
    return {"version": caching.stored_version(), "changes_cursor": latest_cursor()}


# The linked-data documents, listed on the root: {key: URL name}.
LINKED_DATA = {
    "taxonomy": "taxonomy-ttl",
    "taxonomy-jsonld": "taxonomy-jsonld",
    "catalog": "catalog-ttl",
    "catalog-jsonld": "catalog-jsonld",
}


class RDFRenderer(BaseRenderer):
    """Names the media type of a linked-data document for content negotiation; the view
    serialises the graph itself, and an error is answered in JSON (`LinkedDataView`)."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class TurtleRenderer(RDFRenderer):
    media_type, format = "text/turtle", "ttl"


class JSONLDRenderer(RDFRenderer):
    media_type, format = "application/ld+json", "jsonld"


class FixedContentNegotiation(BaseContentNegotiation):
    """The URL names the format (.ttl, .jsonld): any Accept gets it, never a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class LinkedDataView(APIView):
    """A graph (linked_data.taxonomy or .catalog) in one RDF syntax, read by anyone, within
    the API's rate limits. Its answer is cached by data version as the API's are."""

    permission_classes = [AllowAny]
    content_negotiation_class = FixedContentNegotiation
    graph = None
    syntax = "turtle"

    def get(self, request):
        graph = type(self).graph(request.build_absolute_uri)
        body = graph.serialize(format=self.syntax, encoding="utf-8")
        media_type = self.renderer_classes[0].media_type
        return HttpResponse(body, content_type=f"{media_type}; charset=utf-8")

    def handle_exception(self, exc):
        """An error (a 429) as the API's other errors are: JSON, not RDF."""
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


def linked_data_view(graph, syntax, renderer, description):
    view = type(
        f"{graph.__name__.capitalize()}{renderer.format.capitalize()}View",
        (LinkedDataView,),
        {"graph": staticmethod(graph), "syntax": syntax, "renderer_classes": [renderer]},
    )
    documented = extend_schema_view(
        get=extend_schema(
            operation_id=f"{graph.__name__}_{renderer.format}",
            summary=description,
            description=f'{description} (docs/api.md, "Linked data"). Takes no parameters.',
            responses={
                (200, renderer.media_type): OpenApiResponse(
                    # Turtle is text; JSON-LD is JSON (an array of nodes, expanded form)
                    response=OpenApiTypes.ANY if renderer is JSONLDRenderer else OpenApiTypes.STR,
                    description=description,
                )
            },
            tags=["linked data"],
        )
    )
    return documented(view).as_view()


class Router(DefaultRouter):
    APIRootView = RootView

    def get_api_root_view(self, api_urls=None):
        resources = {prefix: f"{basename}-list" for prefix, _, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict={**resources, **OTHER_ENDPOINTS})


router = Router()
router.register("categories", CategoryViewSet, basename="category")
router.register("barriers", BarrierViewSet, basename="barrier")
router.register("practices", PracticeViewSet, basename="practice")
router.register("regions", RegionViewSet, basename="region")
router.register("countries", CountryViewSet, basename="country")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("comments", CommentViewSet, basename="comment")
router.register("findings", FindingViewSet, basename="finding")
router.register("sources", SourceViewSet, basename="source")


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@permission_classes([AllowAny])
@throttle_classes([])
def not_found(request, unknown):
    """Any other path below /api/: a JSON 404 rather than the site's HTML page."""
    raise NotFound(f"No resource at /api/{unknown}. The resources are listed at /api/v1/.")


TAXONOMY = "The 6 categories and 17 barriers as a SKOS concept scheme"
CATALOG = "The dataset and its distributions as a DCAT-AP catalogue"

urlpatterns = [
    path("v1/search/", SearchViewSet.as_view({"get": "list"}), name="search-list"),
    path("v1/changes/", ChangesView.as_view(), name="changes"),
    path(
        "v1/taxonomy.ttl",
        linked_data_view(linked_data.taxonomy, "turtle", TurtleRenderer, TAXONOMY),
        name="taxonomy-ttl",
    ),
    path(
        "v1/taxonomy.jsonld",
        linked_data_view(linked_data.taxonomy, "json-ld", JSONLDRenderer, TAXONOMY),
        name="taxonomy-jsonld",
    ),
    path(
        "v1/catalog.ttl",
        linked_data_view(linked_data.catalog, "turtle", TurtleRenderer, CATALOG),
        name="catalog-ttl",
    ),
    path(
        "v1/catalog.jsonld",
        linked_data_view(linked_data.catalog, "json-ld", JSONLDRenderer, CATALOG),
        name="catalog-jsonld",
    ),
    path("v1/", include("evidence.api")),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script as a file of ours: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^(?P<unknown>[\s\S]*)$", not_found),  # any character, newlines included
]
