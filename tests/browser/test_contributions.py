"""Both contribution forms end to end in Chromium: a reader finds the form where a reader
looks, fills and sends it; a staff member logs into the admin, reviews it in the queue and
accepts it (a practice is published) or declines it with a reason. Screenshots of the forms
and the queue at 1366 and 390 px go to SHOTS_DIR, when set.

The live server's writes are its own (committed, outside the test's rolled-back
transaction), and a read or write by the test beside them would lock SQLite's tables (the
tests read the database only once the server is done): the editor is
made, and everything these tests wrote is removed, by a module fixture outside the tests'
transactions; the search index is rebuilt after, for the tests that follow.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from barriers.models import Quote
from contributions.models import Correction, PracticeProposal
from practices.models import GoodPractice
from provenance.models import CONTRIBUTED_SOURCE_PREFIX, Source
from search.index import rebuild_index

from .axe import describe, serious_violations

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
NAME = "Navarre genomic tumour board"
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


def tidy():
    Correction.objects.all().delete()
    PracticeProposal.objects.all().delete()
    GoodPractice.objects.filter(source__slug__startswith=CONTRIBUTED_SOURCE_PREFIX).delete()
    Source.objects.filter(slug__startswith=CONTRIBUTED_SOURCE_PREFIX).delete()
    get_user_model().objects.filter(username="editor").delete()
    Session.objects.all().delete()


@pytest.fixture(scope="module")
def editor(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        tidy()
        get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    yield "editor"
    with django_db_blocker.unblock():
        tidy()
        rebuild_index()


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("start", ["/practices/", "/gaps/"])
def test_the_proposal_form_is_linked_where_a_reader_looks(page, start):
    page.goto(start)
    page.get_by_role("link", name="Propose a good practice").click()
    assert page.url.endswith("/practices/propose/")
    violations = serious_violations(page)
    assert not violations, describe(violations, page.url)


def test_a_proposed_practice_is_sent_reviewed_and_published(page, editor):
    page.goto("/practices/propose/")
    page.get_by_role("button", name="Send the proposal").click()  # empty: the errors
    assert page.get_by_role("alert").first.is_visible()
    shoot(page, "proposal-form-errors")
    page.get_by_label("Name of the practice").fill(NAME)
    page.get_by_label("Country").select_option(label="Spain")
    page.get_by_label("Locality (region or city, optional)").fill("Navarre")
    page.get_by_label("Description").fill("A monthly board where oncologists read genomic reports.")
    page.get_by_label("Key players").fill("The regional health service.")
    page.get_by_label("Link (optional)").fill("https://example.org/board")
    page.get_by_label("5. Reimbursement").check()
    page.get_by_label("Your organisation").fill("Navarre Health Service")
    page.get_by_label("Your e-mail").fill("board@example.org")
    shoot(page, "proposal-form")
    page.get_by_role("button", name="Send the proposal").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()
    page.goto("/practices/?search=Navarre")
    assert NAME not in page.content()

    log_in(page)
    page.goto("/admin/contributions/practiceproposal/?status__exact=pending")
    shoot(page, "admin-proposal-queue")
    page.get_by_role("link", name=NAME).click()
    page.wait_for_url("**/change/**")
    page.get_by_text("https://example.org/board").wait_for()
    assert page.locator('a[href="https://example.org/board"]').count() == 0  # text only
    shoot(page, "admin-proposal-review")
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("Published as the good practice").wait_for()
    page.get_by_role("link", name="View on site").click()
    page.get_by_text("Contributed practices").first.wait_for()
    # Read only now: a read by the test would lock the tables the server writes (SQLite).
    practice = GoodPractice.objects.get(name=NAME)
    assert practice.source.publisher == "Navarre Health Service"
    assert PracticeProposal.objects.get().status == "accepted"


def test_a_correction_is_sent_then_declined_with_a_reason(page, editor):
    quote = Quote.objects.first()
    page.goto(quote.get_absolute_url())
    page.get_by_role("link", name="Suggest a correction").click()
    violations = serious_violations(page)
    assert not violations, describe(violations, page.url)
    page.get_by_label("What is wrong").fill("The attribution should be Crete, not Greece.")
    shoot(page, "correction-form")
    page.get_by_role("button", name="Send the correction").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()

    log_in(page)
    page.goto("/admin/contributions/correction/")
    shoot(page, "admin-correction-queue")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_url("**/change/**")
    shoot(page, "admin-correction-review")
    page.get_by_role("button", name="Decline (write the reason above)").click()
    page.get_by_text("Say why it is declined").wait_for()
    page.get_by_label("Review reason").fill("The fact sheet prints Greece: no change.")
    page.get_by_role("button", name="Decline (write the reason above)").click()
    page.get_by_text("Declined: Correction to").wait_for()
    correction = Correction.objects.get()
    assert correction.status == "declined"
    assert correction.review_reason == "The fact sheet prints Greece: no change."
