"""The search parameters, shared by the search page and the API's search endpoint.

`q` (the words), `kind` (kinds of record: repeated or comma-separated), `category` and `region`
(slugs, with the lists' filters and messages). The FilterSet validates them all, but narrows
its queryset of index entries by category and region only: that is the scope the engine
searches. The engine matches and ranks `q` itself, and counts every kind before keeping the
chosen ones, so that the page can offer the other kinds.
"""

import django_filters
from django import forms

from barriers.filters import CategoryKeyFilter
from bases.filters import SEARCH_MAX_LENGTH, ChoicesFilter
from regions.filters import RegionKeyFilter
from search.models import SearchEntry

from .backends import has_words

Kind = SearchEntry.Kind


class SearchTextField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value and not has_words(value):
            raise forms.ValidationError(
                "“%(value)s” has no word to search for: type letters or digits.",
                code="no_words",
                params={"value": value},
            )


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class SearchParameters(django_filters.FilterSet):
    q = SearchTextFilter(
        method="searched_by_the_engine",
        max_length=SEARCH_MAX_LENGTH,
        label="Search for",
        help_text="Words to look for; every word must appear.",
        widget=forms.SearchInput,
    )
    kind = ChoicesFilter(
        method="searched_by_the_engine",
        choices=Kind.choices,
        noun="kind",
        label="Kind",
        any_label="Any kind",
    )
    category = CategoryKeyFilter(
        field_name="categories",
        help_text="Its barriers, their quotes and EU comments, the practices listed under them.",
    )
    region = RegionKeyFilter(
        field_name="regions",
        help_text="The region, its challenges and quotes, the barriers it raised, the practices "
        "from its country.",
    )

    facets = ("kind", "category", "region")

    class Meta:
        model = SearchEntry
        fields = []

    def searched_by_the_engine(self, queryset, name, value):
        return queryset
