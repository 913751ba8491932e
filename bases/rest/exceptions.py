"""Error bodies: always JSON, whatever format was asked for."""

import logging

from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bases.faults import MESSAGES, RETRY_AFTER_SECONDS, database_fault, new_error_id

logger = logging.getLogger("preciseu_kb.faults")


class DatabaseUnavailable(APIException):
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
    """DRF's handler, plus 409 for deleting a record others still refer to; an error asked
    for as CSV is answered in JSON, since it is not a table."""
    request = context.get("request")
    exc = as_api_exception(exc, request)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, DatabaseUnavailable):
        response.data["error_id"] = exc.error_id
        response["Retry-After"] = str(exc.wait)
        response._has_been_logged = True  # above, with the id: not again by Django
    if isinstance(exc, ProtectedError | RestrictedError):
        response = Response(
            {"detail": f"Still referred to by {still_referring(exc)}: delete or move them first."},
            status=status.HTTP_409_CONFLICT,
        )
    if response is not None and request is not None and not answers_in_json_or_html(request):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def answers_in_json_or_html(request):
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is None or renderer.format in {"json", "api"}


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
