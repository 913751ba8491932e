"""Who may do what: anyone reads, staff write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class StaffWritesAnyoneReads(BasePermission):
    """Reads for everyone; writes for authenticated staff (e.g. with an API token). An
    anonymous write answers 401, a non-staff user's 403; a method the endpoint does not have
    answers 405 to anyone."""

    message = "Only staff may change the knowledge base."

    def has_permission(self, request, view):
        if request.method not in view.allowed_methods:
            return True  # the view answers 405, to anyone: no credentials would change it
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)
