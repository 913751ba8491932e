"""Saving in the admin: an unchanged form changes nothing (line ends included), and a save
over a version saved by someone else since the form was opened is refused, showing what
changed."""

import pytest
from django.urls import reverse

from barriers.models import Barrier, BarrierSection, Quote
from bases.history import TIMESTAMP_FIELDS
from regions.models import Region

from .admin_forms import submitted

pytestmark = pytest.mark.django_db


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def errors(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


def values(queryset):
    """The rows' stored values, but their times: a save, changed or not, is a version
    (bases.history), and its time is when it was made."""
    return [
        {k: v for k, v in row.items() if k not in TIMESTAMP_FIELDS} for row in queryset.values()
    ]


def stored(barrier_number):
    barrier = Barrier.objects.get(number=barrier_number)
    return (
        values(Barrier.objects.filter(pk=barrier.pk)),
        values(BarrierSection.objects.filter(barrier=barrier)),
        values(Quote.objects.filter(barrier=barrier)),
    )


@pytest.mark.parametrize(
    "record", [lambda: Barrier.objects.get(number=5), lambda: Region.objects.get(slug="crete")]
)
def test_an_unchanged_form_saved_changes_nothing(admin_client, record):
    record = record()
    before = values(type(record).objects.filter(pk=record.pk))
    barrier_before = stored(5)
    page = admin_client.get(change_url(record))
    response = admin_client.post(change_url(record), submitted(page))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert values(type(record).objects.filter(pk=record.pk)) == before
    assert stored(5) == barrier_before  # the barrier's inline sections and quotes too


def test_multi_line_text_is_stored_with_unix_line_ends(admin_client):
    barrier = Barrier.objects.get(number=5)
    page = admin_client.get(change_url(barrier))
    admin_client.post(
        change_url(barrier),
        submitted(
            page,
            introduction="First paragraph.\r\nSecond one.",
            departure_note="A test text, not the report's.",  # the verbatim guard asks why
        ),
    )
    assert Barrier.objects.get(number=5).introduction == "First paragraph.\nSecond one."


def test_a_save_over_a_newer_version_is_refused_showing_what_changed(admin_client, client):
    barrier = Barrier.objects.get(number=5)
    mine = admin_client.get(change_url(barrier))
    theirs = admin_client.get(change_url(barrier))
    assert (
        admin_client.post(
            change_url(barrier), submitted(theirs, title="Their new title")
        ).status_code
        == 302
    )

    refused = admin_client.post(change_url(barrier), submitted(mine, note="My note."))
    assert refused.status_code == 200
    message = errors(refused)
    assert "Someone saved this record after you opened it" in message
    assert "title: now “Their new title”" in message
    assert "note" not in message.split("What they changed:")[1].split(".")[0]
    assert Barrier.objects.get(number=5).note != "My note."
    assert Barrier.objects.get(number=5).title == "Their new title"

    # Having read what changed, the editor saves again: this form now overwrites theirs.
    again = admin_client.post(change_url(barrier), submitted(refused, note="My note."))
    assert again.status_code == 302
    assert (Barrier.objects.get(number=5).note, Barrier.objects.get(number=5).title) == (
        "My note.",
        barrier.title,
    )


def test_a_form_without_its_version_is_refused(admin_client):
    region = Region.objects.get(slug="crete")
    data = submitted(admin_client.get(change_url(region)), overview="Edited.")
    del data["_version"]
    response = admin_client.post(change_url(region), data)
    assert response.status_code == 200
    assert "reload the page" in errors(response)
    assert Region.objects.get(slug="crete").overview != "Edited."


def test_a_new_record_needs_no_version(admin_client):
    page = admin_client.get(reverse("admin:regions_country_add"))
    assert "_version" not in page.content.decode()
