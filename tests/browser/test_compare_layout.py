"""The comparison of regions as a reader sees it: on a phone nothing scrolls the page
sideways and the quotes stack; on a wide screen they stand side by side."""

import pytest

from .browsing import visit

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CHOICES = ["crete,lithuania", "crete,lithuania,netherlands"]


def sides(page):
    """The boxes of the first shared barrier's columns of quotes."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.compare-shared')][0]
            .querySelectorAll('.compare-side').values().map((side) => {
                const r = side.getBoundingClientRect();
                return {left: r.left, right: r.right, top: r.top};
            }).toArray()"""
    )


@pytest.mark.parametrize("regions", CHOICES)
def test_compare_fits_a_phone(page, regions):
    page.set_viewport_size(PHONE)
    visit(page, f"/compare/?regions={regions}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"
    columns = sides(page)
    assert len(columns) == regions.count(",") + 1
    # One under the other, each the width of the screen's content.
    assert [c["top"] for c in columns] == sorted(c["top"] for c in columns)
    assert len({round(c["left"]) for c in columns}) == 1
    assert all(c["right"] <= PHONE["width"] for c in columns)
    assert page.locator(".compare-summary .card").first.is_visible()


@pytest.mark.parametrize("regions", CHOICES)
def test_on_a_wide_screen_the_quotes_stand_side_by_side(page, regions):
    page.set_viewport_size(WIDE)
    visit(page, f"/compare/?regions={regions}")
    columns = sides(page)
    assert len({round(c["top"]) for c in columns}) == 1
    lefts = [c["left"] for c in columns]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]


def test_a_region_page_leads_to_the_comparison(page):
    page.set_viewport_size(PHONE)
    visit(page, "/regions/crete/")
    page.get_by_label("Compare with…").select_option("lithuania")
    with page.expect_navigation():
        page.locator(".compare-with button").click()
    assert page.url.endswith("/compare/?regions=crete&regions=lithuania")
    assert page.locator("h1").inner_text() == "Compare regions"
    assert "Only Lithuania" in page.locator(".compare-summary").inner_text()
