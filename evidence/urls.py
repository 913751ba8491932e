"""The evidence map, the comparison of regions and the gaps (site pages)."""

from django.urls import path

from . import views

urlpatterns = [
    path("map/", views.map_page, name="evidence-map"),
    path("map/evidence-map.csv", views.map_csv, name="evidence-map-csv"),
    path("map/evidence-map.svg", views.map_svg, name="evidence-map-svg"),
    path("compare/", views.compare_page, name="compare-regions"),
    path("gaps/", views.gaps_page, name="gaps"),
]
