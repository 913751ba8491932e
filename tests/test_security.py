"""Security, item by item (issue "Reliability and security"):

- anonymous users cannot write, through the API or the admin; the admin is for staff only;
- admin logins are throttled;
- CSRF is enforced on every form that posts (the admin's; the site's forms all use GET) and on
  the API for session-authenticated staff;
- production sends the security headers, and every environment the Content-Security-Policy
  (tests/browser/test_csp.py: no page breaks it);
- secrets come only from the environment: tests/test_settings.py (production refuses a
  missing, development or short key);
- external links are opened safely (rel="noopener noreferrer");
- data is always escaped, on its page and in search snippets;
- `check --deploy` is clean: tests/test_deployment.py.
"""

import io
import json
import math
import re
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers.models import Barrier, Quote
from practices.models import GoodPractice
from preciseu_kb.api import router
from regions.models import Region

from .test_deployment import run_in_production

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PASSWORD = "correct horse battery staple"


def make_user(username, is_staff):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=is_staff
    )


@pytest.fixture
def editor():
    return make_user("editor", is_staff=True)


# Anonymous users cannot write


def writable_urls():
    """Every resource of the API: its list (POST) and one of its records (PUT/PATCH/DELETE)."""
    client = APIClient()
    for prefix, _, _ in router.registry:
        list_url = f"/api/v1/{prefix}/"
        record_url = client.get(list_url).json()["results"][0]["url"]
        yield ("post", list_url)
        for method in ("put", "patch", "delete"):
            yield (method, urlsplit(record_url).path)


def test_every_resource_is_covered():
    resources = {urlsplit(url).path.split("/")[3] for _, url in writable_urls()}
    assert len(resources) == len(router.registry) >= 9


def assert_writes_refused(client, status):
    counts = [model.objects.count() for model in (Quote, Barrier, GoodPractice, Region)]
    for method, url in writable_urls():
        response = getattr(client, method)(url, {"text": "changed"}, format="json")
        assert response.status_code == status, (method, url, response.content[:200])
    assert counts == [model.objects.count() for model in (Quote, Barrier, GoodPractice, Region)]


def test_anonymous_api_writes_answer_401_on_every_resource():
    assert_writes_refused(APIClient(), 401)


def test_api_writes_by_non_staff_answer_403_on_every_resource():
    reader = make_user("reader", is_staff=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reader).key}")
    assert_writes_refused(client, 403)


def test_anonymous_admin_requests_go_to_the_login_and_change_nothing(client):
    barrier = Barrier.objects.get(number=5)
    change = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    for url in [reverse("admin:index"), reverse("admin:practices_goodpractice_add"), change]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    response = client.post(change, {"title": "Changed"})
    assert response.status_code == 302
    assert Barrier.objects.get(number=5).title == barrier.title


# The admin is for staff, and its logins are throttled


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **extra
    )


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_staff_log_in_to_the_admin(client, editor):
    response = log_in(client, "editor")
    assert response.status_code == 302 and is_logged_in(client)


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_an_unsafe_next_lands_on_the_admin_index(client, editor, target):
    """Before: on /accounts/profile/, a 404."""
    response = client.post(
        f"{reverse('admin:login')}?next={target}", {"username": "editor", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_a_safe_next_is_followed(client, editor):
    response = client.post(
        f"{reverse('admin:login')}?next=/admin/barriers/",
        {"username": "editor", "password": PASSWORD},
    )
    assert response["Location"] == "/admin/barriers/"


def test_non_staff_cannot_log_in_to_the_admin(client):
    make_user("reader", is_staff=False)
    response = log_in(client, "reader")
    assert response.status_code == 200 and not is_logged_in(client)
    assert "correct username and password for a staff account" in response.text
    assert client.get(reverse("admin:index")).status_code == 302


def fail_until_the_limit(client, username, settings, **extra):
    """The failures below the limit are told the password was wrong; the one that reaches it
    is told that logging in is now blocked."""
    for _ in range(settings.ADMIN_LOGIN_FAILURE_LIMIT - 1):
        response = log_in(client, username, "wrong password", **extra)
        assert response.status_code == 200
        assert "correct username and password" in response.text
    assert_locked_out(log_in(client, username, "wrong password", **extra), settings)


def assert_locked_out(response, settings):
    assert response.status_code == 429
    minutes = math.ceil(settings.ADMIN_LOGIN_LOCKOUT_SECONDS / 60)
    duration = f"{minutes} minute{'' if minutes == 1 else 's'}"
    assert f"Too many failed logins. Logging in is blocked for {duration} after" in response.text
    assert response["Retry-After"] == str(settings.ADMIN_LOGIN_LOCKOUT_SECONDS)


def test_failed_logins_lock_the_admin_login_even_with_the_right_password(client, editor, settings):
    fail_until_the_limit(client, "editor", settings)
    response = log_in(client, "editor")
    assert_locked_out(response, settings)
    assert not is_logged_in(client)


def test_a_stranger_cannot_lock_an_editor_out(client, editor, settings):
    """Failures for a username lock out the client that made them, not the username: the
    editor, elsewhere, still logs in. Before: anyone could lock any staff account."""
    fail_until_the_limit(client, "editor", settings, REMOTE_ADDR="192.0.2.66")
    assert log_in(client, "editor", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_failures_for_a_username_from_many_addresses_lock_each_address(client, editor, settings):
    for number in range(settings.ADMIN_LOGIN_FAILURE_LIMIT):
        fail_until_the_limit(client, "editor", settings, REMOTE_ADDR=f"192.0.2.{number}")


def test_an_address_is_locked_whichever_username_it_tries(client, editor, settings):
    """Below the client's limit, other usernames' failures do not lock the editor's pair;
    at it, every username is refused to that client, and only to it."""
    for number in range(settings.ADMIN_LOGIN_CLIENT_FAILURE_LIMIT - 1):
        response = log_in(client, f"guess{number}", "wrong", REMOTE_ADDR="192.0.2.1")
        assert response.status_code == 200, number
    assert log_in(client, "editor", "wrong", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert_locked_out(log_in(client, "editor", REMOTE_ADDR="192.0.2.1"), settings)
    assert log_in(client, "editor", REMOTE_ADDR="192.0.2.2").status_code == 302


@pytest.mark.parametrize(
    "post",
    [
        {"username": "", "password": "wrong"},
        {"username": "", "password": ""},
        {},
        {"username": "editor"},
        {"password": "wrong"},
        {"username": "editor\x00", "password": "wrong"},
        {"username": "x" * 5000, "password": "wrong"},
    ],
)
def test_empty_or_malformed_posts_do_not_reset_the_count(client, editor, settings, post):
    """Before: an empty username between the failures let the spray through."""
    for _ in range(settings.ADMIN_LOGIN_FAILURE_LIMIT - 1):
        log_in(client, "editor", "wrong")
        response = client.post(reverse("admin:login"), post)
        assert response.status_code in {200, 429}
    assert_locked_out(log_in(client, "editor", "wrong"), settings)
    assert_locked_out(log_in(client, "editor"), settings)


def test_a_forged_forwarded_header_is_ignored_without_proxies(client, editor, settings):
    """NUM_PROXIES=0 (the default): X-Forwarded-For is whatever the client wrote, so the
    client is the socket's peer. Before: each made-up header was a new client."""
    for number in range(settings.ADMIN_LOGIN_FAILURE_LIMIT - 1):
        log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{number}")
    response = log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert_locked_out(response, settings)


def test_behind_proxies_the_client_is_the_address_they_saw(client, editor, settings):
    """With NUM_PROXIES=1, what a client writes into X-Forwarded-For does not make it
    another client: the address the proxy appended does."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for number in range(settings.ADMIN_LOGIN_FAILURE_LIMIT):
        forwarded = f"10.9.9.{number}, 192.0.2.1"  # made up by the client, then the proxy's
        log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=forwarded)
    response = log_in(client, "editor", HTTP_X_FORWARDED_FOR="10.0.0.99, 192.0.2.1")
    assert_locked_out(response, settings)
    assert log_in(client, "editor", HTTP_X_FORWARDED_FOR="192.0.2.1, 192.0.2.2").status_code == 302


def test_a_forwarded_value_that_is_no_address_counts_as_the_peer(client, editor, settings):
    """Behind a proxy, a value that is not one address cannot be stored as one, and counts
    as the peer's."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for number in range(settings.ADMIN_LOGIN_FAILURE_LIMIT):
        log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{number}, x")
    assert_locked_out(log_in(client, "editor"), settings)  # 127.0.0.1, the test client's
    assert log_in(client, "editor", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 302


def test_a_successful_login_clears_the_failures(client, editor, settings):
    below_the_limit = settings.ADMIN_LOGIN_FAILURE_LIMIT - 1
    for _ in range(below_the_limit):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor").status_code == 302
    client.logout()
    for _ in range(below_the_limit):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor").status_code == 302  # counted from zero again


def test_the_lockout_ends_its_time_after_the_last_failure(client, editor, settings):
    """Attempts refused during the lockout do not extend it."""
    settings.ADMIN_LOGIN_LOCKOUT_SECONDS = 2
    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    fail_until_the_limit(client, "editor", settings)
    time.sleep(1)
    response = log_in(client, "editor")
    assert response.status_code == 429
    assert "blocked for 1 minute after" in response.text  # rounded up
    time.sleep(1.1)
    assert log_in(client, "editor").status_code == 302


def test_the_counts_are_shared_by_every_worker(editor, settings):
    """Each worker has its own local-memory cache; the counts are rows of axes' table, which
    every worker and app server reads. Failures in one session lock another out, even with
    the cache emptied as a fresh worker's is."""
    fail_until_the_limit(Client(), "editor", settings)
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 5
    cache.clear()
    other = Client()
    assert_locked_out(log_in(other, "editor"), settings)
    assert not is_logged_in(other)


def test_an_editor_is_let_in_again_by_axes_reset_username(client, editor, settings):
    fail_until_the_limit(client, "editor", settings)
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    assert log_in(client, "editor").status_code == 302


def test_a_locked_admin_login_leaves_token_writes_alone(client, editor, settings):
    fail_until_the_limit(client, "editor", settings)
    api = APIClient()
    # If-Match: * overwrites any version (optimistic concurrency: test_concurrency.py)
    api.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}",
        HTTP_IF_MATCH="*",
    )
    response = api.patch("/api/v1/regions/crete/", {"workshop_format": "Online"}, format="json")
    assert response.status_code == 200, response.content


# CSRF on every form that posts


def login_form_token(client):
    page = client.get(reverse("admin:login"))
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_the_admin_login_needs_its_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    assert log_in(client, "editor").status_code == 403
    assert not is_logged_in(client)
    token = login_form_token(client)
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and is_logged_in(client)


def test_admin_change_forms_need_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_superuser("chief", "", PASSWORD))
    barrier = Barrier.objects.get(number=5)
    url = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    assert 'name="csrfmiddlewaretoken"' in client.get(url).text
    response = client.post(url, {"title": "Changed"})
    assert response.status_code == 403
    assert Barrier.objects.get(number=5).title == barrier.title


def test_site_forms_do_not_post(client):
    """The site's own forms (filters, search) only read, with GET: nothing to forge."""
    for path in ["/", "/practices/", "/quotes/", "/barriers/", "/search/?q=data", "/map/"]:
        html = client.get(path).text
        assert "<form" in html or path in {"/", "/map/"}
        assert not re.search(r'<form[^>]*method="post"', html, re.IGNORECASE), path


def test_api_writes_by_session_need_the_csrf_token(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.patch("/api/v1/regions/crete/", {"workshop_format": "X"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# Security headers


PRODUCTION_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
}


@pytest.fixture(scope="module")
def production_responses():
    """Headers of real responses under the production settings, over HTTPS: a page, the API,
    a missing page, a probe. Whatever the default database holds (without tables, pages
    answer 500): error pages must carry the headers too. Static files are served from the
    source folders, as collectstatic may not have run: their storage is not under test."""
    code = (
        "from django.conf import settings; "
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}; "
        "import django, json; django.setup(); from django.test import Client; "
        "client = Client(SERVER_NAME='kb.example.org', raise_request_exception=False); "
        "paths = ['/barriers/', '/api/v1/barriers/?format=json', '/no-such-page/', '/healthz']; "
        "print(json.dumps({p: dict(client.get(p, secure=True).headers) for p in paths}))"
    )
    result = run_in_production("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("header", PRODUCTION_HEADERS)
def test_production_sends_the_security_header(production_responses, header):
    for path, headers in production_responses.items():
        assert headers.get(header) == PRODUCTION_HEADERS[header], path


def test_every_environment_sends_the_policy(client):
    for path in ["/", "/barriers/5/", "/api/v1/barriers/", "/no-such-page/", "/admin/login/"]:
        response = client.get(path)
        assert (
            response["Content-Security-Policy"] == PRODUCTION_HEADERS["Content-Security-Policy"]
        ), path


def test_no_template_holds_what_the_policy_refuses():
    """Inline styles and scripts would be blocked in browsers (tests/browser/test_csp.py
    shows it page by page; this catches a new template even without Chromium)."""
    refused = re.compile(r"""\sstyle=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+=""")
    templates = sorted((Path(__file__).parent.parent / "templates").rglob("*.html"))
    assert len(templates) > 20
    for template in templates:
        assert not refused.search(template.read_text()), template


def test_html_pages_of_the_api_allow_inline_styles_but_no_other_script(client):
    for path in ["/api/v1/barriers/?format=api", "/api/docs/"]:
        policy = client.get(path)["Content-Security-Policy"]
        assert policy.startswith(PRODUCTION_HEADERS["Content-Security-Policy"])
        assert "style-src 'self' 'unsafe-inline'; img-src 'self' data:" in policy
        assert "script-src" not in policy  # scripts fall back to default-src 'self'


def test_cached_answers_carry_the_policy_too(client, settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    client.get("/barriers/")
    cached = client.get("/barriers/")
    assert cached["Content-Security-Policy"] == PRODUCTION_HEADERS["Content-Security-Policy"]


# External links opened safely


ANCHOR = re.compile(r"<a\s[^>]*>")


def external_anchors(html):
    for anchor in ANCHOR.findall(html):
        href = re.search(r'href="([^"]*)"', anchor)
        if href and urlsplit(href.group(1)).netloc not in {"", "testserver"}:
            yield anchor


def pages_with_external_links():
    practices = [p.get_absolute_url() for p in GoodPractice.objects.all()]
    barriers = [b.get_absolute_url() for b in Barrier.objects.all()]
    regions = [r.get_absolute_url() for r in Region.objects.all()]
    return ["/", "/about/", "/search/?q=data", *practices, *barriers, *regions]


def test_external_links_open_without_handing_over_the_page(client):
    checked = 0
    for path in pages_with_external_links():
        for anchor in external_anchors(client.get(path).text):
            rel = (re.search(r'rel="([^"]*)"', anchor) or [None, ""])[1].split()
            assert {"noopener", "noreferrer"} <= set(rel), (path, anchor)
            checked += 1
    practice_links = GoodPractice.objects.exclude(link="").count()
    assert checked >= practice_links > 20  # the practice links at least were seen


# Data is always escaped


PAYLOAD = '<script>alert("zqxj")</script><img src=x onerror=alert(1)> zqxj'
ESCAPED = ["&lt;script&gt;alert(&quot;", "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"]


def test_markup_in_a_record_is_printed_as_text(client, django_capture_on_commit_callbacks):
    quote = Quote.objects.filter(barrier__number=5).first()
    practice = GoodPractice.objects.get(slug="findata")
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows
        quote.text = PAYLOAD
        quote.save()
        practice.name = PAYLOAD
        practice.save()
    record_pages = [
        "/barriers/5/",
        "/quotes/?search=zqxj",
        practice.get_absolute_url(),
        "/practices/?search=zqxj",
    ]
    for path in record_pages:
        html = client.get(path).text
        assert all(part in html for part in ESCAPED), path  # the whole text, as text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    # Snippets mark the word searched for; PostgreSQL's leave tags out, SQLite's keep them.
    for path in ["/search/?q=zqxj", "/search/?q=zqxj&kind=quote"]:
        html = client.get(path).text
        assert "onerror=alert(1)&gt; <mark>zqxj</mark>" in html, path
        assert "<script>alert" not in html and "<img src=x" not in html, path
