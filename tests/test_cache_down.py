"""A configured Redis that is down: answers uncached, never a 500, and nothing stale when it
returns. With a real Redis client against a port where nothing listens, and the machine's
Redis (127.0.0.1:6379, a database number and key prefix of these tests) when it runs."""

import logging
import os
import socket

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers.models import Barrier
from preciseu_kb import caching
from preciseu_kb.settings.base import cache_from_url
from tests.test_rate_limits import Clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

LIVE_URL = "redis://127.0.0.1:6379/13"
# Keys of this process only: two suites at once (SQLite and PostgreSQL) share the server.
KEY_PREFIX = f"preciseu-kb-cache-down-test-{os.getpid()}"
PAGES = [
    "/",
    "/barriers/",
    "/barriers/5/",
    "/practices/",
    "/regions/crete/",
    "/quotes/?region=crete",
    "/search/?q=reimbursement",
    "/map/",
    "/about/",
    "/api/v1/",
    "/api/v1/barriers/",
    "/api/v1/barriers/5/",
    "/api/v1/search/?q=reimbursement",
    "/healthz",
]


def closed_port():
    """A port on the loopback that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_cache(settings, url):
    settings.CACHES = {"default": {**cache_from_url(url), "KEY_PREFIX": KEY_PREFIX}}


@pytest.fixture
def dead_redis(settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    settings.DATA_VERSION_IN_CACHE = True
    url = f"redis://127.0.0.1:{closed_port()}/0"
    use_cache(settings, url)
    yield url
    caching.CacheHealth.failed_since_sync = False


@pytest.fixture
def live_redis(settings):
    """The machine's Redis, in a database of these tests; only their own keys are removed
    after (never a flush: others use the server)."""
    import redis

    client = redis.Redis.from_url(LIVE_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.RESPONSE_CACHE_SECONDS = 600
    settings.DATA_VERSION_IN_CACHE = True
    use_cache(settings, LIVE_URL)
    yield client
    keys = client.keys(f"{KEY_PREFIX}:*")
    if keys:
        client.delete(*keys)
    caching.CacheHealth.failed_since_sync = False


def staff_client():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("editor", password="unused", is_staff=True)
    client = APIClient()
    # If-Match: * overwrites any version (optimistic concurrency: test_concurrency.py)
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}",
        HTTP_IF_MATCH="*",
    )
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_and_the_api_answer_with_the_cache_down(client, dead_redis, path):
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.get("X-Cache") != "hit"  # built afresh each time


def test_readyz_names_the_cache_without_its_address(client, dead_redis):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["cache"] == "unreachable" and body["database"] == "reachable"
    port = dead_redis.rsplit(":", 1)[1].split("/")[0]
    assert "127.0.0.1" not in response.content.decode()
    assert port not in response.content.decode()
    assert response["Retry-After"]


def test_a_failure_is_logged_to_stderr_with_the_request_path(client, dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="preciseu_kb.caching"):
        client.get("/barriers/5/")
    messages = [r.getMessage() for r in caplog.records if r.name == "preciseu_kb.caching"]
    assert len(messages) == 1  # once per request
    assert "GET /barriers/5/" in messages[0] and "unreachable" in messages[0]


def test_the_api_rate_limit_holds_with_the_cache_down(dead_redis, settings, monkeypatch):
    """The counts are in the database, not the cache. Before: with Redis down, every
    request went through."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": None},
    }
    monkeypatch.setattr("preciseu_kb.ratelimit.time", Clock)  # one minute throughout
    anonymous = APIClient()
    assert [anonymous.get("/api/v1/").status_code for _ in range(3)] == [200, 200, 429]


def test_an_edit_while_the_cache_is_down_answers_and_shows_when_it_returns(
    client, live_redis, settings, django_capture_on_commit_callbacks
):
    page = "/api/v1/barriers/5/"
    first = client.get(page)
    assert first["X-Cache"] == "miss"
    assert client.get(page)["X-Cache"] == "hit"  # the cache works
    use_cache(settings, f"redis://127.0.0.1:{closed_port()}/0")  # Redis goes away
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client().patch(page, {"title": "Edited while the cache was down"})
    assert response.status_code == 200
    assert client.get(page).json()["title"] == "Edited while the cache was down"
    use_cache(settings, LIVE_URL)  # Redis is back, still holding the old answer
    again = client.get(page)
    assert again.status_code == 200
    assert again.json()["title"] == "Edited while the cache was down"
    assert again["X-Cache"] == "miss"
    assert client.get(page)["X-Cache"] == "hit"  # and caching again
    assert cache.get(caching.VERSION_KEY) == caching.stored_version()
    assert Barrier.objects.get(number=5).title == "Edited while the cache was down"


def test_every_operation_of_the_cache_degrades(dead_redis):
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    cache.get_many(["a"])["a"] = 1  # a caller may change what it got
    assert cache.get_many(["a"]) == {}
    assert cache.add("k", 1) is False and cache.has_key("k") is False
    assert cache.touch("k") is False and cache.delete("k") is False
    assert cache.set("k", 1) is None and cache.set_many({"k": 1}) == []
    cache.delete_many(["k"])
    assert cache.reachable() is False
