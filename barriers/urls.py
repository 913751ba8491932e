"""Site pages of the barriers app. URL names are global (no namespace): see preciseu_kb/urls.py."""

from django.urls import path

from provenance.citation import cite_urls

from . import quote_views, views

urlpatterns = [
    path("barriers/", views.barrier_list, name="barrier-list"),
    path("barriers/<int:number>/", views.barrier_detail, name="barrier-detail"),
    path("barriers/<int:number>/brief/", views.barrier_brief, name="barrier-brief"),
    path("barriers/<slug:slug>/", views.barrier_by_slug, name="barrier-by-slug"),
    path("categories/<slug:slug>/", views.category_detail, name="category-detail"),
    *cite_urls("barriers/<int:number>/", "barrier", views.get_barrier, views.barrier_citation),
    path("quotes/", quote_views.quote_list, name="quote-list"),
    path("quotes/<str:key>/", quote_views.quote_detail, name="quote-detail"),
    *cite_urls("quotes/<str:key>/", "quote", quote_views.get_quote, quote_views.quote_citation),
    path("comments/<str:key>/", quote_views.comment_detail, name="comment-detail"),
    *cite_urls(
        "comments/<str:key>/", "comment", quote_views.get_comment, quote_views.comment_citation
    ),
]
