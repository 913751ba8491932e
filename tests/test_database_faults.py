"""Database faults are a 503 that says so, with an error id, never a 500, and a write that
fails leaves nothing committed behind its answer.

In this process: a kept connection found closed (what a worker meets after the database
restarted), and a write failing midway (a full disk, injected at the statement that fails).
In a separate process, on a real SQLite file with real commits: a database that refuses
writes and one whose disk is full (SQLite's own limits: `query_only`, `max_page_count`).
The PostgreSQL restart and hang are tests/test_postgres_faults.py.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers.models import Quote
from tests.test_api_writes import QUOTE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PROJECT = Path(__file__).resolve().parent.parent
ERROR_ID = re.compile(r"<code>([0-9a-f]{12})</code>")


def closed_connection(*args, **kwargs):
    raise InterfaceError("connection already closed")


def test_a_closed_connection_is_a_503_page_and_the_next_request_recovers(client):
    """Before: "connection already closed" is an InterfaceError, which Django does not count
    as a DatabaseError, so it was a 500."""
    with mock.patch("barriers.views.Barrier.objects.for_detail", side_effect=closed_connection):
        response = client.get("/barriers/5/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.text
    assert ERROR_ID.search(response.text)
    assert response["Retry-After"] == "30"
    assert client.get("/barriers/5/").status_code == 200


def test_a_closed_connection_is_a_json_503_in_the_api(client):
    with mock.patch("barriers.viewsets.BarrierViewSet.get_queryset", side_effect=closed_connection):
        response = client.get("/api/v1/barriers/5/")
    assert response.status_code == 503
    body = response.json()
    assert "database is unavailable" in body["detail"]
    assert re.fullmatch(r"[0-9a-f]{12}", body["error_id"])
    assert response["Retry-After"] == "30"


def staff_api():
    user = get_user_model().objects.create_user("writer", password="unused", is_staff=True)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def failing_at(statement_start):
    """An execute wrapper: the statement starting so fails as a full disk makes it fail."""

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(statement_start.upper()):
            raise OperationalError("database or disk is full")
        return execute(sql, params, many, context)

    return wrapper


def test_a_full_disk_at_the_record_is_a_503_that_says_nothing_was_saved():
    """Before: a 500 with no message."""
    api = staff_api()
    before = Quote.objects.count()
    with connection.execute_wrapper(failing_at('INSERT INTO "barriers_quote"')):
        response = api.post("/api/v1/quotes/", QUOTE, format="json")
    assert response.status_code == 503, response.content
    assert "nothing was saved" in response.json()["detail"]
    assert Quote.objects.count() == before


def test_a_full_disk_after_the_record_rolls_the_record_back():
    """The data version (and the search index) are written in the request's transaction:
    when they cannot be, the record goes with them. Before: they were written after the
    commit, so the record stayed and its answer was a 500."""
    api = staff_api()
    before = Quote.objects.count()
    with connection.execute_wrapper(failing_at('UPDATE "preciseu_kb_dataversion"')):
        response = api.post("/api/v1/quotes/", QUOTE, format="json")
    assert response.status_code == 503, response.content
    assert Quote.objects.count() == before


def test_a_full_disk_at_the_admin_login_is_a_503_page():
    """The session is saved by its middleware, after the view: Django's 500 handler answers
    the 503. Before: a 500 with no message."""
    get_user_model().objects.create_user("keeper", password="pw-9f8e7d", is_staff=True)
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(failing_at('INSERT INTO "django_session"')):
        response = client.post("/admin/login/", {"username": "keeper", "password": "pw-9f8e7d"})
    assert response.status_code == 503
    assert "Changes cannot be saved just now" in response.text
    assert ERROR_ID.search(response.text)


# -- A real SQLite file, in another process -------------------------------------------------

SCRIPT = """
import json, os
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from barriers.models import Quote

user = get_user_model().objects.create_user("keeper", password="pw-9f8e7d", is_staff=True)
token = Token.objects.create(user=user).key
connection.close()
PRAGMA = os.environ["FAULT"]

def limit(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        if PRAGMA == "full":
            cursor.execute("PRAGMA page_count")
            cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
        else:
            cursor.execute("PRAGMA query_only = ON")

connection_created.connect(limit, weak=False)
quote = dict(QUOTE, text=("Reimbursement takes years. " * 2000).strip())
client = Client(raise_request_exception=False, SERVER_NAME="localhost")
api = client.post("/api/v1/quotes/", quote, content_type="application/json",
                  HTTP_AUTHORIZATION=f"Token {token}")
login = client.post("/admin/login/", {"username": "keeper", "password": "pw-9f8e7d"})
read = client.get("/barriers/5/")
connection_created.disconnect(limit)
connection.close()
print(json.dumps({
    "api": [api.status_code, api.json()],
    "login": [login.status_code, login.content.decode()],
    "location": login.get("Location"),
    "read": read.status_code,
    "quotes": Quote.objects.filter(text__startswith="Reimbursement takes years. Reim").count(),
}))
"""


@pytest.fixture(scope="module")
def loaded_sqlite(tmp_path_factory):
    """A SQLite file with the knowledge base, migrated and loaded once for these tests."""
    path = tmp_path_factory.mktemp("faults") / "kb.sqlite3"
    env = sqlite_env(path)
    for command in (["migrate", "--no-input", "-v0"], ["load_kb", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=PROJECT, env=env, check=True, timeout=300
        )
    return path


def sqlite_env(path):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "preciseu_kb.settings.test",
        "DATA_VERSION_FILE": "none",
    }


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_a_database_that_cannot_store_is_a_503_and_nothing_is_stored(
    loaded_sqlite, tmp_path, fault
):
    database = tmp_path / "kb.sqlite3"
    shutil.copy(loaded_sqlite, database)
    script = f"QUOTE = {QUOTE!r}\n" + SCRIPT
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=PROJECT,
        env={**sqlite_env(database), "FAULT": fault},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    status, body = answers["api"]
    assert status == 503, body
    assert "nothing was saved" in body["detail"] and body["error_id"]
    status, page = answers["login"]
    if fault == "read-only":
        assert status == 503 and "Changes cannot be saved just now" in page, result.stderr
    else:  # a full database still takes a write that fits in its free pages (a session)
        assert status == 302 or (status == 503 and "cannot be saved" in page), status
    assert answers["read"] == 200  # reading still works
    assert answers["quotes"] == 0
    assert body["error_id"] in result.stderr  # the log line the id finds
