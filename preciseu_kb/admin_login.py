"""Admin login throttling: after ADMIN_LOGIN_FAILURE_LIMIT failed logins from one client or
for one username, further attempts are refused, without checking the password, until
ADMIN_LOGIN_LOCKOUT_SECONDS have passed since the last failure. A successful login clears
both counts.

The counts live in the cache: no table, no write to the database, nothing on the API's token
authentication (which never logs in through a form). With CACHE_URL=redis:// every app server
shares them; with the default local-memory cache each process counts for itself.
"""

import hashlib
import math

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from rest_framework.throttling import BaseThrottle


class LoginGuard:
    """The failure counts of one login attempt: one per client, one per username."""

    def __init__(self, request, username):
        client = BaseThrottle().get_ident(request) or ""  # the address the API's rates use
        self.keys = [
            f"admin-login-failures:client:{digest(client)}",
            f"admin-login-failures:user:{digest(username.strip().lower())}",
        ]

    def is_locked(self):
        counts = cache.get_many(self.keys).values()
        return any(count >= settings.ADMIN_LOGIN_FAILURE_LIMIT for count in counts)

    def record_failure(self):
        timeout = settings.ADMIN_LOGIN_LOCKOUT_SECONDS
        for key in self.keys:
            if cache.add(key, 1, timeout):
                continue
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, timeout)
            else:
                cache.touch(key, timeout)  # the lockout runs from the last failure

    def reset(self):
        cache.delete_many(self.keys)


def digest(text):
    """A cache key part of fixed length and safe characters, whatever the client sent."""
    return hashlib.sha256(text.encode()).hexdigest()


def lockout_duration():
    minutes = math.ceil(settings.ADMIN_LOGIN_LOCKOUT_SECONDS / 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": "Too many failed logins. Logging in is blocked for %(duration)s "
        "after the last failed attempt; try again later.",
    }

    def clean(self):
        guard = LoginGuard(self.request, self.cleaned_data.get("username") or "")
        if guard.is_locked():
            raise ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"duration": lockout_duration()},
            )
        try:
            cleaned_data = super().clean()  # wrong password, inactive or not staff
        except ValidationError:
            guard.record_failure()
            raise
        guard.reset()
        return cleaned_data


class ThrottledAdminSite(admin.AdminSite):
    login_form = ThrottledAdminAuthenticationForm

    def login(self, request, extra_context=None):
        """A refused attempt answers 429 Too Many Requests, with the form and its message."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "locked_out"):
            response.status_code = 429
            response["Retry-After"] = str(settings.ADMIN_LOGIN_LOCKOUT_SECONDS)
        return response
