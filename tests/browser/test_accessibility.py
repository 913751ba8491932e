"""Accessibility in a real browser: the axe-core audit of every kind of page, and keyboard
use."""

import pytest
from django.urls import reverse

from .axe import describe, serious_violations
from .browsing import visit

pytestmark = pytest.mark.browser

# One page of each kind, the ones with the most on them where there is a choice.
PAGES = {
    "home": ("home", {}),
    "barrier list": ("barrier-list", {}),
    "category": ("category-detail", {"slug": "financial-barriers"}),
    "barrier": ("barrier-detail", {"number": 5}),  # quotes from 8 regions, 7 practices
    "practice list": ("practice-list", {}),
    "practice": ("practice-detail", {"slug": "begingns-greece"}),  # 2 barriers, references
    "region list": ("region-list", {}),
    "region": ("region-detail", {"slug": "netherlands"}),  # the most quotes and practices
    "quotes": ("quote-list", {}),
    "quote": ("quote-detail", {"key": "5-3"}),
    "comment": ("comment-detail", {"key": "7-1"}),  # references
    "challenge": ("challenge-detail", {"key": "crete-2"}),
    "finding": ("finding-detail", {"key": "es-cancer-factsheet-3"}),
    "about": ("about", {}),
}


@pytest.mark.parametrize("url_name, kwargs", PAGES.values(), ids=PAGES.keys())
def test_no_serious_accessibility_violations(page, url_name, kwargs):
    path = reverse(url_name, kwargs=kwargs)
    visit(page, path)
    violations = serious_violations(page)
    assert not violations, describe(violations, path)


def test_filter_error_message_is_accessible(page):
    """An unknown filter value: the page says what is allowed (status 400) and stays usable."""
    path = reverse("practice-list") + "?barrier=99"
    visit(page, path, status=400)
    violations = serious_violations(page)
    assert not violations, describe(violations, path)


def test_skip_link_comes_first_and_moves_focus_to_the_main_content(page):
    visit(page, reverse("home"))

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert focused_element_is_in_view(page)

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def focused_element_is_in_view(page):
    """A skip link may hide off screen, but not once it has the focus."""
    return page.evaluate(
        """() => {
            const box = document.activeElement.getBoundingClientRect();
            return box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0
                && box.bottom <= innerHeight && box.right <= innerWidth;
        }"""
    )
