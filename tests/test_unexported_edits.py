"""No start discards data: `make run` and `make serve` load the fixtures only into a new or
untouched database, and `load_kb` refuses to load over edits not yet exported."""

import shlex
import shutil
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers.models import Quote
from dataset.models import LoadStamp
from practices.models import GoodPractice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

EDITED = "Edited in the admin, not yet exported."


def start_command():
    """The arguments of `load_kb` as `make run` and `make serve` run it (their `load`
    prerequisite), read from the Makefile's own commands."""
    commands = subprocess.run(
        ["make", "-n", "-s", "load"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    words = shlex.split(next(line for line in commands if " load_kb" in line))
    return words[words.index("load_kb") + 1 :]


def load(*args):
    out, err = StringIO(), StringIO()
    call_command("load_kb", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def edited_quote():
    quote = Quote.objects.get(barrier__number=5, order=1)
    original = quote.text
    quote.text = EDITED
    quote.save()
    return quote, original


def test_a_start_serves_the_edited_database_as_it_is_and_names_the_edit(edited_quote):
    quote, _ = edited_quote
    assert start_command()[:1] == ["--if-untouched"]
    out, err = load(*start_command())
    assert Quote.objects.get(pk=quote.pk).text == EDITED
    assert "not loaded" in err and "served as it is" in err
    assert "quotes: 1 changed" in err
    assert f"quote #{quote.pk} " in err and "Edited in the admin" in err


def test_a_load_over_edits_is_refused_and_force_discards_them(edited_quote):
    quote, original = edited_quote
    with pytest.raises(CommandError, match="--force") as refusal:
        load()
    assert "discard" in str(refusal.value)
    assert Quote.objects.get(pk=quote.pk).text == EDITED
    load("--force")
    assert Quote.objects.get(pk=quote.pk).text == original
    out, err = load()  # untouched again: the forced load is the last load
    assert "Nothing changed." in out


def test_the_refusal_names_the_edits_on_stderr_and_exits_non_zero(edited_quote):
    quote, _ = edited_quote
    err = StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("load_kb", stdout=StringIO(), stderr=err)
    assert refusal.value.returncode == 1
    assert "quotes: 1 changed" in err.getvalue()
    assert f"quote #{quote.pk}" in err.getvalue()


def test_a_quote_created_and_a_practice_deleted_through_the_api_survive_a_start():
    staff = APIClient()
    user = get_user_model().objects.create_user("editor", password="unused", is_staff=True)
    # If-Match: * overwrites any version (optimistic concurrency: test_concurrency.py)
    staff.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}",
        HTTP_IF_MATCH="*",
    )
    quote = {
        "barrier": 5,
        "order": 10,
        "region": "crete",
        "text": "Reimbursement takes years.",
        "attribution": "Crete",
        "source": "d6-1",
        "section": "Overview of main barriers › Quotes",
    }
    assert staff.post("/api/v1/quotes/", quote, format="json").status_code == 201
    practice = GoodPractice.objects.get(slug="findata").pk
    assert staff.delete("/api/v1/practices/findata/").status_code == 204
    _, err = load(*start_command())
    assert Quote.objects.filter(barrier__number=5, order=10).exists()
    assert not GoodPractice.objects.filter(slug="findata").exists()
    assert "1 added" in err and f"good practice #{practice}: deleted" in err


def test_an_untouched_database_is_loaded_at_a_start_and_a_reload_changes_nothing():
    before = list(Quote.objects.values_list("pk", "text"))
    out, _ = load(*start_command())
    assert "Nothing changed." in out
    out, _ = load()
    assert "Nothing changed." in out
    assert list(Quote.objects.values_list("pk", "text")) == before


def test_a_start_loads_changed_fixtures_into_an_untouched_database(tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, fixtures)
    # The note is the editors' words: a changed description would fail the verbatim check.
    practice = fixtures / "practices" / "findata.yaml"
    text = practice.read_text(encoding="utf-8")
    old = GoodPractice.objects.get(slug="findata").note
    practice.write_text(text.replace(old, "Changed. " + old, 1), encoding="utf-8")
    out, _ = load(*start_command(), "--fixtures", str(fixtures))
    assert "1 updated" in out
    assert GoodPractice.objects.get(slug="findata").note.startswith("Changed. ")


def test_edits_exported_into_the_fixtures_no_longer_block_a_load(edited_quote, tmp_path, settings):
    quote, _ = edited_quote
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, fixtures)
    settings.FIXTURES_DIR = fixtures
    call_command(
        "export_kb", "--output", str(fixtures), "--fixtures", str(fixtures), stdout=StringIO()
    )
    # another editor's change arrives in the fixtures (a pull): it loads, the export's stay
    practice = fixtures / "practices" / "findata.yaml"
    old = GoodPractice.objects.get(slug="findata").description
    practice.write_text(
        practice.read_text(encoding="utf-8").replace(old.split()[0], "Changed", 1),
        encoding="utf-8",
    )
    out, _ = load("--fixtures", str(fixtures))
    assert "1 updated" in out
    assert Quote.objects.get(pk=quote.pk).text == EDITED


def test_a_database_without_a_record_of_its_last_load_is_not_loaded_over():
    LoadStamp.objects.all().delete()
    out, _ = load()  # nothing would change: nothing is lost, and the load is recorded
    assert "Nothing changed." in out and LoadStamp.objects.exists()
    LoadStamp.objects.all().delete()
    Quote.objects.filter(barrier__number=5, order=1).update(text=EDITED)
    with pytest.raises(CommandError, match="Not loaded"):
        load()
    _, err = load(*start_command())
    assert "no record of its last load" in err
    assert Quote.objects.get(barrier__number=5, order=1).text == EDITED


def test_an_edit_that_sends_no_signal_is_seen_too():
    Quote.objects.filter(barrier__number=5, order=1).update(text=EDITED)  # no post_save
    with pytest.raises(CommandError, match="Not loaded"):
        load()
