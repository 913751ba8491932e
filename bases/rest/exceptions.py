"""Error bodies: RFC 9457 problem details (`application/problem+json`), whatever format was
asked for.

Every error of the API has the same shape: `type` (always "about:blank": the status says
what happened), `title` (the status's phrase), `status`, `detail` (what was wrong, for a
person) and `code` (DRF's error code, for a program: `not_found`, `invalid`, `throttled`,
…); an invalid request adds `errors`, each parameter or field at fault with its messages
(`{"barrier": ["Unknown barrier number “99”. Allowed: 1, 2, …"]}`). Any DRF exception
raised by a view (`APIException` and its subclasses) is answered so.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemRenderer(JSONRenderer):
    """JSON, under the media type of problem details; only errors are rendered with it."""

    media_type = PROBLEM_MEDIA_TYPE
    format = "problem+json"


class StillReferredTo(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referred_to"


def exception_handler(exc, context):
    """DRF's handler (its status and headers: `Retry-After`, `WWW-Authenticate`, `Allow`),
    with the body as a problem; 409 for deleting a record others still refer to. The
    browsable API (HTML, for people) keeps its page around the same body."""
    if isinstance(exc, ProtectedError | RestrictedError):
        exc = StillReferredTo(
            f"Still referred to by {still_referring(exc)}: delete or move them first."
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a server error, answered by the site's handler
    response.data = problem(response.status_code, response.data, error_code(exc))
    request = context.get("request")
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
