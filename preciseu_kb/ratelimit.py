"""The API's rate limits, counted in the database and told to the client.

A rate ("120/minute", settings DEFAULT_THROTTLE_RATES) is a fixed window: a client may send
that many requests in each minute (or second, hour, day) of the clock, and the count starts
again at the window's end. The count is a row per client (`RateCount`), replaced by one
statement per request (an upsert that returns the new count), so every worker and app
server shares it, with or without Redis.

Anonymous clients, by address (the socket's peer, or the one the proxies saw: NUM_PROXIES),
are counted by `RateLimitMiddleware`, outside the response cache, so that an answer from the
cache counts as any other; signed-in clients (a token, a session) by DRF's throttle
`UserThrottle`, once DRF knows the user. Every answer of a counted request carries the IETF
draft's headers (draft-ietf-httpapi-ratelimit-headers-08):

    RateLimit-Policy: "anon";q=120;w=60
    RateLimit: "anon";r=57;t=23

(quota q requests per window w seconds; r remaining, t seconds until the window resets), and
a refused one 429 with `Retry-After`.
"""

import time
from dataclasses import dataclass

from django.db import connection
from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, UserRateThrottle

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Charge:
    scope: str
    limit: int
    period: int
    count: int
    reset: int  # seconds until the window ends

    @property
    def allowed(self):
        return self.count <= self.limit

    def headers(self):
        headers = {
            "RateLimit-Policy": f'"{self.scope}";q={self.limit};w={self.period}',
            "RateLimit": f'"{self.scope}";r={max(self.limit - self.count, 0)};t={self.reset}',
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset)
        return headers


def parse_rate(rate):
    """ "120/minute" -> (120, 60); None -> None (no limit)."""
    if not rate:
        return None
    number, period = rate.split("/")
    return int(number), DURATIONS[period.strip()[0]]


def charge(scope, ident, now=None):
    """Counts one request of `ident` in its window of the `scope`'s rate; None if unlimited."""
    rate = parse_rate(api_settings.DEFAULT_THROTTLE_RATES.get(scope))
    if rate is None:
        return None
    limit, period = rate
    now = int(time.time() if now is None else now)
    window = now - now % period
    quote = connection.ops.quote_name
    table, key, start, count = map(quote, ("preciseu_kb_ratecount", "key", "window", "count"))
    with connection.cursor() as cursor:
        # One statement, atomic on SQLite and PostgreSQL alike: concurrent workers never
        # lose a count.
        cursor.execute(
            f"INSERT INTO {table} ({key}, {start}, {count}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({key}) DO UPDATE SET "
            f"{count} = CASE WHEN {table}.{start} = excluded.{start} "
            f"THEN {table}.{count} + 1 ELSE 1 END, {start} = excluded.{start} "
            f"RETURNING {count}",
            [f"{scope}:{ident}", window],
        )
        count = cursor.fetchone()[0]
    return Charge(scope, limit, period, count, window + period - now)


def is_anonymous(request):
    return "HTTP_AUTHORIZATION" not in request.META and "sessionid" not in request.COOKIES


class RateLimitMiddleware:
    """Counts the anonymous requests to the API (before the response cache: a cached answer
    counts too) and adds the headers of any counted request to its answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/") and is_anonymous(request):
            request.ratelimit = charge("anon", BaseThrottle().get_ident(request))
            if request.ratelimit and not request.ratelimit.allowed:
                return self.refused(request.ratelimit)
        response = self.get_response(request)
        counted = getattr(request, "ratelimit", None)
        if counted is not None:
            for name, value in counted.headers().items():
                response[name] = value
        return response

    def refused(self, counted):
        # The API's error shape, though no view has run yet. Imported here: the module reads
        # DRF's views, whose settings name this module's throttle.
        from bases.rest.exceptions import PROBLEM_MEDIA_TYPE, problem

        body = problem(
            429,
            {"detail": f"Request was throttled. Expected available in {counted.reset} seconds."},
            exceptions.Throttled.default_code,
        )
        body["limit"] = f"{counted.limit} requests per {counted.period} seconds"
        response = JsonResponse(body, status=429, content_type=PROBLEM_MEDIA_TYPE)
        for name, value in counted.headers().items():
            response[name] = value
        return response


class UserThrottle(UserRateThrottle):
    """Signed-in clients, by user, in the shared count; anonymous ones are the middleware's."""

    def allow_request(self, request, view):
        if not request.user.is_authenticated:
            return True
        counted = charge(self.scope, request.user.pk)
        if counted is None:
            return True
        request._request.ratelimit = counted
        self.counted = counted
        return counted.allowed

    def wait(self):
        return self.counted.reset
