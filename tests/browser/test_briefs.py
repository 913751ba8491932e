"""Printing, as a visitor does it in Chromium: every barrier's and every region's brief fits
one or two A4 pages and keeps what it is for (the summary, the permalink); a barrier page
prints its quotes' source once, and no navigation, form or link address."""

import unicodedata
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from barriers.models import Barrier, Quote
from regions.models import Region

from .browsing import visit

pytestmark = pytest.mark.browser

MOST_PAGES = 2


def printed(page, path):
    """(number of A4 pages, the printed text without whitespace) of the page at `path`.

    The text loses its whitespace because lines break anywhere in a long address and pypdf
    joins them with a space or a newline; it is NFKC-normalised because the PDF's fonts print
    "fi" and "ff" as ligatures."""
    visit(page, path)
    reader = PdfReader(BytesIO(page.pdf(format="A4")))
    text = "".join(pdf_page.extract_text() for pdf_page in reader.pages)
    return len(reader.pages), squeezed(text)


def squeezed(text):
    return "".join(unicodedata.normalize("NFKC", text).split())


def first_paragraph(text):
    return text.strip().split("\n")[0]


def test_every_barrier_brief_prints_on_two_pages_at_most(page, site_server):
    barriers = Barrier.objects.order_by("number")
    assert len(barriers) == 17
    too_long, missing = {}, {}
    for barrier in barriers:
        path = reverse("barrier-brief", kwargs={"number": barrier.number})
        pages, text = printed(page, path)
        if pages > MOST_PAGES:
            too_long[path] = pages
        expected = {
            "summary": first_paragraph(barrier.introduction),
            "permalink": f"{site_server.url}{barrier.get_absolute_url()}",
            "title": barrier.title,
        }
        gone = [name for name, words in expected.items() if squeezed(words) not in text]
        if gone:
            missing[path] = gone
    assert not too_long, f"more than {MOST_PAGES} A4 pages: {too_long}"
    assert not missing, f"not printed: {missing}"


def test_every_region_brief_prints_on_two_pages_at_most(page, site_server):
    regions = Region.objects.order_by("order")
    assert len(regions) == 10
    too_long, missing = {}, {}
    for region in regions:
        path = reverse("region-brief", kwargs={"slug": region.slug})
        pages, text = printed(page, path)
        if pages > MOST_PAGES:
            too_long[path] = pages
        expected = {
            "fact sheet": first_paragraph(region.overview),
            "permalink": f"{site_server.url}{region.get_absolute_url()}",
            "practices from elsewhere": "Good practices from elsewhere",
        }
        gone = [name for name, words in expected.items() if squeezed(words) not in text]
        if gone:
            missing[path] = gone
    assert not too_long, f"more than {MOST_PAGES} A4 pages: {too_long}"
    assert not missing, f"not printed: {missing}"


def test_a_brief_prints_without_the_sites_header_and_footer(page):
    path = reverse("barrier-brief", kwargs={"number": 5})
    pages, text = printed(page, path)
    assert squeezed("A summary to print for a meeting") not in text  # the screen's notice
    assert squeezed("PRECISEU knowledge base · Brief · Barrier 5") in text
    page.emulate_media(media="print")
    hidden = "(e) => getComputedStyle(e).display === 'none'"
    assert page.locator(".site-header").evaluate(hidden)
    assert page.locator(".site-footer").evaluate(hidden)


def test_a_barrier_page_prints_its_quotes_source_once_not_under_each_quote(page):
    quotes = Quote.objects.filter(barrier__number=5)
    assert quotes.count() == 9
    (section,) = set(quotes.values_list("section", flat=True))
    pages, text = printed(page, reverse("barrier-detail", kwargs={"number": 5}))
    assert text.count(squeezed(section)) == 1
    barrier = Barrier.objects.get(number=5)
    assert squeezed(first_paragraph(barrier.introduction)) in text


def test_print_leaves_out_navigation_forms_and_link_addresses(page):
    # Barrier 1's EU comment links to an outside address.
    visit(page, reverse("barrier-detail", kwargs={"number": 1}))
    assert page.locator('main a[href^="http"]').count() > 0
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('nav, form')]
            .filter((e) => getComputedStyle(e).display !== 'none')
            .map((e) => e.outerHTML.slice(0, 80))"""
    )
    assert shown == []
    spelled = page.evaluate(
        """() => [...document.querySelectorAll('a[href]')]
            .filter((a) => getComputedStyle(a, '::after').content !== 'none')
            .map((a) => a.href)"""
    )
    assert spelled == []
