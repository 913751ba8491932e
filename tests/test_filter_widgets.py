"""The site's filter drop-downs: every record's key and name under "Any …", the chosen values
selected, and a multiple choice when a shared link chooses several values, so that applying
the form again keeps them."""

from html.parser import HTMLParser

import pytest
from django.http import QueryDict

from barriers.filters import BarrierKeyFilter, CategoryKeyFilter, QuoteFilter
from barriers.models import Barrier
from bases.listing import API_ONLY_FILTERS
from practices.filters import PracticeFilter
from provenance.filters import SourceKeyFilter
from regions.filters import CountryKeyFilter, RegionFilter, RegionKeyFilter
from regions.models import Region
from search.filters import SearchParameters
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


class Selects(HTMLParser):
    """The <select> elements of some HTML: for each name, whether it is multiple, its options
    as (value, label) and the values selected."""

    def __init__(self, html):
        super().__init__()
        self.found, self.select, self.option = {}, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.select = self.found[attrs["name"]] = {
                "multiple": "multiple" in attrs,
                "options": [],
                "selected": [],
            }
        elif tag == "option":
            self.option = [attrs["value"], ""]
            if "selected" in attrs:
                self.select["selected"].append(attrs["value"])

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self.select["options"].append(tuple(self.option))
            self.option = None


def site_form(filterset, query):
    """The form of `filterset` as a site page shows it (bases.listing.filtered_list)."""
    queryset = SearchEntry.objects.all() if filterset is SearchParameters else None
    chosen = filterset(query, queryset=queryset)
    for name in API_ONLY_FILTERS:
        chosen.filters.pop(name, None)
    return chosen.form


def selects(filterset, query):
    form = site_form(filterset, QueryDict(query))
    return Selects("".join(str(field) for field in form)).found


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
    assert field.empty_label.startswith("Any")
    assert [(str(key), label) for key, label in field.choices] == expected


def test_the_rendered_drop_down_lists_every_record_under_any():
    barrier = selects(PracticeFilter, "")["barrier"]
    expected = [(str(b.number), str(b)) for b in Barrier.objects.order_by("number")]
    assert barrier == {
        "multiple": False,
        "options": [("", "Any barrier"), *expected],
        "selected": [],
    }
    regions = selects(QuoteFilter, "")["region"]["options"]
    assert regions[1:] == [(r.slug, r.name) for r in Region.objects.order_by("order")]


def test_one_value_is_a_single_choice_with_it_selected():
    found = selects(PracticeFilter, "barrier=5&country=IT&region=crete")
    assert {name: found[name]["selected"] for name in ("barrier", "country", "region")} == {
        "barrier": ["5"],
        "country": ["IT"],
        "region": ["crete"],
    }
    assert not any(select["multiple"] for select in found.values())


@pytest.mark.parametrize("query", ["barrier=1,16", "barrier=1&barrier=16", "barrier=1,&barrier=16"])
def test_several_values_make_a_multiple_choice_with_all_selected(query):
    barrier = selects(QuoteFilter, query)["barrier"]
    assert barrier["multiple"]
    assert barrier["selected"] == ["1", "16"]
    assert not selects(QuoteFilter, query)["region"]["multiple"]


@pytest.mark.parametrize(
    ("filterset", "query"),
    [
        (PracticeFilter, "barrier=1,16&country=IT&country=GR&region=crete"),
        (QuoteFilter, "region=crete,sofia&category=financial-barriers"),
        (RegionFilter, "country=GR,IT"),
        (SearchParameters, "q=data&kind=quote,challenge&region=crete"),
    ],
)
def test_applying_the_form_again_keeps_every_chosen_value(filterset, query):
    """The browser submits each selected option as a repeated parameter."""
    resubmitted = QueryDict(mutable=True)
    for name, select in selects(filterset, query).items():
        resubmitted.setlist(name, select["selected"])
    first = site_form(filterset, QueryDict(query))
    second = site_form(filterset, resubmitted)
    assert first.is_valid() and second.is_valid()
    chosen = {name: list(first.cleaned_data[name]) for name in resubmitted}
    assert sum(len(values) for values in chosen.values()) >= 2
    assert chosen == {name: list(second.cleaned_data[name]) for name in resubmitted}


def test_the_search_kinds_are_one_drop_down_until_several_are_chosen():
    assert not selects(SearchParameters, "kind=quote")["kind"]["multiple"]
    kind = selects(SearchParameters, "kind=quote,challenge")["kind"]
    assert kind["multiple"]
    assert kind["selected"] == ["quote", "challenge"]
    assert kind["options"][0] == ("", "Any kind")


@pytest.mark.parametrize(
    "choices, value",
    [
        ([("", "Any"), ("1", "One"), ("2", "Two <&>")], "2"),
        ([("", "Any"), ("1", "One"), ("2", "Two")], "1,2"),  # several: a multiple choice
        ([("Group", [("1", "One"), ("2", "Two")]), ("3", "Three")], "3"),
    ],
)
def test_the_key_select_renders_exactly_as_djangos_select(choices, value):
    """KeySelect writes the option template in place (for speed at scale): its output must
    stay Django's, byte for byte, escaping and option groups included."""
    from django import forms

    from bases.filters import KeySelect

    ours = KeySelect(choices=choices)
    theirs = forms.SelectMultiple if "," in value else forms.Select
    expected = theirs(choices=choices).render("barrier", value.split(","))
    assert ours.render("barrier", value) == expected
