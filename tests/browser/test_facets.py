"""The lists' facets as a visitor meets them: checkbox groups with counts beside the list on
a desktop, folded behind one "Filters" control on a phone; ticking two boxes narrows the
list, and the counts follow. Screenshots go to SHOTS_DIR when it is set."""

import os
import re

import pytest
from django.urls import reverse

from practices.models import GoodPractice

from .browsing import load_by_clicking, query_of, result_count, visit

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def shoot(page, name):
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=False)


def option_count(group, label):
    """The count shown beside the option whose label starts with `label`."""
    option = group.locator("label", has_text=re.compile(f"^{re.escape(label)}")).first
    return int(option.locator(".facet__count").inner_text().split()[0])


def test_desktop_shows_the_facets_with_counts_and_two_ticks_narrow(page):
    page.set_viewport_size(DESKTOP)
    visit(page, reverse("practice-list"))
    form = page.get_by_role("form", name="Filter good practices")
    assert form.is_visible()
    assert not page.locator(".filter-fold__summary").is_visible(), "no fold on a desktop"
    barriers = form.get_by_role("group", name="Barrier")
    assert option_count(barriers, "5. ") == 7  # the report's table of barrier 5
    shoot(page, "practices-facets-1366")

    barriers.get_by_label(re.compile(r"^5\. ")).check()
    form.get_by_role("group", name="Country").get_by_label(re.compile("^Belgium")).check()
    load_by_clicking(page, form.get_by_role("button", name="Apply"))
    assert query_of(page) == {"barrier": ["5"], "country": ["BE"]}
    assert result_count(page) == 2
    # Counts follow the other filters: Belgium's practices on barrier 5 and Belgium's own.
    form = page.get_by_role("form", name="Filter good practices")
    assert option_count(form.get_by_role("group", name="Barrier"), "5. ") == 2
    belgium = GoodPractice.objects.filter(barriers__number=5, countries__code="BE").distinct()
    assert option_count(form.get_by_role("group", name="Country"), "Belgium") == belgium.count()
    shoot(page, "practices-facets-ticked-1366")


def test_phone_folds_the_filters_behind_one_control(page):
    page.set_viewport_size(PHONE)
    visit(page, reverse("practice-list") + "?barrier=5")
    summary = page.locator(".filter-fold__summary")
    form = page.get_by_role("form", name="Filter good practices")
    assert summary.is_visible() and "1 in use" in summary.inner_text()
    assert not form.is_visible(), "the filters are folded on a phone"
    # The list comes right after the one control, above the fold.
    assert page.locator(".result-count").bounding_box()["y"] < PHONE["height"]
    shoot(page, "practices-folded-390")
    summary.click()
    assert form.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shoot(page, "practices-unfolded-390")
    form.get_by_role("group", name="Barrier").get_by_label(re.compile(r"^6\. ")).check()
    load_by_clicking(page, form.get_by_role("button", name="Apply"))
    either = GoodPractice.objects.filter(barriers__number__in=[5, 6]).distinct().count()
    assert result_count(page) == either


def test_search_facets_fold_on_a_phone_and_show_on_a_desktop(page):
    page.set_viewport_size(PHONE)
    visit(page, reverse("search") + "?q=reimbursemnt")
    assert page.locator(".filter-fold__summary").is_visible()
    assert not page.get_by_role("group", name="Category").is_visible()
    assert page.locator("#site-search").input_value() == "reimbursemnt"
    shoot(page, "search-390")
    page.set_viewport_size(DESKTOP)
    assert page.get_by_role("group", name="Category").is_visible()
    shoot(page, "search-1366")
