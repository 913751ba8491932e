"""Site pages of the practices app. URL names are global (no namespace): see preciseu_kb/urls.py."""

from django.urls import path

from provenance.citation import cite_urls

from . import views

urlpatterns = [
    path("practices/", views.practice_list, name="practice-list"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice-detail"),
    path("shortlist/", views.shortlist, name="shortlist"),
    *cite_urls("practices/<slug:slug>/", "practice", views.get_practice, views.practice_citation),
]
