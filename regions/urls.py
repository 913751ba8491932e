"""Site pages of the regions app. URL names are global (no namespace): see preciseu_kb/urls.py."""

from django.urls import path

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
]
