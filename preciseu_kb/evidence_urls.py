"""The evidence map and the comparison of regions (site pages)."""

from django.urls import path

from . import evidence_views

urlpatterns = [
    path("map/", evidence_views.map_page, name="evidence-map"),
    path("map/evidence-map.csv", evidence_views.map_csv, name="evidence-map-csv"),
    path("map/evidence-map.svg", evidence_views.map_svg, name="evidence-map-svg"),
    path("compare/", evidence_views.compare_page, name="compare-regions"),
]
