"""The response cache and the data version (preciseu_kb/caching.py): anonymous reads are
answered from the cache without a query; any committed write shows on the next request."""

import os
import socket
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils import cache as cache_utils
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers.models import Barrier, Quote
from preciseu_kb import caching
from preciseu_kb.models import DataVersion

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/barriers/5/",
    "/practices/",
    "/regions/crete/",
    "/api/v1/practices/",
    "/api/v1/quotes/?barrier=5",
    "/search/?q=data",
]


@pytest.fixture(autouse=True)
def response_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    settings.DATA_VERSION_IN_CACHE = True
    caches["default"].clear()


@pytest.fixture
def staff_api():
    from django.contrib.auth.models import User

    user = User.objects.create_user("editor", password="unused", is_staff=True)
    client = APIClient()
    # If-Match: * overwrites any version (optimistic concurrency: test_concurrency.py)
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}",
        HTTP_IF_MATCH="*",
    )
    return client


def rate_count_queries(path):
    """An anonymous API request, cached or not, costs the one statement that counts it
    against the client's rate (preciseu_kb.ratelimit); a page costs none."""
    return 1 if path.startswith("/api/") else 0


@pytest.mark.parametrize("path", PAGES)
def test_a_second_anonymous_read_is_answered_from_the_cache_without_a_query(
    client, path, django_assert_num_queries
):
    first = client.get(path)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with django_assert_num_queries(rate_count_queries(path)):
        second = client.get(path)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_the_key_holds_the_query_string_and_the_accept_header(client):
    assert client.get("/api/v1/practices/?barrier=5")["X-Cache"] == "miss"
    assert client.get("/api/v1/practices/?barrier=6")["X-Cache"] == "miss"
    csv = client.get("/api/v1/practices/?barrier=5", HTTP_ACCEPT="text/csv")
    # The whole list, streamed: answered anew each time, never stored.
    assert "X-Cache" not in csv and csv["Content-Type"].startswith("text/csv")
    html = client.get("/api/v1/practices/?barrier=5", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    assert client.get("/api/v1/practices/?barrier=5")["Content-Type"] == "application/json"


def test_a_cached_answer_honours_if_none_match(client):
    etag = client.get("/barriers/5/")["ETag"]
    response = client.get("/barriers/5/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["X-Cache"] == "hit"


def test_the_body_is_hashed_once_when_stored_and_never_for_a_hit(client, monkeypatch):
    hashed = []
    real_md5 = cache_utils.md5
    monkeypatch.setattr(cache_utils, "md5", lambda *a, **k: hashed.append(1) or real_md5(*a, **k))
    etag = client.get("/api/v1/practices/")["ETag"]
    assert len(hashed) == 1
    assert client.get("/api/v1/practices/")["ETag"] == etag
    assert client.head("/api/v1/practices/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(hashed) == 1


def test_errors_redirects_and_the_admin_are_not_cached(client):
    for path in [
        "/api/v1/barriers/99/",
        "/api/v1/practices/?barrier=99",
        "/barriers/misc/",
        "/admin/",
        "/admin/login/",
    ]:
        client.get(path)
        assert "X-Cache" not in client.get(path), path


def test_signed_in_and_token_requests_bypass_the_cache(client, admin_user, staff_api):
    client.get("/barriers/5/")
    client.force_login(admin_user)
    assert "X-Cache" not in client.get("/barriers/5/")
    staff_api.get("/api/v1/barriers/5/")
    assert "X-Cache" not in staff_api.get("/api/v1/barriers/5/")


def test_an_api_write_shows_on_the_next_anonymous_read(
    client, staff_api, django_capture_on_commit_callbacks
):
    path = "/api/v1/quotes/5-3/"
    assert client.get(path)["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.patch(path, {"note": "Checked again."}, format="json")
    assert response.status_code == 200
    after = client.get(path)
    assert after["X-Cache"] == "miss" and after.json()["note"] == "Checked again."
    assert "Checked again." in client.get("/barriers/5/").content.decode()


def test_a_saved_record_shows_on_the_next_anonymous_read(django_capture_on_commit_callbacks):
    """As the admin, or a shell, saves it."""
    anonymous = Client()
    barrier = Barrier.objects.get(number=5)
    assert barrier.title in anonymous.get("/barriers/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        barrier.title = "A title changed in the admin"
        barrier.save()
    assert "A title changed in the admin" in anonymous.get("/barriers/").content.decode()


def test_a_deletion_changes_the_version(client, django_capture_on_commit_callbacks):
    before = caching.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        Quote.objects.filter(barrier__number=5).first().delete()
    assert caching.current_version() != before
    assert DataVersion.objects.get().token == caching.current_version()


def test_a_rolled_back_write_keeps_the_version(django_capture_on_commit_callbacks):
    before = caching.current_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Barrier.objects.filter(number=5).first().save()
    assert callbacks and caching.current_version() == before  # nothing ran: not committed


def test_writes_outside_the_knowledge_base_keep_the_version(
    admin_user, django_capture_on_commit_callbacks
):
    before = caching.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        admin_user.first_name = "Ed"
        admin_user.save()
    assert caching.current_version() == before


def test_load_kb_that_changes_something_changes_the_version(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_kb", verbosity=0)  # the database as the fixtures say
    before = caching.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_kb", verbosity=0)  # now nothing differs
    assert caching.current_version() == before
    Barrier.objects.filter(number=5).update(title="Not the report's title")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_kb", "--force", verbosity=0)  # over that edit
    assert caching.current_version() != before


def test_a_cleared_cache_falls_back_to_the_stored_version():
    version = caching.current_version()
    caches["default"].clear()
    assert caching.current_version() == version == DataVersion.objects.get().token


def test_without_a_shared_cache_or_a_stamp_the_version_is_read_from_the_database(
    settings, client, django_assert_num_queries
):
    settings.DATA_VERSION_IN_CACHE = False
    settings.DATA_VERSION_FILE = None
    client.get("/barriers/5/")
    with django_assert_num_queries(1):
        assert client.get("/barriers/5/")["X-Cache"] == "hit"


# -- The stamp file: each worker's own cache (locmem), the version shared through a file ---


@pytest.fixture
def stamp(settings, tmp_path):
    settings.DATA_VERSION_IN_CACHE = False
    settings.DATA_VERSION_FILE = tmp_path / "kb.sqlite3-version"
    return settings.DATA_VERSION_FILE


def stamp_as_another_process_would(stamp):
    """What `new_version` does in another worker: a new token written beside the stamp, then
    renamed over it. This process's cache still holds the answers of the old token."""
    written = stamp.with_name("written-elsewhere")
    written.write_text(uuid.uuid4().hex)
    os.replace(written, stamp)


@pytest.mark.parametrize("path", PAGES)
def test_with_a_stamp_a_hit_reads_no_database(stamp, client, path, django_assert_num_queries):
    assert client.get(path)["X-Cache"] == "miss"
    with django_assert_num_queries(rate_count_queries(path)):
        assert client.get(path)["X-Cache"] == "hit"


def test_a_write_in_another_process_shows_on_the_next_request(stamp, client):
    path = "/api/v1/barriers/5/"
    assert client.get(path)["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    Barrier.objects.filter(number=5).update(title="Changed in another process")  # no signal
    stamp_as_another_process_would(stamp)
    after = client.get(path)
    assert after["X-Cache"] == "miss" and after.json()["title"] == "Changed in another process"


def test_a_write_here_replaces_the_stamp(stamp, client, django_capture_on_commit_callbacks):
    client.get("/barriers/5/")
    before = stamp.read_text()
    with django_capture_on_commit_callbacks(execute=True):
        Barrier.objects.get(number=5).save()
    assert stamp.read_text() == DataVersion.objects.get().token != before
    assert client.get("/barriers/5/")["X-Cache"] == "miss"


def test_a_missing_stamp_is_written_with_a_new_token(stamp, client):
    client.get("/barriers/5/")
    before = stamp.read_text()
    stamp.unlink()
    assert client.get("/barriers/5/")["X-Cache"] == "miss"
    assert stamp.read_text() not in {before, DataVersion.objects.get().token}
    assert oct(stamp.stat().st_mode & 0o777) == oct(0o644)  # for workers of another user


def test_with_a_stamp_healthz_reads_no_database(stamp, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_the_cache_can_be_turned_off(settings, client):
    settings.RESPONSE_CACHE_SECONDS = 0
    client.get("/barriers/5/")
    assert "X-Cache" not in client.get("/barriers/5/")


# -- Redis ---------------------------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_is_listening():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache(settings):
    if not redis_is_listening():
        pytest.skip("no Redis server on 127.0.0.1:6379 (start one to test CACHE_URL=redis://)")
    # A prefix of its own: apart from anything else in this Redis, which is never flushed.
    prefix = f"preciseu-kb-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**settings_cache_from(REDIS_URL), "KEY_PREFIX": prefix}}
    return caches["default"]


def settings_cache_from(url):
    from preciseu_kb.settings.base import cache_from_url

    return cache_from_url(url)


def test_cache_url_names_redis_or_local_memory():
    redis = settings_cache_from(REDIS_URL)
    assert redis["BACKEND"] == "preciseu_kb.caching.FailSoftRedisCache"  # Django's, degrading
    assert redis["LOCATION"] == REDIS_URL
    assert redis["OPTIONS"]["socket_timeout"] == 0.5
    assert settings_cache_from("locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ValueError, match="CACHE_URL"):
        settings_cache_from("memcached://127.0.0.1")


def test_redis_shares_answers_and_the_version(
    redis_cache,
    client,
    staff_api,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    assert "RedisCache" in type(redis_cache).__name__
    path = "/api/v1/barriers/5/"
    assert client.get(path)["X-Cache"] == "miss"
    with django_assert_num_queries(rate_count_queries(path)):
        assert Client().get(path)["X-Cache"] == "hit"  # another client, the same answer
    with django_capture_on_commit_callbacks(execute=True):
        staff_api.patch(path, {"title": "Changed through the API"}, format="json")
    assert redis_cache.get(caching.VERSION_KEY) == DataVersion.objects.get().token
    after = client.get(path)
    assert after["X-Cache"] == "miss" and after.json()["title"] == "Changed through the API"
