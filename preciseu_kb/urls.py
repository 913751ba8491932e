from django.contrib import admin
from django.urls import include, path

from . import health, region_profile, views

handler500 = "preciseu_kb.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("", include("barriers.urls")),
    path("", include("practices.urls")),
    path("regions/<slug:slug>/", region_profile.region_detail, name="region-detail"),
    path("", include("regions.urls")),
    path("", include("preciseu_kb.evidence_urls")),
    path("api/", include("preciseu_kb.api")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
