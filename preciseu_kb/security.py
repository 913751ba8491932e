"""Security pieces that Django 5.2 does not ship: the Content-Security-Policy header, and the
two hooks by which django-axes, which throttles the admin's logins, reads the client and
answers a locked-out one.

The policy is one constant header (settings.CONTENT_SECURITY_POLICY): nothing on the site is
inline, so it needs no nonces, and a middleware of a few lines does what a library would.
"""

import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


class ContentSecurityPolicyMiddleware:
    """Sends the policy on every response, cached ones included (it sits outside the cache);
    a view that sets its own keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = policy_for(request, response)
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


def policy_for(request, response):
    """The site's policy, or the API pages' one for HTML under /api/ (drawn by libraries)."""
    is_html = response.get("Content-Type", "").startswith("text/html")
    if is_html and request.path_info.startswith("/api/"):
        return settings.CONTENT_SECURITY_POLICY_API_PAGES
    return settings.CONTENT_SECURITY_POLICY


def login_client_address(request):
    """The client of a login attempt (AXES_CLIENT_IP_CALLABLE) as the API's rates see it:
    DRF's reading of X-Forwarded-For with NUM_PROXIES, so that one setting says who a client
    is for both. axes keeps it in an IP address column: a value that is not one address (a
    whole forwarded chain when NUM_PROXIES is unset, a made-up header) counts as the peer's."""
    for candidate in (BaseThrottle().get_ident(request), request.META.get("REMOTE_ADDR")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


# axes' username column (AccessAttempt.username) holds this many characters; no account's
# name is longer (Django's usernames hold 150).
LOGIN_USERNAME_MAX_LENGTH = 255


def login_username(request, credentials=None):
    """The username of a login attempt (AXES_USERNAME_CALLABLE), as axes reads it, cut to
    what its column holds: a longer one (a 5,000-character post) was a database error, a
    500, on PostgreSQL. It names no account either way, so the cut one is still counted."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:LOGIN_USERNAME_MAX_LENGTH] if isinstance(username, str) else username


def locked_out_response(request, original_response, credentials):
    """The admin login's answer while the client or the username is locked out
    (AXES_LOCKOUT_CALLABLE): 429 Too Many Requests, a page saying for how long, and
    Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {**admin.site.each_context(request), "duration": in_minutes(seconds)}
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def in_minutes(seconds):
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


class LoginFailuresHandler(AxesDatabaseHandler):
    """axes' database handler, with two limits: ADMIN_LOGIN_FAILURE_LIMIT failures of one
    client for one username, ADMIN_LOGIN_CLIENT_FAILURE_LIMIT of one client in all (axes
    has one limit: the client's count is scaled to it)."""

    def get_failures(self, request, credentials=None):
        pair, client = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scale = settings.ADMIN_LOGIN_FAILURE_LIMIT / settings.ADMIN_LOGIN_CLIENT_FAILURE_LIMIT
        return max(pair, math.floor(client * scale))
