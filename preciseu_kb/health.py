"""Probes for orchestrators and load balancers, and what the site answers when its database
is gone.

`/healthz` says the process is up and never touches the database; `/readyz` says whether
this instance can serve: the database answers and the knowledge base is loaded.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from barriers.models import BARRIER_COUNT, Barrier, Quote
from practices.models import GoodPractice
from regions.models import Region

from .caching import cache_reachable

RETRY_AFTER_SECONDS = 30


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Which dependency is down, by name only: an address or an error text would tell
    anyone where the database and the cache live."""
    cache = "reachable" if cache_reachable() else "unreachable"
    try:
        counts = loaded_counts()
    except DatabaseError:
        return unavailable(
            database="unreachable", cache=cache, detail="The database cannot be reached."
        )
    if counts["barriers"] != BARRIER_COUNT:
        return unavailable(
            database="reachable",
            cache=cache,
            detail="The knowledge base is not loaded: run `manage.py load_kb`.",
            counts=counts,
        )
    if cache == "unreachable":
        return unavailable(
            database="reachable",
            cache=cache,
            detail="The cache cannot be reached: answers are served uncached.",
            counts=counts,
        )
    return JsonResponse(
        {"status": "ready", "database": "reachable", "cache": cache, "counts": counts}
    )


def unavailable(**body):
    return JsonResponse(
        {"status": "unavailable", **body},
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def loaded_counts():
    return {
        "barriers": Barrier.objects.count(),
        "quotes": Quote.objects.count(),
        "practices": GoodPractice.objects.count(),
        "regions": Region.objects.count(),
    }


class DatabaseUnavailableMiddleware:
    """A request that fails because the database cannot be reached gets a 503 that says so
    (JSON under /api/, a page elsewhere) instead of a server error. Django closes a connection
    that failed at the end of the request, so the next request connects afresh: the site
    recovers by itself when the database is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or not database_unreachable():
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": "The database is unavailable. Try again shortly."}, status=503
            )
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def database_unreachable():
    """Whether the database cannot be reached: tells an outage from an error in one query."""
    try:
        connection.ensure_connection()
    except DatabaseError:
        return True
    return not connection.is_usable()
