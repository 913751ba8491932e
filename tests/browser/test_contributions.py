"""The contribution forms in Chromium, as a reader meets them: linked from where a reader
looks, accessible, their errors announced; screenshots at 1366 and 390 px (SHOTS_DIR, when
set). Sending and reviewing are tested through Django's client (tests/test_contributions.py):
the browser tests' live server reads the test's data and cannot write beside it."""

import os
from pathlib import Path

import pytest

from barriers.models import Quote

from .axe import describe, serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


def shoot(page, name):
    directory = os.environ.get("SHOTS_DIR")
    if not directory:
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{directory}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("start", ["/practices/", "/gaps/"])
def test_the_proposal_form_is_reached_and_filled_by_a_reader(page, start):
    page.goto(start)
    page.get_by_role("link", name="Propose a good practice").click()
    assert page.url.endswith("/practices/propose/")
    violations = serious_violations(page)
    assert not violations, describe(violations, page.url)
    page.get_by_label("Name of the practice").fill("Navarre genomic tumour board")
    page.get_by_label("Country").select_option(label="Spain")
    page.get_by_label("Description").fill("A monthly board where oncologists read genomic reports.")
    page.get_by_label("Link (optional)").fill("https://example.org/board")
    page.get_by_label("Your organisation").fill("Navarre Health Service")
    shoot(page, "proposal-form")


def test_the_correction_form_is_linked_from_a_record_page(page):
    quote = Quote.objects.first()
    page.goto(quote.get_absolute_url())
    page.get_by_role("link", name="Suggest a correction").click()
    violations = serious_violations(page)
    assert not violations, describe(violations, page.url)
    page.get_by_label("What is wrong").fill("The attribution should be Crete, not Greece.")
    shoot(page, "correction-form")
