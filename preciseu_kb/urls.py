from django.contrib import admin
from django.urls import include, path

from . import downloads, health, views

handler500 = "preciseu_kb.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("about/notes/<slug:kind>/", views.noted_kind, name="noted-records"),
    path("downloads/", downloads.downloads, name="downloads"),
    path("downloads/<str:filename>", downloads.download_file, name="download-file"),
    path("", include("search.urls")),
    # Before practices.urls: `practices/propose/` is not a practice's slug.
    path("", include("contributions.urls")),
    path("", include("barriers.urls")),
    path("", include("practices.urls")),
    path("", include("regions.urls")),
    path("", include("evidence.urls")),
    path("", include("history.urls")),
    path("api/", include("preciseu_kb.api")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
