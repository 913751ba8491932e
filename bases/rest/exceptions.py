"""Error bodies: always JSON, whatever format was asked for."""

from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, plus 409 for deleting a record others still refer to; an error asked
    for as CSV is answered in JSON, since it is not a table."""
    response = drf_exception_handler(exc, context)
    if isinstance(exc, ProtectedError | RestrictedError):
        response = Response(
            {"detail": f"Still referred to by {still_referring(exc)}: delete or move them first."},
            status=status.HTTP_409_CONFLICT,
        )
    request = context.get("request")
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
