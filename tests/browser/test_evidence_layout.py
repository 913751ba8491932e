"""The evidence map as a reader sees it, measured in Chromium: every column in view on a
1366 px screen, headers that stay in view while the map scrolls, labels kept on a phone and
a scroll box a keyboard can move; the per-barrier chart's two columns."""

import pytest

from barriers.models import Barrier
from regions.models import Region

from .browsing import visit

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def box(page, selector):
    return page.evaluate(
        """(selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
        }""",
        selector,
    )


def column_heads(page):
    """Each column heading's text, abbreviation title and box."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.evidence-map thead th')].map((th) => {
            const r = th.getBoundingClientRect();
            const abbr = th.querySelector('abbr');
            return {text: th.innerText.trim(), title: abbr && abbr.title,
                    left: r.left, right: r.right, visible: th.checkVisibility()};
        })"""
    )


def test_every_column_is_in_view_on_a_1366_px_screen(page):
    page.set_viewport_size(WIDE)
    visit(page, "/map/")
    heads = column_heads(page)
    assert len(heads) == Region.objects.count() + 2  # barrier, the regions, regions raising
    assert all(head["visible"] and head["text"] for head in heads), heads
    assert max(head["right"] for head in heads) <= WIDE["width"], heads
    wrap = page.evaluate(
        """() => { const w = document.querySelector('.evidence-map-wrap');
            return {scroll: w.scrollWidth, client: w.clientWidth,
                    page: document.documentElement.scrollWidth}; }"""
    )
    assert wrap["scroll"] <= wrap["client"], f"the map scrolls inside its box: {wrap}"
    assert wrap["page"] <= WIDE["width"], f"the page scrolls sideways: {wrap}"
    # The abbreviated heads name their region, and the legend below names every column.
    names = {f"{r.name} ({r.country.name})" for r in Region.objects.select_related("country")}
    assert {head["title"] for head in heads[1:-1]} == names
    legend = page.locator(".evidence-columns").inner_text()
    assert all(region.name in legend for region in Region.objects.all())
    assert not page.locator(".scroll-cue").is_visible()  # nothing to scroll: no cue


def test_the_map_comes_before_the_filter_and_its_explanation_is_folded(page):
    page.set_viewport_size(WIDE)
    visit(page, "/map/")
    table_top = box(page, ".evidence-map")["top"]
    assert table_top < WIDE["height"], "the map starts below the fold"
    assert table_top < box(page, ".filter-form")["top"]
    help_box = page.locator("details.map-help")
    assert help_box.get_attribute("open") is None
    assert not help_box.locator(".note").is_visible()


def test_the_column_heads_stay_in_view_as_the_page_scrolls(page):
    page.set_viewport_size(WIDE)
    visit(page, "/map/")
    # Half way down the map: its header row sits at the top of the screen.
    page.evaluate(
        """() => { const t = document.querySelector('.evidence-map');
            window.scrollTo({top: t.getBoundingClientRect().top + scrollY + t.offsetHeight / 2,
                              behavior: 'instant'}); }"""
    )
    head = box(page, ".evidence-map thead th:nth-child(2)")
    assert 0 <= head["top"] <= 2, head
    row_label = box(page, ".evidence-map tbody th[scope=row]")
    assert row_label["bottom"] < 0  # the first rows have scrolled away, the header has not


def test_on_a_phone_the_labels_stay_and_the_map_scrolls_in_a_labelled_box(page):
    page.set_viewport_size(PHONE)
    visit(page, "/map/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(".scroll-cue").is_visible()
    wrap = page.locator(".evidence-map-wrap")
    assert wrap.get_attribute("tabindex") == "0"
    assert wrap.get_attribute("role") == "region"
    assert page.locator("#" + wrap.get_attribute("aria-labelledby")).inner_text()
    labels = page.locator(".evidence-map tbody th[scope=row]")
    assert labels.count() == Barrier.objects.count()
    first = Barrier.objects.order_by("category__order", "number").first()
    assert labels.first.inner_text() == f"{first.number}. {first.title}"
    heads = column_heads(page)
    assert all(head["text"] for head in heads)

    before = box(page, ".evidence-map tbody th[scope=row]")
    wrap.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    # The arrow keys scroll it (smoothly, where the page asks for smooth scrolling: wait).
    page.wait_for_function("document.querySelector('.evidence-map-wrap').scrollLeft > 0")
    page.wait_for_timeout(600)  # let the arrow keys' smooth scrolling end before moving it
    wrap.evaluate("w => w.scrollTo({left: 400, top: 300, behavior: 'instant'})")
    after = box(page, ".evidence-map tbody th:not([colspan])")
    assert after["left"] == pytest.approx(before["left"], abs=1), "the row labels scroll away"
    head = box(page, ".evidence-map thead th:nth-child(2)")
    assert head["top"] == pytest.approx(box(page, ".evidence-map-wrap")["top"], abs=2)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_the_per_barrier_chart_has_its_two_columns(page, viewport):
    page.set_viewport_size(viewport)
    visit(page, "/map/")
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.bar-chart--pair tbody tr')].map((tr) => {
            const cell = (s) => { const c = tr.querySelector(s);
                const r = c.getBoundingClientRect();
                return {left: r.left, right: r.right, width: r.width,
                        value: c.querySelector('.bar-chart__value').innerText}; };
            return {cells: tr.cells.length, quotes: cell('.bar-chart__quotes'),
                    practices: cell('.bar-chart__practices')};
        })"""
    )
    heads = page.evaluate(
        """() => [...document.querySelector('.bar-chart--pair thead tr').cells]
            .map((th) => { const r = th.getBoundingClientRect();
                return {left: r.left, right: r.right}; })"""
    )
    assert len(rows) == Barrier.objects.count()
    counts = {
        b.number: (b.quote_count, b.practice_count)
        for b in Barrier.objects.for_list().order_by("category__order", "number")
    }
    assert [(int(r["quotes"]["value"]), int(r["practices"]["value"])) for r in rows] == list(
        counts.values()
    )
    for row in rows:
        assert row["cells"] == 3
        quotes, practices = row["quotes"], row["practices"]
        assert quotes["width"] > 0 and practices["width"] > 0
        assert practices["left"] >= quotes["right"] - 1, row  # side by side, not merged
        # Each under its own heading.
        assert heads[1]["left"] - 1 <= quotes["left"] and quotes["right"] <= heads[1]["right"] + 1
        assert heads[2]["left"] - 1 <= practices["left"]
        assert practices["right"] <= heads[2]["right"] + 1
    assert page.locator(".chart-legend li").count() == 2
