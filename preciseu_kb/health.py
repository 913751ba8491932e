"""Probes for orchestrators and load balancers, and what the site answers when its database
is gone.

`/healthz` says the process is up and never touches the database; `/readyz` says whether
this instance can serve: the database answers and the knowledge base is loaded.
"""

from django.db import DatabaseError, InterfaceError, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from barriers.models import BARRIER_COUNT, Barrier, Quote
from bases.faults import RETRY_AFTER_SECONDS, connection_usable, database_fault
from practices.models import GoodPractice
from regions.models import Region

from . import changes, errors
from .caching import cache_reachable

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


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
    except (DatabaseError, InterfaceError):
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
    """A request that fails because the database cannot be reached, or cannot store a write,
    gets a 503 that says so (JSON under /api/, a page elsewhere; preciseu_kb.errors) instead
    of a server error. Django closes a connection that failed at the end of the request and
    checks a kept one before reusing it (CONN_HEALTH_CHECKS), so the next request connects
    afresh: the site recovers by itself when the database is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        fault = database_fault(exception)
        if fault is None:
            return None
        error_id = errors.log_fault(request, exception, fault)
        response = errors.unavailable(request, fault, error_id)
        response._has_been_logged = True  # logged above, without a traceback: not a bug
        return response


class AtomicWritesMiddleware:
    """Every write request (POST, PUT, PATCH, DELETE) all or nothing: one transaction,
    rolled back when the answer is a server error or a 503. A write that fails midway (a
    full disk, a lost connection) leaves nothing committed behind its error. Reads are not
    wrapped: they write nothing and keep their query counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code < 500:
                response = self.prepare_commit(request, response)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response

    def prepare_commit(self, request, response):
        """The search index and the data version, written in the request's transaction."""
        try:
            changes.prepare_pending()
        except (DatabaseError, InterfaceError) as exc:
            fault = database_fault(exc)
            if fault is None:
                raise
            return errors.unavailable(request, fault, errors.log_fault(request, exc, fault))
        return response


def database_unreachable():
    """Whether the database cannot be reached: tells an outage from an error in one query."""
    return not connection_usable()
