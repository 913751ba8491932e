"""Site pages of the barriers app. URL names are global (no namespace): see preciseu_kb/urls.py."""

from django.urls import path

from . import quote_views, views

urlpatterns = [
    path("barriers/", views.barrier_list, name="barrier-list"),
    path("barriers/<int:number>/", views.barrier_detail, name="barrier-detail"),
    path("barriers/<int:number>/brief/", views.barrier_brief, name="barrier-brief"),
    path("barriers/<slug:slug>/", views.barrier_by_slug, name="barrier-by-slug"),
    path("categories/<slug:slug>/", views.category_detail, name="category-detail"),
    path("quotes/", quote_views.quote_list, name="quote-list"),
]
