"""Property-based run of the API against its own OpenAPI schema (schemathesis): requests
generated from the schema, valid and invalid, must never cause a server error, and every
answer must be one the schema documents, in the documented shape.

Bounded (a few dozen examples per operation) so that the suite stays fast. Run it alone with
`pytest tests/test_api_schemathesis.py`.
"""

from collections import Counter
from io import StringIO

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25
# Writes are slower (each a transaction, a re-read and the index's update): fewer per operation
# keep the hostile run under a minute on SQLite.
WRITE_EXAMPLES_PER_OPERATION = 10
# The WSGI transport hands the body over as the app sent it, without undoing a gzip encoding
# that an HTTP client would; ask for none (gzip itself: tests/test_downloads.py).
UNCOMPRESSED = {"Accept-Encoding": "identity"}

run = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure can be replayed
    suppress_health_check=list(HealthCheck),
)
run_writes = settings(run, max_examples=WRITE_EXAMPLES_PER_OPERATION)


def api_schema(settings, coverage):
    """The schema as the API serves it. The coverage phase (every boundary value the schema
    defines) runs for reads; for writes, whose keys are mostly unknown, it would add
    thousands of 404s and little else."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": coverage}}})
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config)


@pytest.fixture
def test_connection_kept():
    """Requests go straight to the WSGI handler, whose per-request cleanup would close the
    database connection inside the test's transaction (PostgreSQL then fails every later
    query); Django's own test client disconnects that cleanup in the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def read_schema(db, settings, test_connection_kept):
    return api_schema(settings, coverage=True)


@pytest.fixture
def write_schema(db, settings, record_keys, test_connection_kept):
    # The record keys first: they are read through Django's test client, which reconnects
    # the per-request cleanup after each of its requests (it would close the connection).
    return api_schema(settings, coverage=False)


@pytest.fixture
def staff_token(db):
    staff = get_user_model().objects.create_user("fuzzer", password="unused", is_staff=True)
    return Token.objects.create(user=staff).key


@schemathesis.pytest.from_fixture("read_schema").include(method="GET").parametrize()
@run
def test_reads_never_fail_and_match_the_schema(case):
    if (case.query or {}).get("format") == "api":
        # DRF's browsable API, for people: HTML, outside the schema. The coverage phase can
        # send it although the schema's `format` enum does not name it.
        case.call_and_validate(headers=UNCOMPRESSED, checks=[not_a_server_error])
        return
    case.call_and_validate(headers=UNCOMPRESSED, checks=CHECKS)


@pytest.fixture
def stored_writes_export_and_reload(db, tmp_path):
    """After the hostile run, whatever it stored exports, and the export passes every rule of
    `load_kb --check` (a failure here fails the test). Only its last stage, the verbatim
    check of each text against its source document, may flag the texts the run rewrote:
    that is an editor's review of a change, not a record that cannot be stored or loaded."""
    statuses = Counter()
    yield statuses
    output = tmp_path / "fixtures"
    call_command("export_kb", "--output", str(output), stdout=StringIO())
    problems = StringIO()
    try:
        call_command(
            "load_kb", "--check", "--fixtures", str(output), stdout=StringIO(), stderr=problems
        )
    except CommandError as error:
        if "differ from their source" not in str(error):
            raise AssertionError(f"{error}\n{problems.getvalue()}") from None
    print(f"Hostile writes, by status: {dict(sorted(statuses.items()))}; exported, checked.")


@pytest.fixture
def record_keys(db):
    """A real record of each resource, {"quotes": "1-1", …}: generated keys would mostly
    miss, and the writes would stop at a 404."""
    keys = {}
    for resource in APIClient().get("/api/v1/").json():
        page = APIClient().get(f"/api/v1/{resource}/", {"page_size": 1}).json()
        results = page.get("results") if isinstance(page, dict) else None
        if results and "url" in results[0]:
            keys[resource] = results[0]["url"].rstrip("/").rsplit("/", 1)[1]
    return keys


@schemathesis.pytest.from_fixture("write_schema").exclude(method="GET").parametrize()
@run_writes
def test_staff_writes_never_fail_and_match_the_schema(
    case, staff_token, record_keys, stored_writes_export_and_reload
):
    resource = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    if case.path_parameters and resource in record_keys:  # a record that exists, not a 404
        case.path_parameters = dict.fromkeys(case.path_parameters, record_keys[resource])
    # If-Match: * (any version) takes the writes past the version check to the rules.
    headers = {**UNCOMPRESSED, "Authorization": f"Token {staff_token}", "If-Match": "*"}
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    stored_writes_export_and_reload[response.status_code] += 1
