"""Security pieces that Django 5.2 does not ship: the Content-Security-Policy header, and the
admin application whose site throttles failed logins (preciseu_kb/admin_login.py).

The policy is one constant header (settings.CONTENT_SECURITY_POLICY): nothing on the site is
inline, so it needs no nonces, and a middleware of a few lines does what a library would.
"""

from django.conf import settings
from django.contrib.admin.apps import AdminConfig


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


class ThrottledAdminConfig(AdminConfig):
    """django.contrib.admin with our site as the default one (every app's admin.site)."""

    default_site = "preciseu_kb.admin_login.ThrottledAdminSite"
