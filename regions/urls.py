"""Site pages of the regions app. URL names are global (no namespace): see preciseu_kb/urls.py.
The region page (`region-detail`) is routed there too, as its view crosses every app."""

from django.urls import path

from . import views

urlpatterns = [
    path("regions/", views.region_list, name="region-list"),
]
