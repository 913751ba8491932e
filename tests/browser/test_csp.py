"""The Content-Security-Policy breaks nothing: the site's pages, the API's HTML views, the
Swagger UI at /api/docs/ and the admin load and run with no violation reported by Chromium."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from barriers.models import Barrier
from practices.models import GoodPractice

from .browsing import visit

pytestmark = pytest.mark.browser

# Each violation is recorded in the page, whatever Chromium prints to its console.
RECORD_VIOLATIONS = """
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
        window.cspViolations.push(
            `${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
            + ` at ${event.sourceFile}:${event.lineNumber}`
        );
    });
"""

SITE_PAGES = [
    "/",
    "/barriers/",
    "/barriers/5/",
    "/categories/health-data-accessibility/",
    "/practices/",
    "/practices/?barrier=5",
    "/practices/findata/",
    "/regions/",
    "/regions/crete/",
    "/quotes/",
    "/quotes/5-3/",  # schema.org data blocks on the record pages are not scripts
    "/downloads/",
    "/search/?q=data",
    "/map/",
    "/compare/?regions=crete,catalonia",
    "/about/",
    "/no-such-page/",
]


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and console error it reports collected."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    return page


def violations(page):
    return page.evaluate("window.cspViolations") + [
        text for text in page.console_errors if "Content Security Policy" in text
    ]


def assert_no_violation(page, path, status=200):
    visit(page, path, status)
    page.wait_for_load_state("networkidle")
    found = violations(page)
    assert not found, f"{path}: {found}"


def test_site_pages_load_without_a_violation(watched):
    for path in SITE_PAGES:
        status = 404 if path == "/no-such-page/" else 200
        assert_no_violation(watched, path, status)


def test_site_pages_are_sent_the_policy(watched):
    response = watched.goto("/barriers/5/")
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_swagger_ui_renders_the_api_under_the_policy(watched):
    assert_no_violation(watched, "/api/docs/")
    # Rendered by its script: the operations of the schema are listed.
    watched.locator(".opblock-summary-path").first.wait_for()
    assert watched.locator(".opblock").count() > 10
    assert not violations(watched)


def test_browsable_api_pages_load_without_a_violation(watched):
    for path in ["/api/v1/", "/api/v1/barriers/", "/api/v1/barriers/5/"]:
        watched.goto(f"{path}?format=api")
        watched.wait_for_load_state("networkidle")
        found = violations(watched)
        assert not found, f"{path}: {found}"


@pytest.fixture(scope="session")
def editor_session(django_db_setup, django_db_blocker):
    """A superuser and a session of theirs, committed for the live server to read. Nothing is
    written while a test runs: the server reads through its own connection, which is refused
    any table the test's open transaction has written (so the login form is tested in
    tests/test_security.py instead)."""
    with django_db_blocker.unblock():
        editor = get_user_model().objects.create_superuser("csp-editor", "", "unused-pw")
        session = SessionStore()
        session.update(
            {
                SESSION_KEY: str(editor.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: editor.get_session_auth_hash(),
            }
        )
        session.save()
        yield session.session_key
        session.delete()
        editor.delete()


def test_the_admin_works_under_the_policy(watched, site_server, editor_session, settings):
    assert_no_violation(watched, reverse("admin:login"))
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": editor_session}
    watched.context.add_cookies([{**cookie, "url": site_server.url}])
    visit(watched, reverse("admin:index"))
    assert watched.locator("#user-tools").count() == 1  # logged in
    barrier = Barrier.objects.get(number=5)
    practice = GoodPractice.objects.get(slug="findata")
    for path in [
        reverse("admin:index"),
        reverse("admin:barriers_barrier_changelist") + "?q=data",
        reverse("admin:barriers_barrier_change", args=[barrier.pk]),
        reverse("admin:practices_goodpractice_change", args=[practice.pk]),
        reverse("admin:regions_region_add"),
    ]:
        assert_no_violation(watched, path)
