"""Optimistic concurrency: a write to a record names, in If-Match, the version it changes
(the ETag of the record's GET); a stale tag is a 412, no tag a 428, and of two writes sent
at once with the same tag only one wins (PostgreSQL, two threads, real transactions)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from rest_framework.test import APIClient

from barriers.models import Quote
from search.index import rebuild_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
QUOTE = "/api/v1/quotes/5-1/"


def staff_client(editor=None):
    client = APIClient()
    # A stored user: every write's version names its editor (bases.history).
    if editor is None:
        editor, _ = get_user_model().objects.get_or_create(
            username="editor", defaults={"is_staff": True}
        )
    client.force_authenticate(editor)
    return client


@pytest.fixture
def staff():
    return staff_client()


def stored_note():
    return Quote.objects.get(barrier__number=5, order=1).note


def test_a_write_with_the_tag_of_the_read_succeeds_and_answers_the_next_tag(staff):
    tag = staff.get(QUOTE)["ETag"]
    response = staff.patch(QUOTE, {"note": "Checked."}, format="json", headers={"If-Match": tag})
    assert response.status_code == 200, response.json()
    assert response["ETag"] != tag
    assert response["ETag"] == staff.get(QUOTE)["ETag"]
    assert stored_note() == "Checked."


def test_the_anonymous_and_the_compressed_tag_name_the_same_version(staff):
    """An anonymous read may be gzipped, which weakens its tag (W/"…"): it still names the
    record's version."""
    anonymous = APIClient().get(QUOTE, headers={"Accept-Encoding": "gzip"})
    assert anonymous["ETag"].startswith('W/"')
    response = staff.patch(
        QUOTE, {"note": "Checked."}, format="json", headers={"If-Match": anonymous["ETag"]}
    )
    assert response.status_code == 200, response.json()


def test_a_stale_tag_answers_412_and_changes_nothing(staff):
    tag = staff.get(QUOTE)["ETag"]
    Quote.objects.filter(barrier__number=5, order=1).update(note="Another editor's note.")
    response = staff.patch(QUOTE, {"text": "Mine."}, format="json", headers={"If-Match": tag})
    assert response.status_code == 412
    assert "ETag" in response.json()["detail"]
    assert Quote.objects.get(barrier__number=5, order=1).text != "Mine."
    delete = staff.delete(QUOTE, headers={"If-Match": tag})
    assert delete.status_code == 412
    assert Quote.objects.filter(barrier__number=5, order=1).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_without_if_match_answers_428_saying_how_to_get_the_tag(staff, method):
    before = stored_note()
    response = getattr(staff, method)(QUOTE, {"note": "Blind."}, format="json")
    assert response.status_code == 428
    assert "GET the record first and send its ETag" in response.json()["detail"]
    assert Quote.objects.filter(barrier__number=5, order=1).exists()
    assert stored_note() == before


def test_a_missing_record_is_a_404_with_or_without_a_tag(staff):
    assert staff.patch("/api/v1/quotes/5-99/", {}, format="json").status_code == 404
    response = staff.patch("/api/v1/quotes/5-99/", {}, format="json", headers={"If-Match": "*"})
    assert response.status_code == 404


def test_if_match_star_overwrites_any_version(staff):
    Quote.objects.filter(barrier__number=5, order=1).update(note="Another editor's note.")
    response = staff.patch(QUOTE, {"note": "Mine."}, format="json", headers={"If-Match": "*"})
    assert response.status_code == 200
    assert stored_note() == "Mine."


def test_any_tag_of_a_list_may_match(staff):
    tag = staff.get(QUOTE)["ETag"]
    response = staff.patch(
        QUOTE, {"note": "Checked."}, format="json", headers={"If-Match": f'"other", {tag}'}
    )
    assert response.status_code == 200


def test_the_schema_documents_if_match_412_and_428(client):
    operation = client.get("/api/schema/", {"format": "json"}).json()["paths"][
        "/api/v1/quotes/{key}/"
    ]["patch"]
    assert "If-Match" in [parameter["name"] for parameter in operation["parameters"]]
    assert {"412", "428"} <= set(operation["responses"])


# Two editors at once, each in its own database connection and transaction.


def in_thread(function):
    """Run `function` in a thread of its own, with its own connection (committed for real)."""
    result = {}

    def run():
        try:
            result["value"] = function()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def committed_editor():
    """A staff user committed for real, whom the racing threads' connections can see."""
    thread, result = in_thread(
        lambda: get_user_model().objects.get_or_create(username="racer", is_staff=True)[0]
    )
    thread.join()
    return result["value"]


def race(changes, editor):
    """PATCH each of `changes` at the same moment, each with the tag read before: statuses."""
    tag = staff_client(editor).get(QUOTE)["ETag"]
    start = threading.Barrier(len(changes))

    def patch(change):
        start.wait()
        return staff_client(editor).patch(QUOTE, change, format="json", headers={"If-Match": tag})

    runs = [in_thread(lambda change=change: patch(change).status_code) for change in changes]
    for thread, _ in runs:
        thread.join(timeout=30)
    return sorted(result.get("value") for _, result in runs)


@pytest.mark.postgres
@needs_postgres
def test_two_simultaneous_patches_with_the_same_tag_cannot_both_win():
    thread, original = in_thread(
        lambda: Quote.objects.values("text", "note").get(barrier__number=5, order=1)
    )
    thread.join()
    editor = committed_editor()
    try:
        for round_ in range(5):
            changes = [{"text": f"Text of round {round_}."}, {"note": f"Round {round_}."}]
            statuses = race(changes, editor)
            assert statuses == [200, 412], f"round {round_}: {statuses}"
    finally:
        restore = Quote.objects.filter(barrier__number=5, order=1)
        # update() passes no signal: the search index is rebuilt by hand, or later tests
        # (committed for real, as this one is) would find the racing texts.
        thread, _ = in_thread(lambda: (restore.update(**original["value"]), rebuild_index()))
        thread.join()
        thread, _ = in_thread(editor.delete)
        thread.join()
