"""Site pages of the regions app. URL names are global (no namespace): see preciseu_kb/urls.py."""

from django.urls import path

from provenance.citation import cite_urls

from . import views

urlpatterns = [
    path("regions/", views.region_list, name="region-list"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
    path("regions/<slug:slug>/brief/", views.region_brief, name="region-brief"),
    path(
        "regions/<slug:slug>/recommended-practices/",
        views.region_recommendations,
        name="region-recommendations",
    ),
    *cite_urls("regions/<slug:slug>/", "region", views.get_region, views.region_citation),
    path("challenges/<str:key>/", views.challenge_detail, name="challenge-detail"),
    *cite_urls("challenges/<str:key>/", "challenge", views.get_challenge, views.challenge_citation),
    path("findings/<str:key>/", views.finding_detail, name="finding-detail"),
    *cite_urls("findings/<str:key>/", "finding", views.get_finding, views.finding_citation),
]
