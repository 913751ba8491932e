"""The site's filter drop-downs (`KeySelect`) write their HTML themselves, for speed; it must
be exactly what Django's select templates render, for every form, chosen value and option."""

import pytest
from django import forms
from django.http import QueryDict

from barriers.filters import (
    BarrierFilter,
    BarrierKeyFilter,
    CategoryKeyFilter,
    CommentFilter,
    FindingFilter,
    QuoteFilter,
)
from bases.filters import KeySelect
from practices.filters import PracticeFilter
from provenance.filters import SourceFilter, SourceKeyFilter
from regions.filters import ChallengeFilter, CountryKeyFilter, RegionFilter, RegionKeyFilter
from search.filters import SearchParameters
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

FILTERSETS = [
    BarrierFilter,
    QuoteFilter,
    CommentFilter,
    FindingFilter,
    PracticeFilter,
    SourceFilter,
    RegionFilter,
    ChallengeFilter,
]

QUERIES = [
    "",
    "barrier=5&country=IT&region=crete&category=financial-barriers&source=d6-1",
    "barrier=1,16&country=IT&country=GR&region=crete,sofia",  # several: a multiple select
    "barrier=99&region=atlantis&country=%3Cscript%3E",  # unknown values, shown as typed
    'kind=quote,challenge&q=data&region="><b>',
]


def key_selects(form):
    return [field for field in form if isinstance(field.field.widget, KeySelect)]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("filterset", [*FILTERSETS, SearchParameters])
def test_a_drop_down_is_what_djangos_templates_render(filterset, query, monkeypatch):
    queryset = SearchEntry.objects.all() if filterset is SearchParameters else None
    form = filterset(QueryDict(query), queryset=queryset).form
    selects = key_selects(form)
    assert selects or filterset in {CommentFilter, SourceFilter}
    ours = [str(bound_field) for bound_field in selects]
    monkeypatch.setattr(KeySelect, "render", forms.Select.render)  # Django's templates
    assert ours == [str(bound_field) for bound_field in selects]


def test_the_forms_do_have_drop_downs_with_options_chosen():
    form = PracticeFilter(QueryDict("barrier=1,16&region=crete")).form
    html = {field.name: str(field) for field in key_selects(form)}
    assert {"barrier", "country", "region"} <= set(html)
    assert html["barrier"].startswith('<select name="barrier" id="id_barrier" multiple>')
    assert '<option value="crete" selected>' in html["region"]


KEY_FILTERS = [
    BarrierKeyFilter,
    CategoryKeyFilter,
    CountryKeyFilter,
    RegionKeyFilter,
    SourceKeyFilter,
]


@pytest.mark.parametrize("key_filter", KEY_FILTERS)
def test_the_options_are_each_records_key_and_name(key_filter):
    field = key_filter().field
    records = list(field.queryset)
    assert records
    expected = [("", field.empty_label)] + [
        (str(getattr(record, field.to_field_name)), str(record)) for record in records
    ]
    assert [(str(key), label) for key, label in field.choices] == expected


def test_regions_and_countries_are_offered_without_reading_model_instances():
    for key_filter in (CountryKeyFilter, RegionKeyFilter):
        field = key_filter().field
        assert field.option_label is not None
        assert all(isinstance(key, str) for key, _ in field.choices)
