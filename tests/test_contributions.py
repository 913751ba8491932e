"""Readers' corrections and proposed practices: the forms, their limits, the editors' review,
and that nothing pending reaches a public output (docs/editors.md)."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from barriers.models import Barrier, Category, PolicyComment, Quote
from contributions.models import Correction, PracticeProposal
from contributions.records import KINDS
from practices.models import GoodPractice
from provenance.models import Source, is_contributed
from regions.models import Country, NationalFinding, Region, RegionalChallenge

pytestmark = pytest.mark.django_db

MARKER = "Zqxwvmarker"  # a word no record holds: found anywhere public, it leaked
PROPOSE = "/practices/propose/"


def suggest_url(kind, record):
    return reverse("contributions:suggest-correction", args=[kind, record.pk])


def proposal_data(**changes):
    return {
        "name": f"Regional genomic tumour board {MARKER}",
        "country": Country.objects.get(code="ES").pk,
        "locality": "Navarre",
        "description": f"A monthly board where oncologists read genomic reports {MARKER}.",
        "key_players": "The regional health service and two university hospitals.",
        "impact": "Shorter time to treatment.",
        "transferability": "Needs a sequencing laboratory.",
        "link": "https://example.org/board",
        "barriers": [Barrier.objects.get(number=5).pk],
        "organisation": "Navarre Health Service",
        "email": "board@example.org",
        "website": "",
        **changes,
    }


def propose(client, **changes):
    return client.post(PROPOSE, proposal_data(**changes))


def correct(client, record=None, **changes):
    record = record or Quote.objects.first()
    data = {"text": f"The attribution is wrong {MARKER}.", "email": "", "website": ""}
    return client.post(suggest_url("quote", record), {**data, **changes})


RECORDS = {
    "barrier": lambda: Barrier.objects.get(number=5),
    "quote": lambda: Quote.objects.first(),
    "comment": lambda: PolicyComment.objects.first(),
    "practice": lambda: GoodPractice.objects.get(slug="findata"),
    "region": lambda: Region.objects.get(slug="crete"),
    "challenge": lambda: RegionalChallenge.objects.first(),
    "finding": lambda: NationalFinding.objects.first(),
    "category": lambda: Category.objects.first(),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_record_page_links_its_correction_form(client, kind):
    record = RECORDS[kind]()
    page = client.get(record.get_absolute_url()).content.decode()
    assert f'href="{suggest_url(kind, record)}"' in page
    form = client.get(suggest_url(kind, record))
    assert form.status_code == 200
    assert "What is wrong" in form.content.decode()
    assert form["Cache-Control"].startswith("max-age=0")  # never cached: it holds a token


def test_an_unknown_record_or_kind_is_404(client):
    assert client.get("/suggest/quote/999999/").status_code == 404
    assert client.get("/suggest/source/1/").status_code == 404


def test_a_correction_is_stored_pending_and_changes_nothing(client):
    quote = Quote.objects.first()
    before = (quote.text, quote.note, quote.verbatim)
    response = correct(client, quote, email="reader@example.org")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    correction = Correction.objects.get()
    assert correction.status == "pending" and correction.record == quote
    assert correction.record_url == quote.get_absolute_url()
    quote.refresh_from_db()
    assert (quote.text, quote.note, quote.verbatim) == before


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"text": ""}, "This field is required."),
        ({"text": "x" * 2001}, "at most 2000 characters"),
        ({"email": "not-an-address"}, "valid email address"),
        ({"website": "http://spam.example"}, "must stay empty"),
    ],
)
def test_a_wrong_correction_is_400_with_what_was_wrong(client, changes, error):
    response = correct(client, **changes)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "field, size",
    [
        ("name", 300),
        ("locality", 200),
        ("description", 4000),
        ("impact", 2000),
        ("key_players", 2000),
        ("transferability", 2000),
        ("organisation", 200),
    ],
)
def test_every_proposal_field_has_a_size_limit(client, field, size):
    response = propose(client, **{field: "x" * (size + 1)})
    assert response.status_code == 400
    assert f"at most {size} characters" in response.content.decode()
    assert not PracticeProposal.objects.exists()


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"link": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"link": "x" * 501}, "at most 500 characters"),
        ({"email": ""}, "This field is required."),
        ({"country": ""}, "This field is required."),
        ({"barriers": [999]}, "Select a valid choice"),
        ({"website": "filled"}, "must stay empty"),
    ],
)
def test_a_wrong_proposal_is_400_with_what_was_wrong(client, changes, error):
    response = propose(client, **changes)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not PracticeProposal.objects.exists()


def test_the_forms_refuse_a_post_without_the_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(PROPOSE, proposal_data()).status_code == 403
    assert correct(strict).status_code == 403
    assert not PracticeProposal.objects.exists() and not Correction.objects.exists()


def test_the_rate_limit_counts_both_forms_per_client_in_the_database(client, settings):
    settings.CONTRIBUTIONS_RATE = (2, 3600)
    assert correct(client).status_code == 302
    assert propose(client).status_code == 302
    refused = correct(client)
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "wait an hour" in refused.content.decode()
    assert Correction.objects.count() == 1  # counted from the rows: every worker sees them
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert correct(other).status_code == 302


def test_a_full_queue_refuses_with_a_clear_message(client, settings):
    settings.CONTRIBUTIONS_MAX_PENDING = 1
    assert propose(client).status_code == 302
    full = client.get(PROPOSE)
    assert full.status_code == 503
    assert "queue is full" in full.content.decode()
    assert propose(Client(REMOTE_ADDR="192.0.2.10")).status_code == 503
    assert PracticeProposal.objects.count() == 1
    assert correct(client).status_code == 302  # corrections have their own queue


def test_submitted_html_is_shown_as_text_in_the_admin(client, admin_client):
    propose(client, description=f"<script>alert('{MARKER}')</script> <b>bold</b>")
    proposal = PracticeProposal.objects.get()
    page = admin_client.get(
        reverse("admin:contributions_practiceproposal_change", args=[proposal.pk])
    ).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>bold</b>" not in page
    # The link is shown as text, not followed by a click, until the practice is accepted.
    assert "https://example.org/board" in page
    assert 'href="https://example.org/board"' not in page


def review(admin_client, proposal_or_correction, button, reason=""):
    meta = proposal_or_correction._meta
    url = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_change", args=[proposal_or_correction.pk]
    )
    return admin_client.post(url, {"review_reason": reason, button: "1"})


def test_accepting_a_proposal_publishes_a_practice_of_a_contributed_source(client, admin_client):
    propose(client)
    proposal = PracticeProposal.objects.get()
    response = review(admin_client, proposal, "_accept")
    practice = GoodPractice.objects.get(name__contains=MARKER)
    assert response["Location"] == reverse(
        "admin:practices_goodpractice_change", args=[practice.pk]
    )
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.practice == practice
    assert proposal.reviewer.is_staff and proposal.reviewed
    source = practice.source
    assert is_contributed(source.slug) and source.short_title == "Contributed practices"
    assert source.publisher == "Navarre Health Service"
    assert source.published == proposal.reviewed.date().isoformat()
    assert [b.number for b in practice.barriers.all()] == [5]
    assert list(practice.countries.values_list("code", flat=True)) == ["ES"]
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Contributed practices" in page and "Navarre Health Service" in page


def test_a_contributed_practice_is_exported_and_reloads_and_passes_the_check(
    client, admin_client, tmp_path
):
    propose(client)
    review(admin_client, PracticeProposal.objects.get(), "_accept")
    practice = GoodPractice.objects.get(name__contains=MARKER)
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, fixtures)
    call_command("export_kb", "--output", str(fixtures), stdout=StringIO())
    written = (fixtures / "practices" / f"{practice.slug}.yaml").read_text(encoding="utf-8")
    assert f"source: {practice.source.slug}" in written
    assert practice.source.slug in (fixtures / "sources.yaml").read_text(encoding="utf-8")
    call_command("load_kb", "--fixtures", str(fixtures), "--check", stdout=StringIO())
    GoodPractice.objects.filter(pk=practice.pk).delete()
    call_command("load_kb", "--fixtures", str(fixtures), "--force", stdout=StringIO())
    reloaded = GoodPractice.objects.get(slug=practice.slug)
    assert reloaded.description == practice.description and reloaded.source.publisher
    again = tmp_path / "again"
    call_command("export_kb", "--output", str(again), stdout=StringIO())
    assert (again / "practices" / f"{practice.slug}.yaml").read_text(encoding="utf-8") == written


def test_declining_needs_a_reason_and_publishes_nothing(client, admin_client):
    propose(client)
    proposal = PracticeProposal.objects.get()
    practices = GoodPractice.objects.count()
    refused = review(admin_client, proposal, "_decline")
    proposal.refresh_from_db()
    assert proposal.status == "pending"
    assert "Say why" in admin_client.get(refused["Location"]).content.decode()
    review(admin_client, proposal, "_decline", "Not a practice: a plan not yet started.")
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert proposal.review_reason == "Not a practice: a plan not yet started."
    assert GoodPractice.objects.count() == practices
    assert not Source.objects.filter(slug__startswith="contributed-").exists()


def test_accepting_a_correction_opens_the_record_with_it_beside(client, admin_client):
    quote = Quote.objects.first()
    correct(client, quote)
    correction = Correction.objects.get()
    response = review(admin_client, correction, "_accept")
    record_admin = reverse("admin:barriers_quote_change", args=[quote.pk])
    assert response["Location"] == f"{record_admin}?correction={correction.pk}"
    page = admin_client.get(response["Location"]).content.decode()
    assert "Reader&#x27;s correction" in page and f"The attribution is wrong {MARKER}." in page
    correction.refresh_from_db()
    assert correction.status == "accepted"
    quote.refresh_from_db()
    assert MARKER not in quote.text


def test_the_queue_lists_pending_items_for_staff_only(client, admin_client):
    correct(client)
    queue = reverse("admin:contributions_correction_changelist")
    assert admin_client.get(queue, {"status__exact": "pending"}).context["cl"].result_count == 1
    assert client.get(queue).status_code == 302  # to the login


@pytest.fixture
def pending(client):
    """One pending correction and one pending proposal, each carrying the marker."""
    assert correct(client).status_code == 302
    assert propose(client).status_code == 302


PUBLIC_OUTPUTS = [
    ("/practices/", {"search": MARKER}),
    ("/practices/", {"format": "csv"}),
    ("/practices/", {"format": "xlsx"}),
    ("/search/", {"q": MARKER}),
    ("/gaps/", {}),
    ("/api/v1/practices/", {"search": MARKER}),
    ("/api/v1/practices/", {"format": "csv"}),
    ("/api/v1/sources/", {}),
    ("/about/", {}),
    ("/barriers/5/", {}),
]


@pytest.mark.parametrize("path, query", PUBLIC_OUTPUTS)
def test_nothing_pending_leaks_into_a_public_output(client, pending, path, query):
    response = client.get(path, query)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # The query may be echoed; the submissions' own words must not be there.
    for words in ("oncologists read genomic reports", "The attribution is wrong", "Navarre"):
        assert words.encode() not in body


def test_nothing_pending_leaks_into_an_export(pending, tmp_path):
    call_command("export_kb", "--output", str(tmp_path / "out"), stdout=StringIO())
    for path in Path(tmp_path / "out").rglob("*.yaml"):
        assert MARKER not in path.read_text(encoding="utf-8"), path


def test_the_forms_are_linked_from_the_practices_list_and_the_gaps(client):
    for path in ("/practices/", "/gaps/"):
        assert re.search(rf'href="{PROPOSE}"', client.get(path).content.decode()), path
