"""Filtering lists with their forms, as a visitor does: the choice ends up in a shareable URL,
the list and its count follow it, and "Clear filters" brings everything back."""

import re

import pytest
from django.urls import reverse

from barriers.models import Quote
from practices.models import GoodPractice

from .browsing import load_by_clicking, path_of, query_of, result_count, visit

pytestmark = pytest.mark.browser


def test_practices_by_barrier_and_country_then_cleared(page):
    """Barrier 5 (Reimbursement Misalignment) and Belgium: the Beneluxa Initiative and mHealth."""
    everything = GoodPractice.objects.count()
    chosen = GoodPractice.objects.filter(barriers__number=5, countries__code="BE").distinct()
    assert chosen.count() == 2
    visit(page, reverse("practice-list"))
    assert result_count(page) == everything

    form = page.get_by_role("form", name="Filter good practices")
    form.get_by_role("group", name="Barrier").get_by_label(re.compile("^5\\. ")).check()
    form.get_by_role("group", name="Country").get_by_label(re.compile("^Belgium")).check()
    load_by_clicking(page, form.get_by_role("button", name="Apply"))

    assert path_of(page) == reverse("practice-list")
    assert query_of(page) == {"barrier": ["5"], "country": ["BE"]}
    assert result_count(page) == 2
    assert listed_practices(page) == sorted(chosen.values_list("name", flat=True))

    clear_filters(page, "Filter good practices")
    assert result_count(page) == everything


def test_quotes_by_region_and_barrier_then_cleared(page):
    """The Netherlands on barrier 13 (Infrastructure-related barriers in healthcare): 3 quotes."""
    everything = Quote.objects.count()
    chosen = Quote.objects.filter(region__slug="netherlands", barrier__number=13)
    assert chosen.count() == 3
    visit(page, reverse("quote-list"))
    assert result_count(page) == everything

    form = page.get_by_role("form", name="Filter quotes")
    form.get_by_role("group", name="Region").get_by_label(re.compile("^Netherlands")).check()
    form.get_by_role("group", name="Barrier").get_by_label(re.compile("^13\\. ")).check()
    load_by_clicking(page, form.get_by_role("button", name="Apply"))

    assert path_of(page) == reverse("quote-list")
    assert query_of(page) == {"region": ["netherlands"], "barrier": ["13"]}
    assert result_count(page) == 3
    assert page.locator("main blockquote").count() == 3

    clear_filters(page, "Filter quotes")
    assert result_count(page) == everything


def listed_practices(page):
    return sorted(page.locator("main .card h2").all_inner_texts())


def clear_filters(page, form_name):
    list_path = path_of(page)
    form = page.get_by_role("form", name=form_name)
    load_by_clicking(page, form.get_by_role("link", name="Clear filters"))
    assert page.url == page.url.split("?")[0]
    assert path_of(page) == list_path
