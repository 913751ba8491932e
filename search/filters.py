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
from bases.filters import SEARCH_MAX_LENGTH, KeySelect, split_values
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


class KindField(forms.MultipleChoiceField):
    """Kinds of record, as `kind=quote,challenge` or `kind=quote&kind=challenge`; a single
    drop-down on the site."""

    widget = KeySelect
    default_error_messages = {
        "invalid_choice": f"Unknown kind “%(value)s”. Allowed: {', '.join(Kind.values)}."
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.choices = [("", "Any kind"), *self.choices]

    def to_python(self, value):
        return split_values([value] if isinstance(value, str) else value or [])


class KindFilter(django_filters.MultipleChoiceFilter):
    field_class = KindField


class SearchParameters(django_filters.FilterSet):
    q = SearchTextFilter(
        method="searched_by_the_engine",
        max_length=SEARCH_MAX_LENGTH,
        label="Search for",
        help_text="Words to look for; every word must appear.",
        widget=forms.SearchInput,
    )
    kind = KindFilter(
        method="searched_by_the_engine",
        choices=Kind.choices,
        label="Kind",
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

    class Meta:
        model = SearchEntry
        fields = []

    def searched_by_the_engine(self, queryset, name, value):
        return queryset
