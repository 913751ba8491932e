"""Layout at phone width: barrier and region pages and their briefs, the ones read on the go,
never scroll sideways."""

import pytest
from django.urls import reverse

from barriers.models import Barrier
from regions.models import Region

from .browsing import visit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_barrier_pages_fit_a_phone(page):
    paths = [
        reverse("barrier-detail", kwargs={"number": number})
        for number in Barrier.objects.order_by("number").values_list("number", flat=True)
    ]
    assert len(paths) == 17
    assert_no_sideways_scrolling(page, paths)


def test_region_pages_fit_a_phone(page):
    paths = [
        reverse("region-detail", kwargs={"slug": slug})
        for slug in Region.objects.order_by("order").values_list("slug", flat=True)
    ]
    assert len(paths) == 10
    assert_no_sideways_scrolling(page, paths)


def test_briefs_fit_a_phone(page):
    paths = [
        *(
            reverse("barrier-brief", kwargs={"number": number})
            for number in Barrier.objects.values_list("number", flat=True)
        ),
        *(
            reverse("region-brief", kwargs={"slug": slug})
            for slug in Region.objects.values_list("slug", flat=True)
        ),
    ]
    assert len(paths) == 27
    assert_no_sideways_scrolling(page, paths)


def test_record_pages_fit_a_phone(page):
    """A page of each kind of record, with its reference and the long permalink in it."""
    paths = ["/quotes/5-3/", "/comments/7-1/", "/challenges/crete-2/"]
    paths += ["/findings/es-cancer-factsheet-3/", "/practices/findata/"]
    assert_no_sideways_scrolling(page, paths)


def assert_no_sideways_scrolling(page, paths):
    page.set_viewport_size(PHONE)
    too_wide = {}
    for path in paths:
        visit(page, path)
        if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
            too_wide[path] = unshrinkable_elements(page)
    assert not too_wide, "\n".join(
        f"{path} scrolls sideways at {PHONE['width']}px; too wide: {'; '.join(elements)}"
        for path, elements in too_wide.items()
    )


def unshrinkable_elements(page):
    """What to fix: the innermost elements that cannot get narrower than the main content's
    width at this screen size (no wrapping, fixed widths, wide tables or pictures)."""
    return page.evaluate(
        """() => {
            const main = document.querySelector('main');
            const style = getComputedStyle(main);
            const room = main.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            const narrowest = (e) => {
                const width = e.style.width;
                e.style.width = 'min-content';
                const narrowest = e.getBoundingClientRect().width;
                e.style.width = width;
                return narrowest;
            };
            const name = (e) => e.tagName.toLowerCase()
                + [...e.classList].map((c) => '.' + c).join('');
            const text = (e) => e.textContent.replace(/\\s+/g, ' ').trim().slice(0, 40);
            // A box that scrolls or clips its own content keeps it off the page's width.
            const contained = (e) => {
                for (let box = e.parentElement; box !== main; box = box.parentElement) {
                    if (getComputedStyle(box).overflowX !== 'visible') return true;
                }
                return false;
            };
            const tooWide = [...main.querySelectorAll('*')].filter((e) => {
                const display = getComputedStyle(e).display;
                return display !== 'inline' && !display.startsWith('table-')
                    && !contained(e) && narrowest(e) > room + 0.5;
            });
            return tooWide
                .filter((e) => !tooWide.some((other) => other !== e && e.contains(other)))
                .slice(0, 5)
                .map((e) => `${name(e)} "${text(e)}"`
                    + ` (at least ${Math.round(narrowest(e))}px, room ${Math.round(room)}px)`);
        }"""
    )
