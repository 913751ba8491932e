import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real knowledge base once; each test then runs in a transaction rolled back
    at its end, so tests see the report's data and cannot change it for others."""
    with django_db_blocker.unblock():
        call_command("load_kb", verbosity=0)
