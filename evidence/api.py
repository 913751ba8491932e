"""/api/v1/evidence-map/: the evidence map of the site's /map/ page as JSON; and
/api/v1/regions/<slug>/recommended-practices/: the practices from elsewhere for a region, as on
its page (docs/api.md)."""

from dataclasses import dataclass, replace

from django.shortcuts import get_object_or_404
from django.urls import path
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers.forms import BarrierChoiceForm
from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier
from bases.downloads import download
from bases.rest.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    KnowledgeBasePagination,
    whole_table,
)
from bases.rest.renderers import streamed_csv
from practices.matching import (
    PracticeMatch,
    barriers_raised_by,
    chosen_barriers,
    matches_of,
    ranked_candidates,
    reason,
)
from regions.models import Region

from .evidence_map import EvidenceMapFilter, all_regions, evidence_map
from .serializers import EvidenceMapSerializer, PracticeMatchSerializer, RecommendationsSerializer
from .tables import EVIDENCE_MAP, cells_of

# The map's columns are paged like the other lists.
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="A page number, from 1."),
    OpenApiParameter(
        "page_size",
        int,
        description=f"Number of results per page: 1 to {MAX_PAGE_SIZE}, "
        f"default {DEFAULT_PAGE_SIZE}.",
    ),
]


class EvidenceMapView(APIView):
    """Per barrier (grouped by category) and partner region: the region's quotes on the
    barrier, its fact-sheet challenges mapped to it (editorial) and the good practices from
    its country listed under it, with the strength band, links to those records on the site,
    and the totals of each barrier and region. The regions (the map's columns) are paged like
    the other lists (`page`, `page_size`); a barrier's totals count every region. As CSV, the
    site's tidy table of the map, one row per barrier and region: every region unless a page
    is asked for."""

    @extend_schema(
        summary="Evidence map",
        parameters=[
            OpenApiParameter(
                "category",
                str,
                description="Category slugs (repeated or comma-separated): only their barriers.",
            ),
            *PAGE_PARAMETERS,
        ],
        responses={
            200: EvidenceMapSerializer,
            400: OpenApiResponse(
                description="A category is not known (the body lists them), or a page or page "
                "size is out of range."
            ),
        },
    )
    def get(self, request):
        filterset = EvidenceMapFilter(request.query_params, queryset=Barrier.objects.all())
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        if whole_table(request):
            return download(request, EVIDENCE_MAP, cells_of(evidence_map(filterset.qs)), "csv")
        paginator = KnowledgeBasePagination()
        regions = paginator.paginate_queryset(all_regions(), request, self)
        evidence = replace(
            evidence_map(filterset.qs, columns=regions),
            region_count=paginator.page.paginator.count,
            next=paginator.get_next_link(),
            previous=paginator.get_previous_link(),
        )
        if request.accepted_renderer.format == "csv":
            return download(request, EVIDENCE_MAP, cells_of(evidence), "csv")
        return Response(EvidenceMapSerializer(evidence, context={"request": request}).data)


RANKING_RULE = (
    "Practices from countries other than the region's, listed under at least one barrier the "
    "region raised (quotes, or a fact-sheet challenge mapped to it); most of those barriers "
    "first, then regional practices, then institutions' (the transfer profile's level, "
    "editorial), then by name ignoring case, then by slug."
)
CHOSEN_RANKING_RULE = (
    "Practices from countries other than the region's, listed under at least one of the "
    "barriers chosen (barrier=); most of those barriers first, then regional practices, then "
    "institutions' (the transfer profile's level, editorial), then by name ignoring case, then "
    "by slug."
)


@dataclass(frozen=True)
class RankedMatch:
    rank: int
    match: PracticeMatch
    reason: str


@dataclass(frozen=True)
class Recommendations:
    """One page of a region's ranked matches, with the barriers it raised."""

    region: Region
    raised: list
    chosen: list
    results: list
    count: int
    next: str | None
    previous: str | None
    editorial_note: str = EDITORIAL_MAPPING_NOTE

    @property
    def ranking(self):
        return CHOSEN_RANKING_RULE if self.chosen else RANKING_RULE


class RecommendedPracticesView(APIView):
    """The good practices from other countries that address the barriers a region raised, or
    the barriers chosen with `barrier=`, ranked, each with the barriers it addresses and the
    reason in words; paged like the other lists (`page`, `page_size`), the whole ranking
    computed for every page; as CSV, the whole ranking unless a page is asked for."""

    @extend_schema(
        summary="Recommended practices for a region",
        parameters=[
            OpenApiParameter(
                "barrier",
                str,
                description="Barrier numbers (repeated or comma-separated): recommend "
                "practices for these barriers instead of those the region raised.",
            ),
            OpenApiParameter("page", int, description="A page number, from 1."),
            OpenApiParameter(
                "page_size",
                int,
                description=f"Number of results per page: 1 to {MAX_PAGE_SIZE}, "
                f"default {DEFAULT_PAGE_SIZE}.",
            ),
        ],
        responses={
            200: RecommendationsSerializer,
            400: OpenApiResponse(
                description="An unknown barrier number (the body names it and lists those "
                "allowed), or a page or page size out of range."
            ),
            404: OpenApiResponse(description="No such region."),
        },
    )
    def get(self, request, slug):
        region = get_object_or_404(Region.objects.select_related("country"), slug=slug)
        form = BarrierChoiceForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        raised = barriers_raised_by(region)
        chosen = chosen_barriers(region, form.chosen()) if form.chosen() else []
        in_question = chosen or raised
        by_key = {barrier.pk: barrier for barrier in in_question}
        if whole_table(request):
            matches = matches_of(ranked_candidates(region, by_key), by_key)
            results = [
                RankedMatch(rank, match, reason(match, len(in_question), chosen=bool(chosen)))
                for rank, match in enumerate(matches, start=1)
            ]
            serializer = PracticeMatchSerializer(context={"request": request})
            return streamed_csv(request, serializer, results)
        paginator = KnowledgeBasePagination()
        page = paginator.paginate_queryset(ranked_candidates(region, by_key), request, self)
        first_rank = paginator.page.start_index()
        results = [
            RankedMatch(rank, match, reason(match, len(in_question), chosen=bool(chosen)))
            for rank, match in enumerate(matches_of(page, by_key), start=first_rank)
        ]
        recommendations = Recommendations(
            region,
            raised,
            chosen,
            results,
            count=paginator.page.paginator.count,
            next=paginator.get_next_link(),
            previous=paginator.get_previous_link(),
        )
        return Response(
            RecommendationsSerializer(recommendations, context={"request": request}).data
        )


urlpatterns = [
    path("evidence-map/", EvidenceMapView.as_view(), name="evidence-map"),
    path(
        "regions/<slug:slug>/recommended-practices/",
        RecommendedPracticesView.as_view(),
        name="region-recommended-practices",
    ),
]
