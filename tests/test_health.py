"""Probes, the database-outage answer, and the error pages."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from barriers.models import Barrier, Quote
from preciseu_kb import health

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_the_loaded_counts(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["counts"] == {"barriers": 17, "quotes": 92, "practices": 52, "regions": 10}


def test_readyz_is_503_while_the_data_is_not_loaded(client):
    Quote.objects.filter(barrier__number=17).delete()
    Barrier.objects.filter(number=17).delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "load_kb" in response.json()["detail"]
    assert response["Retry-After"]


def failing_view(*args, **kwargs):
    raise OperationalError("could not connect to server")


def test_a_database_outage_is_a_503_page_and_the_next_request_recovers(client):
    with (
        mock.patch("barriers.views.Barrier.objects.for_detail", side_effect=failing_view),
        mock.patch.object(health, "database_unreachable", return_value=True),
    ):
        response = client.get("/barriers/5/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()
    assert response["Retry-After"]
    assert client.get("/barriers/5/").status_code == 200


def test_a_database_outage_is_a_json_503_in_the_api(client):
    with (
        mock.patch("barriers.viewsets.BarrierViewSet.get_queryset", side_effect=failing_view),
        mock.patch.object(health, "database_unreachable", return_value=True),
    ):
        response = client.get("/api/v1/barriers/5/")
    assert response.status_code == 503
    assert "database is unavailable" in response.json()["detail"]


def test_an_error_in_one_query_is_not_taken_for_an_outage():
    assert health.database_unreachable() is False


OUTAGE_SCRIPT = """
import json
from django.test import Client
client = Client(raise_request_exception=False, SERVER_NAME="localhost")
paths = ["/healthz", "/readyz", "/", "/api/v1/barriers/"]
answers = {path: client.get(path) for path in paths}
print(json.dumps({path: [r.status_code, r["Content-Type"]] for path, r in answers.items()}))
"""


def test_with_no_database_at_all_every_answer_says_so():
    """A real outage: nothing listens on the database's port."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable",
        "DJANGO_SETTINGS_MODULE": "preciseu_kb.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", OUTAGE_SCRIPT],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["/healthz"][0] == 200
    assert answers["/readyz"][0] == 503
    assert answers["/"] == [503, "text/html; charset=utf-8"]
    assert answers["/api/v1/barriers/"] == [503, "application/json"]


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'href="/barriers/"' in html


def test_server_error_is_a_page_for_people_and_json_for_the_api():
    client = Client(raise_request_exception=False)
    with mock.patch("barriers.views.Barrier.objects.for_detail", side_effect=ValueError):
        page = client.get("/barriers/5/")
    with mock.patch("barriers.viewsets.BarrierViewSet.get_queryset", side_effect=ValueError):
        api = client.get("/api/v1/barriers/5/")
    assert page.status_code == 500 and "Something went wrong" in page.content.decode()
    assert api.status_code == 500
    assert api.json()["detail"] == "Server error: it has been logged."
    assert re.fullmatch(r"[0-9a-f]{12}", api.json()["error_id"])
