"""A region's task in Chromium: recommendations for barriers it chooses (the form, without
JavaScript), a shortlist built by clicking "Add to shortlist" and "Remove", and the shortlist
printed as a brief on at most two A4 pages."""

from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from practices.models import GoodPractice

from .axe import describe, serious_violations
from .browsing import load_by_clicking, path_of, visit

pytestmark = pytest.mark.browser

FIVE = ["findata", "dare-nl", "atmp-pit", "beneluxa-initiative", "ccrm-nordic"]


def query_of(page):
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize(
    "path",
    [
        "/gaps/",
        "/regions/lithuania/recommended-practices/?barrier=2&barrier=4",
        "/shortlist/?practices=" + ",".join(FIVE),
        "/shortlist/",
        "/barriers/4/",
    ],
)
def test_the_new_pages_have_no_serious_accessibility_violations(page, path):
    visit(page, path)
    violations = serious_violations(page)
    assert not violations, describe(violations, path)


def test_a_region_chooses_barriers_it_did_not_raise(page):
    visit(page, "/regions/lithuania/recommended-practices/")
    form = page.locator("form.barrier-choice")
    for box in form.locator('input[name="barrier"]').all():
        box.uncheck()
    form.locator('input[name="barrier"][value="2"]').check()
    form.locator('input[name="barrier"][value="4"]').check()
    load_by_clicking(page, form.get_by_role("button", name="Show practices"))
    assert query_of(page)["barrier"] == ["2", "4"]
    results = page.locator("#results").locator("xpath=..")
    assert "of the 2 barriers chosen" in results.inner_text()
    assert results.locator("li.card").count() > 0


def test_a_shortlist_is_built_and_trimmed_by_clicking(page):
    visit(page, "/practices/")
    cards = page.locator("main li.card")
    first = cards.nth(0).locator("h2").inner_text()
    load_by_clicking(page, cards.nth(0).get_by_role("link", name="Add to shortlist"))
    assert path_of(page) == "/shortlist/"
    assert page.locator("ol.shortlist > li").count() == 1
    # Back to the list, carrying the shortlist, and add another.
    load_by_clicking(page, page.get_by_role("link", name="Find practices in the list"))
    second_card = page.locator("main li.card").nth(1)
    second = second_card.locator("h2").inner_text()
    load_by_clicking(page, second_card.get_by_role("link", name="Add to shortlist"))
    names = page.locator("ol.shortlist > li h2").all_inner_texts()
    assert names == [first, second]
    # The add form, no script needed.
    page.locator("#add-practice").select_option("findata")
    load_by_clicking(page, page.get_by_role("button", name="Add to shortlist"))
    assert page.locator("ol.shortlist > li").count() == 3
    load_by_clicking(
        page, page.locator("ol.shortlist > li").nth(0).get_by_role("link", name="Remove")
    )
    assert page.locator("ol.shortlist > li h2").all_inner_texts()[0] == second
    share = page.locator("#share-url").input_value()
    assert share.endswith(page.url.split("/shortlist/")[1]) or "practices=" in share


def longest_five():
    """The five practices with the longest descriptions: the hardest brief to fit."""
    practices = GoodPractice.objects.all()
    by_length = sorted(practices, key=lambda practice: -len(practice.description))
    return [practice.slug for practice in by_length[:5]]


@pytest.mark.parametrize("slugs", [FIVE, longest_five], ids=["five", "longest-five"])
def test_the_shortlist_of_five_prints_on_at_most_two_a4_pages(page, slugs):
    slugs = slugs() if callable(slugs) else slugs
    assert GoodPractice.objects.filter(slug__in=slugs).count() == 5
    visit(page, "/shortlist/?practices=" + ",".join(slugs))
    page.emulate_media(media="print")
    assert page.locator(".shortlist-share").is_hidden()
    assert page.locator("text=Remove").first.is_hidden()
    pdf = page.pdf(format="A4")
    pages = len(PdfReader(BytesIO(pdf)).pages)
    assert 1 <= pages <= 2, f"{pages} pages"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    for practice in GoodPractice.objects.filter(slug__in=slugs):
        assert practice.name.split()[0] in text


def test_the_shortlist_downloads_from_its_page_as_csv_and_excel(page):
    """The director's copy: clicking the shortlist's download links in Chromium gives the
    files, every practice of the shortlist in its order, readable by a spreadsheet."""
    import csv
    import io

    from openpyxl import load_workbook

    visit(page, "/shortlist/?practices=" + ",".join(FIVE))
    names = page.locator("ol.shortlist > li h2").all_inner_texts()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    assert download.value.suggested_filename.endswith(".csv")
    assert [row["Name"] for row in csv.DictReader(io.StringIO(text, newline=""))] == names
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[0] for row in list(sheet.values)[1:]] == names
