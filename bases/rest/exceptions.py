"""Error bodies: RFC 9457 problem details (`application/problem+json`), whatever format was
asked for.

Every error of the API has the same shape: `type` (always "about:blank": the status says
what happened), `title` (the status's phrase), `status`, `detail` (what was wrong, for a
person) and `code` (DRF's error code, for a program: `not_found`, `invalid`, `throttled`,
…); an invalid request adds `errors`, each parameter or field at fault with its messages
(`{"barrier": ["Unknown barrier number “99”. Allowed: 1, 2, …"]}`). Any DRF exception
raised by a view (`APIException` and its subclasses) is answered so.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from bases.faults import MESSAGES, RETRY_AFTER_SECONDS, database_fault, new_error_id

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemRenderer(JSONRenderer):
    """JSON, under the media type of problem details; only errors are rendered with it."""

    media_type = PROBLEM_MEDIA_TYPE
    format = "problem+json"


class StillReferredTo(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referred_to"


logger = logging.getLogger("preciseu_kb.faults")


class DatabaseUnavailable(exceptions.APIException):
    """A database fault (bases.faults) met by an API view: 503, Retry-After, the error id
    that the log line shows."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"

    def __init__(self, fault, error_id):
        super().__init__(MESSAGES[fault])
        self.fault = fault
        self.error_id = error_id
        self.wait = RETRY_AFTER_SECONDS


def exception_handler(exc, context):
    """DRF's handler (its status and headers: `Retry-After`, `WWW-Authenticate`, `Allow`),
    with the body as a problem; 409 for deleting a record others still refer to, 503 for a
    database fault (with the error id its log line shows). The browsable API (HTML, for
    people) keeps its page around the same body."""
    request = context.get("request")
    exc = as_api_exception(exc, request)
    if isinstance(exc, ProtectedError | RestrictedError):
        exc = StillReferredTo(
            f"Still referred to by {still_referring(exc)}: delete or move them first."
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a server error, answered by the site's handler
    response.data = problem(response.status_code, response.data, error_code(exc))
    if isinstance(exc, DatabaseUnavailable):
        response.data["error_id"] = exc.error_id
        response["Retry-After"] = str(exc.wait)
        response._has_been_logged = True  # above, with the id: not again by Django
    if request is not None and not answers_in_html(request):
        request.accepted_renderer = ProblemRenderer()
        request.accepted_media_type = PROBLEM_MEDIA_TYPE
    return response


def problem(status_code, data, code):
    """The problem body from DRF's error data: `{"detail": …}`, a list of messages, or the
    messages of each parameter or field (nested ones dotted: `interviews.total`)."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": "",
        "code": code,
    }
    if isinstance(data, dict) and set(data) == {"detail"}:
        body["detail"] = str(data["detail"])
    elif isinstance(data, dict):
        errors = dict(flattened(data))
        body["errors"] = errors
        body["detail"] = " ".join(
            f"{name}: {' '.join(messages)}" for name, messages in errors.items()
        )
    else:
        body["detail"] = " ".join(str(message) for message in data)
    return body


def flattened(errors, prefix=""):
    """(name, [messages]) pairs of DRF's nested error data."""
    for name, value in errors.items():
        if isinstance(value, dict):
            yield from flattened(value, f"{prefix}{name}.")
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            for index, item in enumerate(value):
                if item:
                    yield from flattened(item, f"{prefix}{name}.{index}.")
        else:
            messages = value if isinstance(value, list) else [value]
            yield f"{prefix}{name}", [str(message) for message in messages]


def error_code(exc):
    """DRF's code of the error; Django's own 404 and 403 have DRF's codes of the same."""
    if isinstance(exc, Http404):
        return exceptions.NotFound.default_code
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied.default_code
    return exc.default_code


def answers_in_html(request):
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is not None and renderer.format == "api"


def still_referring(exc):
    objects = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    names = sorted({str(obj._meta.verbose_name_plural) for obj in objects})
    return ", ".join(names)


def as_api_exception(exc, request):
    """A database fault becomes DatabaseUnavailable, logged once with the request's path and
    the id its answer shows; any other exception is left as it is."""
    fault = database_fault(exc)
    if fault is None:
        return exc
    django_request = getattr(request, "_request", request)
    error_id = getattr(django_request, "error_id", None) or new_error_id()
    if django_request is not None:
        django_request.error_id = error_id
    logger.warning(
        "Database %s (%s: %s) on %s %s: answered 503",
        fault,
        type(exc).__name__,
        (str(exc).strip().splitlines() or [""])[0],
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        extra={"request": django_request},
    )
    return DatabaseUnavailable(fault, error_id)
