"""The data version, and anonymous reads answered from the cache by it.

The knowledge base is read-mostly: the same pages and API payloads are asked for again and
again between two edits. `ResponseCacheMiddleware` stores each anonymous GET/HEAD answer
keyed by the data version, the day, the full URL (scheme, host, path, query string) and the
`Accept` header. The day is in the key because every record page and citation download says
on which day it was read ("accessed 3 December 2026", provenance/citation.py): an answer
stored yesterday must not say yesterday today. It costs one rebuild per page a day, which the
entries' own lifetime (a day by default) costs anyway. Every committed write to a
knowledge-base record (admin, API, shell, `load_kb`) replaces the version, so the next
request builds, and stores, a fresh answer; nothing is ever deleted or goes stale, entries
only expire to free memory (`RESPONSE_CACHE_SECONDS`).

The version is a random token, not a counter, so that a rebuilt database can never meet the
cached answers of an earlier one. It is kept in the `DataVersion` row, and each request reads
it, without a query, where every process that may write shares it:

- in the cache, when every app server shares it (Redis, `DATA_VERSION_IN_CACHE`), with the
  row to fall back on when the cache is cleared;
- else in the stamp file (`DATA_VERSION_FILE`, beside the SQLite database by default), which
  every process of the host reads: a new version replaces the file whole (a rename), so a
  write in one worker changes the key of the next request in every other. Each worker's own
  cache starts empty, so the stamp only has to change with every write: a missing one is
  written afresh with a new token, not read back from the row;
- else (`DATA_VERSION_FILE=none`: several hosts without Redis) in the row, on every request.

`ConditionalGetMiddleware` sits inside the cache: it tags every successful read with an ETag,
the one hash of its body, and answers 304 when the client holds it, so a stored answer keeps
its tag and a hit is answered, 304 included, without hashing the body again.

A cache that is down is a cache that misses (`FailSoftRedisCache`): every answer is built
afresh, the API's rate counts are not kept, and the version is read from its row. The row
stays the authority: a write while the cache is down replaces the row and cannot replace
the cache's copy, so a process that saw the cache fail copies the row back into it on its
first contact after (`cached_version`), and nothing stale is served when the cache returns.

See docs/deployment.md.
"""

import contextlib
import functools
import hashlib
import logging
import os
import tempfile
import uuid
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware import http
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

from provenance.citation import accessed_on

VERSION_KEY = "preciseu-kb:data-version"
TOKEN_BYTES = 32  # uuid4().hex
SAFE_READS = {"GET", "HEAD"}
# The admin is for staff and never cached, whatever its answer.
NEVER_CACHED_PREFIXES = ("/admin/",)
# Response headers an answer may vary on: Accept is part of the key, and only requests
# without cookies (but the CSRF token's) are served from the cache.
KEYED_VARY_HEADERS = {"accept", "cookie", "origin"}


logger = logging.getLogger(__name__)

# The path of the request being answered, for the log of a cache failure.
current_request = ContextVar("current_request", default=None)


# -- A cache that degrades ----------------------------------------------------------------


class CacheHealth:
    """This process's view of the shared cache: whether an operation failed since the
    data version was last copied into it."""

    failed_since_sync = False


def fail_soft(default):
    """An operation of the cache that answers `default()` (a new one each time: a caller
    may change it) when the cache cannot be reached, and logs it once per request, with
    the request's path."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except CACHE_ERRORS as error:
                CacheHealth.failed_since_sync = True
                log_cache_failure(method.__name__, error)
                return default()

        return wrapper

    return decorate


def cache_errors():
    from redis.exceptions import RedisError  # with CACHE_URL=redis:// only

    return (RedisError, OSError)


try:
    CACHE_ERRORS = cache_errors()
except ImportError:  # pragma: no cover - redis is a dependency
    CACHE_ERRORS = (OSError,)


def log_cache_failure(operation, error):
    request = current_request.get()
    if request is not None and request.get("logged"):
        return
    where = f"{request['method']} {request['path']}" if request else "outside a request"
    logger.warning(
        "The cache is unreachable (%s on %s: %s): %s answered uncached.",
        type(error).__name__,
        operation,
        error,
        where,
    )
    if request is not None:
        request["logged"] = True


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache, where a server that is down or unreachable is a miss: reads
    answer their default, writes do nothing. Short socket timeouts (settings) keep a hung
    server from holding a request."""

    get_many = fail_soft(dict)(RedisCache.get_many)
    has_key = fail_soft(bool)(RedisCache.has_key)
    set = fail_soft(lambda: None)(RedisCache.set)
    set_many = fail_soft(list)(RedisCache.set_many)
    add = fail_soft(bool)(RedisCache.add)
    touch = fail_soft(bool)(RedisCache.touch)
    delete = fail_soft(bool)(RedisCache.delete)
    delete_many = fail_soft(lambda: None)(RedisCache.delete_many)
    clear = fail_soft(lambda: None)(RedisCache.clear)

    def get(self, key, default=None, version=None):  # the caller's default, when down
        try:
            return super().get(key, default, version)
        except CACHE_ERRORS as error:
            CacheHealth.failed_since_sync = True
            log_cache_failure("get", error)
            return default

    def reachable(self):
        try:
            return bool(self._cache.get_client(write=False).ping())
        except CACHE_ERRORS:
            CacheHealth.failed_since_sync = True
            return False


def cache_reachable():
    """Whether the shared cache answers; a process's own memory always does."""
    reachable = getattr(cache, "reachable", None)
    return reachable() if reachable else True


# -- The data version ---------------------------------------------------------------------


def new_version(using="default"):
    token = store_version(using)
    publish_version(token)
    return token


def store_version(using="default"):
    """A new token in the `DataVersion` row: in the writing transaction, when there is one,
    so that the version changes with the data or not at all."""
    from .models import DataVersion  # models are loaded before any write

    token = uuid.uuid4().hex
    if not DataVersion.objects.using(using).update(token=token):
        DataVersion.objects.using(using).create(token=token)
    return token


def publish_version(token):
    """The committed token where requests read it. A stamp that cannot be written (a full
    disk) is removed instead, so that no process keeps serving the answers of the old one:
    they answer uncached until the stamp can be written again."""
    cache.set(VERSION_KEY, token, None)
    if not reads_stamp():
        return
    try:
        write_stamp(token)
    except OSError as error:
        logger.error("The data version's stamp cannot be written (%s): it is removed.", error)
        with contextlib.suppress(OSError):
            os.unlink(settings.DATA_VERSION_FILE)


def current_version():
    if settings.DATA_VERSION_IN_CACHE:
        return cached_version()
    if settings.DATA_VERSION_FILE:
        return stamped_version()
    return stored_version()


def cached_version():
    if CacheHealth.failed_since_sync:
        return resync_version()
    version = cache.get(VERSION_KEY)
    if version is None:  # a cleared or restarted cache, or one that is down
        version = stored_version()
        cache.add(VERSION_KEY, version, None)  # never overwrites a newer one set meanwhile
    return version


def resync_version():
    """After the cache failed in this process: the row's version, copied into the cache (a
    write made meanwhile replaced the row only). Read again after the copy, so that a write
    committed in between is not overwritten by the older token."""
    for _ in range(3):
        CacheHealth.failed_since_sync = False
        version = stored_version()
        cache.set(VERSION_KEY, version, None)
        if CacheHealth.failed_since_sync:  # still down: answered from the row
            return version
        if stored_version() == version:
            return version
    CacheHealth.failed_since_sync = True  # writes keep coming: try again next request
    return version


def stored_version():
    from .models import DataVersion

    return DataVersion.objects.values_list("token", flat=True).first() or new_version()


def reads_stamp():
    return not settings.DATA_VERSION_IN_CACHE and bool(settings.DATA_VERSION_FILE)


def stamped_version():
    """Read on every request, with the bare system calls: Python's buffered file objects
    would cost more than the read itself."""
    try:
        stamp = os.open(settings.DATA_VERSION_FILE, os.O_RDONLY)
    except FileNotFoundError:  # a new deployment, or the file was removed
        token = uuid.uuid4().hex
        write_stamp(token)
        return token
    try:
        return os.read(stamp, TOKEN_BYTES).decode()
    finally:
        os.close(stamp)


def write_stamp(token):
    """Written beside the stamp, then renamed over it: a reader sees the old token or the new
    one, never part of either. Readable by all: the workers may run as another user than the
    command that writes."""
    path = Path(settings.DATA_VERSION_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, prefix=f".{path.name}-", delete=False
    ) as stamp:
        stamp.write(token)
    os.chmod(stamp.name, 0o644)
    os.replace(stamp.name, path)


# -- The response cache -------------------------------------------------------------------


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set({"method": request.method, "path": request.path})
        try:
            return self.answer(request)
        finally:
            current_request.reset(token)

    def answer(self, request):
        if not settings.RESPONSE_CACHE_SECONDS or not is_anonymous_read(request):
            return self.get_response(request)
        try:
            key = response_key(request)
        except (DatabaseError, OSError):  # no data version to key by (the database, or the
            return self.get_response(request)  # stamp's folder): answer uncached
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
    """The URL in parts, as build_absolute_uri() joins them (get_host() also refuses a host
    that ALLOWED_HOSTS does not list, before any answer is looked up)."""
    parts = (
        current_version(),
        accessed_on().isoformat(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", ""),
    )
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
    the body), so the tag is the GET's. An API list or entry also says when its records last
    changed (`Last-Modified`, bases.rest.viewsets), which If-Modified-Since is answered by
    when the client sends no If-None-Match (RFC 9110 13.2.2).
    """

    def needs_etag(self, response):
        return response.status_code == 200 and super().needs_etag(response)

    def process_response(self, request, response):
        if request.method != "HEAD":
            return super().process_response(request, response)
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified")),
            response=response,
        )
