"""The API's rate limits: the documented figure is what a client gets, shared by every
worker (counted in the database, without Redis), cached answers included, told in the IETF
draft's headers and readable by pages of other origins."""

import re

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from preciseu_kb.models import RateCount

pytestmark = pytest.mark.django_db

LIMIT = 5


class Clock:
    """A clock standing 20 s into a minute: a test's requests never straddle two windows."""

    @staticmethod
    def time():
        return 1_800_000_000 + 20  # a multiple of 60, plus 20


@pytest.fixture
def rates(settings, monkeypatch):
    monkeypatch.setattr("preciseu_kb.ratelimit.time", Clock)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": f"{LIMIT}/minute", "user": "3/minute"},
    }


def remaining(response):
    return int(re.fullmatch(r'"anon";r=(\d+);t=(\d+)', response["RateLimit"]).group(1))


def test_the_limit_is_what_a_client_gets_with_the_headers(client, rates):
    answers = [client.get("/api/v1/barriers/") for _ in range(LIMIT + 2)]
    assert [a.status_code for a in answers] == [200] * LIMIT + [429, 429]
    assert [remaining(a) for a in answers[:LIMIT]] == list(range(LIMIT - 1, -1, -1))
    assert answers[0]["RateLimit-Policy"] == f'"anon";q={LIMIT};w=60'
    refused = answers[LIMIT]
    assert refused["Retry-After"] == "40"  # the rest of the minute
    assert "throttled" in refused.json()["detail"]


def test_cached_answers_count_too(client, rates, settings):
    """Before: an answer from the response cache was never counted."""
    settings.RESPONSE_CACHE_SECONDS = 600
    statuses = [client.get("/api/v1/regions/").status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]


def test_every_worker_shares_the_count(client, rates):
    """A fresh worker starts with an empty cache: the count is a row of the database.
    Before: counts lived in each worker's memory (8 failures before the first 429)."""
    for _ in range(LIMIT):
        client.get("/api/v1/barriers/")
    cache.clear()
    assert client.get("/api/v1/barriers/").status_code == 429
    assert RateCount.objects.get(key="anon:127.0.0.1").count == LIMIT + 1


def test_a_forged_forwarded_header_is_the_same_client(client, rates):
    """Before (NUM_PROXIES unset): each made-up X-Forwarded-For was a new client."""
    statuses = [
        client.get("/api/v1/barriers/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(LIMIT + 1)
    ]
    assert statuses[-1] == 429


def test_one_query_per_counted_request(client, rates, django_assert_num_queries, settings):
    settings.RESPONSE_CACHE_SECONDS = 600
    client.get("/api/v1/regions/")
    with django_assert_num_queries(1):  # the count; the answer comes from the cache
        assert client.get("/api/v1/regions/").status_code == 200


def test_signed_in_clients_are_counted_by_user(rates):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("partner", password="unused")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    answers = [api.get("/api/v1/barriers/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["RateLimit"].startswith('"user";r=2;')
    assert answers[3]["Retry-After"]


def test_browsers_may_read_the_headers_and_send_conditional_requests(client, rates):
    preflight = client.options(
        "/api/v1/barriers/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-match",
    )
    allowed = preflight["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "if-match" in allowed
    answer = client.get("/api/v1/barriers/", HTTP_ORIGIN="https://partner.example")
    exposed = answer["Access-Control-Expose-Headers"].lower()
    for header in ("ratelimit", "ratelimit-policy", "retry-after", "etag"):
        assert header in exposed


def test_pages_of_the_site_are_not_counted(client, rates):
    for _ in range(LIMIT + 1):
        assert client.get("/barriers/").status_code == 200
