import pytest
from django.core.cache import cache
from django.core.management import call_command


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
