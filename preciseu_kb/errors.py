"""The answer to an unexpected error: JSON for API clients, the site's page for people."""

from django.http import JsonResponse
from django.views import defaults


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return defaults.server_error(request)
