import pytest
from django.core.cache import cache
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real knowledge base once; each test then runs in a transaction rolled back
    at its end, so tests see the report's data and cannot change it for others."""
    with django_db_blocker.unblock():
        call_command("load_kb", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the API's rate counts are kept there, and
    another test's requests must not count against this one."""
    cache.clear()


@pytest.fixture
def unthrottled(settings):
    """Many requests from one client in a short run: lift the API's rate limits."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }


@pytest.fixture(scope="session")
def site_server(django_db_setup):
    """The site on a live server, once per session (the browser tests and the API client's).

    pytest-django's `live_server` fixture would make every test transactional, and a
    transactional test flushes the database when it ends, leaving it empty for the tests
    that follow. Tests of the live server only read, so they run in the ordinary rolled-back
    `db` transaction instead: on SQLite the server thread shares the test's in-memory
    connection, on PostgreSQL it reads the data committed when the session started."""
    server = LiveServer("localhost")
    yield server
    server.stop()
