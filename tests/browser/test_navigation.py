"""The primary navigation: one line on a wide screen, folded behind "Menu" on a phone, never
two lines of links pushing the page down."""

import pytest

from preciseu_kb.context_processors import PRIMARY_NAV

from .browsing import visit

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def link_rows(page, selector):
    """The distinct tops of the visible links under `selector`."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector + ' a')]
            .filter((a) => a.checkVisibility({contentVisibilityAuto: true}))
            .map((a) => Math.round(a.getBoundingClientRect().top))""",
        selector,
    )


def test_the_sections_are_one_line_on_a_wide_screen(page):
    page.set_viewport_size(WIDE)
    visit(page, "/map/")
    tops = link_rows(page, ".site-nav")
    assert len(tops) == len(PRIMARY_NAV)
    assert len(set(tops)) == 1, f"the navigation wraps: link tops {tops}"
    assert not page.locator(".site-nav__fold").is_visible()


def test_on_a_phone_the_sections_fold_behind_one_control_beside_the_name(page):
    page.set_viewport_size(PHONE)
    visit(page, "/regions/crete/")
    assert link_rows(page, ".site-nav") == []  # folded: no link shows
    name = page.locator(".site-name").bounding_box()
    menu = page.locator(".site-nav__fold summary")
    box = menu.bounding_box()
    # On the site name's line, not below it.
    assert box["y"] < name["y"] + name["height"], (box, name)
    assert not page.evaluate("document.documentElement.scrollWidth > innerWidth")

    menu.click()
    links = page.locator(".site-nav__fold a")
    assert links.count() == len(PRIMARY_NAV)
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert page.locator('.site-nav__fold a[aria-current="page"]').inner_text() == "Regions"
    # The open menu lies over the page; it does not widen it.
    assert not page.evaluate("document.documentElement.scrollWidth > innerWidth")
    menu.press("Enter")  # a keyboard user closes it again
    assert link_rows(page, ".site-nav") == []
