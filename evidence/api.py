"""/api/v1/evidence-map/: the evidence map of the site's /map/ page as JSON; and
/api/v1/regions/<slug>/recommended-practices/: the practices from elsewhere for a region, as on
its page (docs/api.md). Both read several apps, so they live in the project package."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier
from practices.matching import barriers_raised_by, practices_from_elsewhere
from regions.models import Region

from .evidence_map import STRENGTH_BANDS, EvidenceMapFilter, evidence_map


class EvidenceMapView(APIView):
    """Per barrier (grouped by category) and partner region: the region's quotes on the
    barrier, its fact-sheet challenges mapped to it (editorial) and the good practices from
    its country listed under it, with the strength band, links to those records on the site,
    and the totals of each barrier and region."""

    @extend_schema(
        summary="Evidence map",
        parameters=[
            OpenApiParameter(
                "category",
                str,
                description="Category slugs (repeated or comma-separated): only their barriers.",
            )
        ],
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(description="A category is not known (the body lists them)."),
        },
    )
    def get(self, request):
        filterset = EvidenceMapFilter(request.query_params, queryset=Barrier.objects.all())
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return Response(map_body(evidence_map(filterset.qs), request))


def map_body(evidence, request):
    absolute = request.build_absolute_uri
    return {
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "strength_bands": [
            {"level": level, "at_least": lowest, "label": label}
            for lowest, level, label in STRENGTH_BANDS
        ],
        "regions": [
            {
                "slug": total.region.slug,
                "name": total.region.name,
                "country": total.region.country.code,
                "url": absolute(total.region.get_absolute_url()),
                "barriers_raised": total.barriers,
                "quotes": total.quotes,
                "mapped_challenges": total.challenges,
                "practices_from_country": total.practices,
                "national_findings": total.findings,
            }
            for total in evidence.totals
        ],
        "categories": [
            {
                "slug": group.category.slug,
                "name": group.category.name,
                "barriers": [barrier_body(row, absolute) for row in group.rows],
            }
            for group in evidence.groups
        ],
    }


def barrier_body(row, absolute):
    return {
        "number": row.barrier.number,
        "title": row.barrier.title,
        "url": absolute(row.barrier.get_absolute_url()),
        "regions_raising": row.region_count,
        "quotes": row.quotes,
        "mapped_challenges": row.challenges,
        "practices_from_partner_countries": row.practices,
        "national_findings": row.findings,
        "cells": [
            {
                "region": cell.region.slug,
                "quotes": cell.quotes,
                "mapped_challenges": cell.challenges,
                "practices_from_country": cell.practices,
                "national_findings": cell.findings,
                "strength": cell.strength,
                "strength_label": cell.strength_label,
                "quotes_url": absolute(cell.quotes_url),
                "challenges_url": absolute(cell.challenges_url),
                "practices_url": absolute(cell.practices_url),
                "findings_url": absolute(cell.findings_url),
            }
            for cell in row.cells
        ],
    }


RANKING_RULE = (
    "Practices from countries other than the region's, listed under at least one barrier the "
    "region raised (quotes, or a fact-sheet challenge mapped to it); most of those barriers "
    "first, then by name ignoring case, then by slug."
)


class RecommendedPracticesView(APIView):
    """The good practices from other countries that address the barriers a region raised,
    ranked, each with the barriers it addresses and the reason in words."""

    @extend_schema(
        summary="Recommended practices for a region",
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="No such region.")},
    )
    def get(self, request, slug):
        region = get_object_or_404(Region.objects.select_related("country"), slug=slug)
        raised = barriers_raised_by(region)
        matches = practices_from_elsewhere(region, raised)
        absolute = request.build_absolute_uri
        return Response(
            {
                "region": region.slug,
                "region_url": absolute(reverse("api:region-detail", args=[region.slug])),
                "ranking": RANKING_RULE,
                "editorial_note": EDITORIAL_MAPPING_NOTE,
                "barriers_raised": [raised_body(barrier) for barrier in raised],
                "results": [
                    match_body(rank, match, len(raised), absolute)
                    for rank, match in enumerate(matches, start=1)
                ],
            }
        )


def raised_body(barrier):
    return {
        "number": barrier.number,
        "title": barrier.title,
        "quoted": barrier.quoted,
        "mapped": barrier.mapped,
    }


def how_raised(barrier):
    """ "quoted", "mapped challenge, editorial" or both."""
    ways = ["quoted"] if barrier.quoted else []
    return ", ".join([*ways, "mapped challenge, editorial"] if barrier.mapped else ways)


def reason(match, raised_count):
    """ "Addresses 2 of the 5 barriers the region raised: 3. … (quoted); 7. … (…)"."""
    barriers = "; ".join(
        f"{barrier.number}. {barrier.title} ({how_raised(barrier)})" for barrier in match.barriers
    )
    plural = "" if raised_count == 1 else "s"
    return (
        f"Addresses {match.count} of the {raised_count} barrier{plural} the region raised: "
        f"{barriers}"
    )


def match_body(rank, match, raised_count, absolute):
    practice = match.practice
    return {
        "rank": rank,
        "count": match.count,
        "reason": reason(match, raised_count),
        "barriers": [raised_body(barrier) for barrier in match.barriers],
        "practice": {
            "slug": practice.slug,
            "name": practice.name,
            "countries": [country.code for country in practice.countries.all()],
            "url": absolute(reverse("api:practice-detail", args=[practice.slug])),
        },
    }


urlpatterns = [
    path("evidence-map/", EvidenceMapView.as_view(), name="evidence-map"),
    path(
        "regions/<slug:slug>/recommended-practices/",
        RecommendedPracticesView.as_view(),
        name="region-recommended-practices",
    ),
]
