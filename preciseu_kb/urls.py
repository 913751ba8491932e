from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("barriers.urls")),
    path("", include("practices.urls")),
    path("", include("regions.urls")),
    path("api/", include("preciseu_kb.api")),
    path("admin/", admin.site.urls),
]
