"""The REST API: every app's viewsets under /api/v1/, the OpenAPI schema at /api/schema/ and
its interactive documentation at /api/docs/ (served from our own static files)."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from barriers.viewsets import (
    BarrierViewSet,
    CategoryViewSet,
    CommentViewSet,
    FindingViewSet,
    QuoteViewSet,
)
from bases.rest.viewsets import KnowledgeBaseRootView
from history.api import ChangesView, latest_cursor
from practices.viewsets import PracticeViewSet
from provenance.viewsets import SourceViewSet
from regions.viewsets import ChallengeViewSet, CountryViewSet, RegionViewSet
from search.api import SearchViewSet

from . import caching

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
        response.data["dataset"] = dataset_version()
        return response


def dataset_version():
    """What a partner keeps to know whether its copy is current: the data version (it changes
    with every write) and the changes cursor to sync from (docs/api.md, "For partners")."""
    # The row, the version's authority: one query, whatever the caches hold.
    return {"version": caching.stored_version(), "changes_cursor": latest_cursor()}


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


urlpatterns = [
    path("v1/search/", SearchViewSet.as_view({"get": "list"}), name="search-list"),
    path("v1/changes/", ChangesView.as_view(), name="changes"),
    path("v1/", include("evidence.api")),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script as a file of ours: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^(?P<unknown>[\s\S]*)$", not_found),  # any character, newlines included
]
