"""The answers to a server error and to a database fault, and their log lines.

Every such answer carries an error id, also written to the log line (stderr, with the
request's method and path), so that the id a reader reports finds the traceback. A bug is a
500; a database that cannot be reached, or that cannot store a write, is a 503 with
`Retry-After` (bases.faults), as a page for people and JSON under /api/. A fault met outside
a view (the session saved by its middleware at the end of a login) reaches Django's handler
for a 500, which answers the 503 as well.
"""

import logging
import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader

from bases.faults import MESSAGES, RETRY_AFTER_SECONDS, UNREACHABLE, database_fault, new_error_id

logger = logging.getLogger("preciseu_kb.faults")


def server_error(request):
    """handler500: Django logs the traceback after it (django.request, with the request,
    which carries the id for the log's filter)."""
    error_id = request_error_id(request)
    fault = database_fault(sys.exc_info()[1])
    if fault:
        return unavailable(request, fault, error_id)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Server error: it has been logged.", "error_id": error_id}, status=500
        )
    return page("500.html", error_id, status=500)


def request_error_id(request):
    if not getattr(request, "error_id", None):
        request.error_id = new_error_id()
    return request.error_id


def log_fault(request, exc, fault):
    """One warning line for a database fault (no traceback: it is not a bug); the id is
    the one the answer shows."""
    error_id = request_error_id(request)
    logger.warning(
        "Database %s (%s: %s) on %s %s: answered 503",
        fault,
        type(exc).__name__,
        str(exc).strip().splitlines()[0] if str(exc).strip() else "",
        request.method,
        request.path,
        extra={"request": request},
    )
    return error_id


def unavailable(request, fault, error_id):
    message = MESSAGES[fault]
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "error_id": error_id}, status=503)
    else:
        template = "503.html" if fault == UNREACHABLE else "503_read_only.html"
        response = page(template, error_id, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def page(template_name, error_id, status):
    """Rendered without the request, as Django's own error pages are: no context processor
    runs, so a page about a database fault never reads the database (the user, a session)."""
    html = loader.get_template(template_name).render({"error_id": error_id})
    return HttpResponse(html, status=status)


class ErrorIdFilter(logging.Filter):
    """Adds `error_id` to every record, " [error <id>]" when its request has one, for the
    log format."""

    def filter(self, record):
        error_id = getattr(getattr(record, "request", None), "error_id", None)
        record.error_id = f" [error {error_id}]" if error_id else ""
        return True
