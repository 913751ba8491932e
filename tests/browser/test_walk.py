"""A visitor's walk through the site, by clicking the links the pages show."""

import pytest
from django.urls import reverse

from barriers.models import Barrier, Quote
from regions.models import NationalFinding, Region, RegionalChallenge

from .browsing import follow, heading, load_by_clicking, path_of, visit

pytestmark = pytest.mark.browser


def test_home_to_category_to_barrier_to_practice_to_region(page):
    """Barrier 5 (Reimbursement Misalignment), its first practice (a Greek national framework
    for biomarker reimbursement), and Flanders, which raised barrier 5 and could adopt it."""
    barrier = Barrier.objects.select_related("category").get(number=5)
    category = barrier.category
    practice = barrier.listings.order_by("order").first().practice
    region = regions_that_could_adopt(practice).first()
    assert practice.slug == "national-framework-for-biomarker-reimbursement"
    assert region.slug == "flanders"

    visit(page, reverse("home"))
    assert path_of(page) == "/"

    follow(page, reverse("category-detail", kwargs={"slug": category.slug}))
    assert category.name in heading(page)

    follow(page, reverse("barrier-detail", kwargs={"number": barrier.number}))
    assert barrier.title in heading(page)

    follow(page, reverse("practice-detail", kwargs={"slug": practice.slug}))
    assert practice.name in heading(page)

    follow(page, reverse("region-detail", kwargs={"slug": region.slug}))
    assert region.name in heading(page)


def regions_that_could_adopt(practice):
    """Partner regions that raised a barrier the practice addresses, outside its countries."""
    return (
        Region.objects.filter(quotes__barrier__in=practice.barriers.all())
        .exclude(country__in=practice.countries.all())
        .distinct()
        .order_by("order")
    )


def test_barrier_to_a_quote_to_its_neighbour_and_its_reference(page):
    """From barrier 5's quote anchors to the page of its third quote, on to the next one as
    printed, and the reference downloaded as a reference manager would fetch it."""
    visit(page, reverse("barrier-detail", kwargs={"number": 5}))
    anchor = page.locator("#quote-3")
    link = anchor.get_by_role("link", name="Link to this quote")
    assert link.is_visible()
    load_by_clicking(page, link)
    assert path_of(page) == "/quotes/5-3/"
    quote = Quote.objects.get(barrier__number=5, order=3)
    assert quote.attribution in heading(page)
    assert page.locator("blockquote").inner_text().strip() == quote.text

    load_by_clicking(page, page.locator('a[rel="next"]'))
    assert path_of(page) == "/quotes/5-4/"

    cite = page.locator("section.cite")
    assert cite.get_by_role("heading", name="Cite this").is_visible()
    assert "http://" in cite.locator("textarea").input_value()
    with page.expect_download() as download:
        cite.get_by_role("link", name="BibTeX").click()
    assert download.value.suggested_filename == "preciseu-kb-quote-5-4.bib"
    assert download.value.path().read_text().startswith("@techreport{preciseu-kb-quote-5-4,")


def test_region_to_a_challenge_and_to_a_national_finding(page):
    visit(page, reverse("region-detail", kwargs={"slug": "crete"}))
    challenge = RegionalChallenge.objects.get(region__slug="crete", order=1)
    follow(page, challenge.get_absolute_url())
    assert challenge.title in heading(page)

    visit(page, reverse("region-detail", kwargs={"slug": "catalonia"}))
    finding = NationalFinding.objects.get(source__slug="es-cancer-factsheet", order=1)
    follow(page, finding.get_absolute_url())
    assert finding.text in page.locator("main").inner_text()


def test_quote_list_to_a_quote_page(page):
    visit(page, "/quotes/?barrier=5")
    follow(page, "/quotes/5-1/")
    assert "barrier 5" in heading(page)
