"""The data version, and anonymous reads answered from the cache by it.

The knowledge base is read-mostly: the same pages and API payloads are asked for again and
again between two edits. `ResponseCacheMiddleware` stores each anonymous GET/HEAD answer
keyed by the data version, the full URL (scheme, host, path, query string) and the `Accept`
header. Every committed write to a knowledge-base record (admin, API, shell, `load_kb`)
replaces the version, so the next request builds, and stores, a fresh answer; nothing is
ever deleted or goes stale, entries only expire to free memory (`RESPONSE_CACHE_SECONDS`).

The version is a random token, not a counter, so that a rebuilt database can never meet the
cached answers of an earlier one. It lives in the `DataVersion` row; the cache keeps a copy
when it is shared by every app server (`DATA_VERSION_IN_CACHE`), so a request reads no
database to be answered from the cache. See docs/performance.md.

`ConditionalGetMiddleware` sits inside the cache: it tags every successful read with an ETag,
the one hash of its body, and answers 304 when the client holds it, so a stored answer keeps
its tag and a hit is answered, 304 included, without hashing the body again.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware import http
from django.utils.cache import get_conditional_response, set_response_etag

VERSION_KEY = "preciseu-kb:data-version"
SAFE_READS = {"GET", "HEAD"}
# The admin is for staff and never cached, whatever its answer.
NEVER_CACHED_PREFIXES = ("/admin/",)
# Response headers an answer may vary on: Accept is part of the key, and only requests
# without cookies (but the CSRF token's) are served from the cache.
KEYED_VARY_HEADERS = {"accept", "cookie", "origin"}


# -- The data version ---------------------------------------------------------------------


def new_version(using="default"):
    from .models import DataVersion  # models are loaded before any write

    token = uuid.uuid4().hex
    if not DataVersion.objects.using(using).update(token=token):
        DataVersion.objects.using(using).create(token=token)
    cache.set(VERSION_KEY, token, None)
    return token


def current_version():
    if not settings.DATA_VERSION_IN_CACHE:
        return stored_version()
    version = cache.get(VERSION_KEY)
    if version is None:  # a cleared or restarted cache
        version = stored_version()
        cache.add(VERSION_KEY, version, None)  # never overwrites a newer one set meanwhile
    return version


def stored_version():
    from .models import DataVersion

    return DataVersion.objects.values_list("token", flat=True).first() or new_version()


# -- The response cache -------------------------------------------------------------------


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.RESPONSE_CACHE_SECONDS or not is_anonymous_read(request):
            return self.get_response(request)
        try:
            key = response_key(request)
        except DatabaseError:  # no data version to key by: answer uncached, let the view
            return self.get_response(request)  # (or the outage's 503) say what is wrong
        stored = cache.get(key)
        if stored is None:
            response = self.get_response(request)  # tagged, or a 304, by ConditionalGet
            if not is_cacheable(response):
                return response
            cache.set(
                key, (response.content, list(response.items())), settings.RESPONSE_CACHE_SECONDS
            )
            outcome = "miss"
        else:
            response = rebuild(stored)
            response = get_conditional_response(
                request, etag=response.get("ETag"), response=response
            )
            outcome = "hit"
        response["X-Cache"] = outcome  # for benchmarks and curious clients
        return response


def is_anonymous_read(request):
    cookies = set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}
    return (
        request.method in SAFE_READS
        and not cookies  # a session, or messages waiting for a signed-in editor
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def response_key(request):
    parts = (current_version(), request.build_absolute_uri(), request.headers.get("Accept", ""))
    return "preciseu-kb:response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def is_cacheable(response):
    """Only full, successful, public answers that set no cookie: never an error, a redirect,
    a page holding a CSRF token (it sets the cookie) or a streamed file."""
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and vary <= KEYED_VARY_HEADERS
    )


def rebuild(stored):
    content, headers = stored
    return HttpResponse(content, headers=dict(headers))


# -- Conditional GET ----------------------------------------------------------------------


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's conditional GET, with two changes made through its public hooks.

    Only successful answers are tagged: an error is no representation to keep. And HEAD is
    answered as GET is, 304 included, as RFC 9110 asks: Django skips HEAD because a HEAD
    answer may have no body to hash, but the views here render HEAD as GET (the server drops
    the body), so the tag is the GET's. There is no `Last-Modified`: the records carry no
    modification time, and one invented at load would be wrong after every reload.
    """

    def needs_etag(self, response):
        return response.status_code == 200 and super().needs_etag(response)

    def process_response(self, request, response):
        if request.method != "HEAD":
            return super().process_response(request, response)
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)
