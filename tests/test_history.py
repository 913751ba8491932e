"""Every change to every record: versions with who, when, what and why, through the admin,
the API and `load_kb`; revert; the public history pages; the changes feed and sync."""

import datetime
import shutil
from email.utils import format_datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers.models import Barrier, BarrierSection, Quote
from dataset.reader import fixtures_checksum
from history.models import Change

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user(
        username="editor", email="editor@example.org", password="unused", is_staff=True
    )
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}",
        HTTP_IF_MATCH="*",  # any version: these tests are about the history, not the race
    )
    return client


def admin_form(admin_client, url):
    """The change form's current values, as a browser would post them back."""
    response = admin_client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.widget.format_value(value) if hasattr(field, "choices") else value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[inline_form.add_prefix(name)] = value
    return {key: value for key, value in data.items() if value is not False}


# -- load_kb ---------------------------------------------------------------------------------


def test_the_load_recorded_every_record_with_the_fixtures_checksum():
    barrier = Barrier.objects.get(number=5)
    (version,) = barrier.history.all()
    checksum = fixtures_checksum(settings.FIXTURES_DIR)
    assert version.history_type == "+"
    assert version.history_change_reason == f"Loaded from fixtures at {checksum}"
    assert version.history_user is None
    assert Change.objects.filter(kind="barrier", key="5", action="created").count() == 1


def test_an_idempotent_reload_records_nothing_and_keeps_the_times():
    quote = Quote.objects.get(barrier__number=5, order=3)
    versions, changes = Quote.history.count(), Change.objects.count()
    call_command("load_kb", verbosity=0)
    assert (Quote.history.count(), Change.objects.count()) == (versions, changes)
    assert Quote.objects.get(pk=quote.pk).modified == quote.modified


def test_a_reload_records_what_it_changes_and_keeps_the_history(tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, fixtures)
    barrier = Barrier.objects.get(number=5)
    path = next(fixtures.glob("barriers/05-*.yaml"))
    text = path.read_text()
    path.write_text(text.replace(barrier.title, barrier.title + " (revised)", 1))
    call_command("load_kb", fixtures=fixtures, verbosity=0)
    versions = list(barrier.history.order_by("-history_id"))
    assert len(versions) == 2
    assert versions[0].history_change_reason == (
        f"Loaded from fixtures at {fixtures_checksum(fixtures)}"
    )
    assert "title" in [c.field for c in versions[0].diff_against(versions[1]).changes]
    assert Barrier.objects.get(pk=barrier.pk).modified > barrier.modified
    # Back to the project's fixtures: one more version, none lost.
    call_command("load_kb", verbosity=0)
    assert barrier.history.count() == 3


# -- the admin -------------------------------------------------------------------------------


def test_the_admin_requires_a_reason(admin_client):
    quote = Quote.objects.get(barrier__number=5, order=3)
    url = f"/admin/barriers/quote/{quote.pk}/change/"
    data = admin_form(admin_client, url) | {"text": quote.text + " Indeed."}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    assert quote.history.count() == 1


def test_an_admin_edit_is_a_version_with_its_user_and_reason(admin_client):
    quote = Quote.objects.get(barrier__number=5, order=3)
    url = f"/admin/barriers/quote/{quote.pk}/change/"
    # The note, not the text: a text that departs from its source is the verbatim guard's.
    data = admin_form(admin_client, url) | {
        "note": "Checked against the report, p. 12.",
        "change_reason": "Matches the report, p. 12",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = quote.history.latest()
    assert latest.history_change_reason == "Matches the report, p. 12"
    assert latest.history_user.username == "admin"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["note"]


def test_an_inline_edit_takes_the_reason_and_touches_its_barrier(admin_client):
    barrier = Barrier.objects.get(number=5)
    url = f"/admin/barriers/barrier/{barrier.pk}/change/"
    data = admin_form(admin_client, url)
    section = barrier.sections.first()
    index = list(barrier.sections.all()).index(section)
    data[f"sections-{index}-heading"] = section.heading + " (corrected)"
    data["change_reason"] = "Heading as printed"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    version = BarrierSection.history.filter(id=section.pk).latest()
    assert version.history_change_reason == "Heading as printed"
    assert Barrier.objects.get(pk=barrier.pk).modified > barrier.modified
    change = Change.objects.latest("id")
    assert (change.kind, change.key, change.action) == ("barrier", "5", "updated")


def test_a_revert_in_the_admin_is_a_new_version(admin_client):
    quote = Quote.objects.get(barrier__number=5, order=3)
    original = quote.text
    quote.text = original + " Changed."
    quote._change_reason = "A mistake"
    quote.save()
    first = quote.history.earliest()
    url = f"/admin/barriers/quote/{quote.pk}/history/{first.history_id}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    data = {**admin_form_from(page), "change_reason": "Revert the mistake"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    quote.refresh_from_db()
    assert quote.text == original
    assert quote.history.count() == 3
    assert quote.history.latest().history_change_reason == "Revert the mistake"
    history_page = admin_client.get(f"/admin/barriers/quote/{quote.pk}/history/")
    assert b"Revert the mistake" in history_page.content


def admin_form_from(page):
    form = page.context["adminform"].form
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


# -- the API ---------------------------------------------------------------------------------


def test_an_api_write_takes_the_reason_header(staff):
    response = staff.patch(
        "/api/v1/quotes/5-3/",
        {"note": "Checked against the report."},
        HTTP_X_CHANGE_REASON="Attribution as printed",
    )
    assert response.status_code == 200, response.json()
    quote = Quote.objects.get(barrier__number=5, order=3)
    assert quote.history.latest().history_change_reason == "Attribution as printed"
    history = APIClient().get("/api/v1/quotes/5-3/history/").json()
    assert history[0]["reason"] == "Attribution as printed"
    assert history[0]["by"] == "staff"
    assert history[-1]["action"] == "created"
    assert "editor" not in str(history)


def test_an_api_write_without_a_reason_says_so(staff):
    staff.patch("/api/v1/barriers/5/", {"title": "A title"}, format="json")
    barrier = Barrier.objects.get(number=5)
    assert barrier.history.latest().history_change_reason == "Edited through the API"


def test_an_overlong_reason_is_a_400_naming_the_header(staff):
    response = staff.patch("/api/v1/barriers/5/", {}, HTTP_X_CHANGE_REASON="x" * 301)
    assert response.status_code == 400
    assert "X-Change-Reason" in response.json()["errors"]


def test_a_deletion_is_a_tombstone_in_the_changes(staff):
    response = staff.delete("/api/v1/quotes/5-3/", HTTP_X_CHANGE_REASON="Not in the report")
    assert response.status_code == 204, response.content
    change = Change.objects.latest("id")
    assert (change.kind, change.key, change.action) == ("quote", "5-3", "deleted")
    page = APIClient().get("/api/v1/changes/", {"cursor": cursor_before(change)}).json()
    assert page["results"][0] | {"time": None} == {
        "kind": "quote",
        "key": "5-3",
        "action": "deleted",
        "time": None,
        "reason": "Not in the report",
        "url": None,
    }


def cursor_before(change):
    from history.api import encode_cursor

    return encode_cursor(change.id - 1)


# -- sync ------------------------------------------------------------------------------------


def test_modified_since_lists_only_what_changed(staff):
    before = timezone.now()
    staff.patch("/api/v1/quotes/5-3/", {"note": "Checked against the report."}, format="json")
    since = before.isoformat()
    response = APIClient().get("/api/v1/quotes/", {"modified_since": since})
    assert response.status_code == 200
    assert [quote["key"] for quote in response.json()["results"]] == ["5-3"]
    assert APIClient().get("/api/v1/barriers/", {"modified_since": since}).json()["count"] == 0


def test_a_malformed_modified_since_is_a_400_naming_it():
    response = APIClient().get("/api/v1/quotes/", {"modified_since": "yesterday"})
    assert response.status_code == 400
    assert "modified_since" in response.json()["errors"]


@pytest.mark.parametrize(
    "since, status",
    [
        # An offset PostgreSQL refuses (a 500 there before), read as the same time in UTC.
        ("1811-02-13T22:31:55-23:46", 200),
        ("2026-12-01T00:00:00+14:00", 200),
        ("0001-01-01T00:00:00+01:00", 400),  # before year 1 in UTC
    ],
)
def test_modified_since_takes_any_offset_as_utc(since, status):
    response = APIClient().get("/api/v1/challenges/", {"modified_since": since})
    assert response.status_code == status, response.content


def test_last_modified_and_if_modified_since():
    response = APIClient().get("/api/v1/barriers/5/")
    barrier = Barrier.objects.get(number=5)
    assert response["Last-Modified"] == format_datetime(
        barrier.modified.astimezone(datetime.UTC).replace(microsecond=0), usegmt=True
    )
    again = APIClient().get("/api/v1/barriers/5/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    listed = APIClient().get("/api/v1/barriers/")
    assert "Last-Modified" in listed
    earlier = format_datetime(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC), usegmt=True)
    assert APIClient().get("/api/v1/barriers/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_the_changes_feed_pages_with_a_stable_cursor(staff):
    client = APIClient()
    first = client.get("/api/v1/changes/", {"page_size": 5}).json()
    assert len(first["results"]) == 5 and first["next"]
    second = client.get(first["next"]).json()
    # A change made meanwhile comes after, never before, the cursor kept.
    staff.patch("/api/v1/quotes/5-3/", {"note": "Checked against the report."}, format="json")
    assert client.get(first["next"]).json()["results"] == second["results"]
    latest = client.get("/api/v1/").json()["dataset"]["changes_cursor"]
    staff.patch("/api/v1/barriers/5/", {"title": "A title"}, format="json")
    since = client.get("/api/v1/changes/", {"cursor": latest}).json()
    assert [(c["kind"], c["key"], c["action"]) for c in since["results"]] == [
        ("barrier", "5", "updated")
    ]
    assert since["next"] is None
    assert since["results"][0]["url"].endswith("/api/v1/barriers/5/")
    empty = client.get("/api/v1/changes/", {"cursor": since["cursor"]}).json()
    assert empty["results"] == [] and empty["cursor"] == since["cursor"]


@pytest.mark.parametrize("cursor", ["nonsense", "", "YWZ0ZXI6eA"])
def test_a_bad_cursor_is_a_400_naming_it(cursor):
    response = APIClient().get("/api/v1/changes/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_the_api_root_states_the_dataset_version():
    root = APIClient().get("/api/v1/").json()
    assert root["dataset"]["version"]
    assert root["changes"].endswith("/api/v1/changes/")


# -- the site --------------------------------------------------------------------------------


def test_a_record_page_links_its_changes(client):
    page = client.get("/quotes/5-3/")
    assert b'href="/quotes/5-3/history/"' in page.content
    history = client.get("/quotes/5-3/history/")
    assert history.status_code == 200
    assert b"Changes to this record" in history.content
    assert b"Loaded from fixtures at" in history.content


def test_the_public_history_never_names_an_editor(client, staff):
    staff.patch(
        "/api/v1/quotes/5-3/", {"note": "Checked against the report."}, HTTP_X_CHANGE_REASON="Typo"
    )
    content = client.get("/quotes/5-3/history/").content
    assert b"Typo" in content and b"by staff" in content
    assert b"editor" not in content.lower().replace(b"editors", b"")


@pytest.mark.parametrize(
    "url",
    [
        "/barriers/5/history/",
        "/categories/health-data-accessibility/history/",
        "/practices/findata/history/",
        "/regions/crete/history/",
        "/challenges/crete-2/history/",
        "/comments/1-1/history/",
        "/findings/es-cancer-factsheet-1/history/",
    ],
)
def test_every_record_kind_has_its_history_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"Loaded from fixtures at" in response.content


def test_an_unknown_record_has_no_history_page(client):
    assert client.get("/quotes/5-999/history/").status_code == 404


def test_the_atom_feed_lists_the_changes_and_the_about_page_links_it(client, staff):
    staff.patch("/api/v1/barriers/5/", {"note": "Checked against the report."}, format="json")
    staff.delete("/api/v1/quotes/5-3/", HTTP_X_CHANGE_REASON="Not in the report")
    feed = client.get("/changes/feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Quote 5-3 deleted" in feed.content
    assert b"Not in the report" in feed.content
    assert b'href="/changes/feed/"' in client.get("/about/").content
    assert b"/quotes/5-3/history/" not in feed.content  # a deletion has no page any more
    assert b"/barriers/5/history/" in feed.content


# -- round trip ------------------------------------------------------------------------------


def test_history_survives_an_export_and_reload(tmp_path, staff):
    staff.patch(
        "/api/v1/quotes/5-3/", {"note": "Checked against the report."}, HTTP_X_CHANGE_REASON="Typo"
    )
    versions = Quote.history.count()
    call_command("export_kb", output=tmp_path / "out", verbosity=0)
    call_command("load_kb", fixtures=tmp_path / "out", verbosity=0)
    assert Quote.history.count() == versions
    assert Quote.objects.get(barrier__number=5, order=3).history.latest().history_change_reason
