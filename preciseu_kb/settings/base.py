"""Settings shared by every environment. No secret and no DEBUG here: see dev.py and prod.py."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as default_cors_headers

BASE_DIR = Path(__file__).resolve().parent.parent.parent

FIXTURES_DIR = BASE_DIR / "fixtures"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "preciseu_kb",
    "provenance",
    "regions",
    "barriers",
    "practices",
    "search",
    "evidence",
    "dataset",
    "contributions",
    "history",  # every change to every record: versions, the changes feed
    "simple_history",
    "axes",  # failed admin logins, counted in its tables
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # gzip for anonymous data answers (API, downloads), outside the cache: stored uncompressed.
    "preciseu_kb.compression.SecretFreeGZipMiddleware",
    "preciseu_kb.security.ContentSecurityPolicyMiddleware",  # on cached answers too
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # and on error pages
    "corsheaders.middleware.CorsMiddleware",  # before anything that may answer a request
    # The API's rate for anonymous clients, counted in the database, cached answers included.
    "preciseu_kb.ratelimit.RateLimitMiddleware",
    # Anonymous reads answered from the cache; outside the session, so it never sees one.
    "preciseu_kb.caching.ResponseCacheMiddleware",
    # ETag and 304 on every successful read; inside the cache, so stored answers keep the tag.
    "preciseu_kb.caching.ConditionalGetMiddleware",
    # A write request is one transaction, rolled back on a 5xx: nothing committed behind one.
    "preciseu_kb.health.AtomicWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change: each version records the request's user (staff, never shown).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "preciseu_kb.health.DatabaseUnavailableMiddleware",  # a 503 that says so, not a 500
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into its page
]

# axes first: it refuses a locked-out login before any password is checked. Token
# authentication never calls authenticate(), so the API's tokens are not counted.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "preciseu_kb.urls"

# Security headers, in every environment so that a page breaking them shows in development.
# Only this site's own files may load: nothing inline (no <script> body, no style=
# attribute), no plugins, no framing, forms posting only here.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The HTML pages under /api/ (the browsable API, Swagger UI) are drawn by their libraries with
# inline styles and data: icons: those pages alone allow both. Scripts stay our own files.
CONTENT_SECURITY_POLICY_API_PAGES = (
    f"{CONTENT_SECURITY_POLICY}; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
)
SECURE_REFERRER_POLICY = "same-origin"  # other sites never learn which page linked to them
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Admin login throttling (django-axes, counts in its database tables, so every worker and
# app server shares them; docs/deployment.md, "Admin login throttling"). A client (address)
# is refused for one username after ADMIN_LOGIN_FAILURE_LIMIT failed logins for it, and for
# every username after ADMIN_LOGIN_CLIENT_FAILURE_LIMIT failures in all, until
# ADMIN_LOGIN_LOCKOUT_SECONDS after its last failure. A username alone is never locked: a
# stranger elsewhere cannot lock an editor out.
ADMIN_LOGIN_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
ADMIN_LOGIN_CLIENT_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_CLIENT_FAILURE_LIMIT", "20"))
ADMIN_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("ADMIN_LOGIN_LOCKOUT_SECONDS", "900"))
AXES_HANDLER = "preciseu_kb.security.LoginFailuresHandler"
AXES_FAILURE_LIMIT = ADMIN_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=ADMIN_LOGIN_LOCKOUT_SECONDS)
# The pair first, then the client: LoginFailuresHandler weighs the second by its own limit.
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_RESET_ON_SUCCESS = True  # a successful login clears the pair's failures
# A refused attempt is not a failure: the lockout runs from the last wrong password.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "preciseu_kb.security.login_client_address"  # NUM_PROXIES below
AXES_USERNAME_CALLABLE = "preciseu_kb.security.login_username"  # cut to its column's length
AXES_LOCKOUT_CALLABLE = "preciseu_kb.security.locked_out_response"  # 429, Retry-After
AXES_DISABLE_ACCESS_LOG = True  # count failures; keep no log of successful logins

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "preciseu_kb.context_processors.primary_nav",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "preciseu_kb.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database
# (e.g. postgres://user@127.0.0.1:5432/name): nothing else is needed to run the site.
# A kept connection is checked before a request reuses it (CONN_HEALTH_CHECKS): after the
# database restarts, the first request of each worker reconnects instead of failing.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that hangs costs a request a few seconds and a 503 (docs/reliability.md):
# connecting gives up after DB_CONNECT_TIMEOUT seconds, a query after DB_STATEMENT_TIMEOUT
# (the server cancels it) and, if the server does not even answer that, DB_CLIENT_TIMEOUT
# (preciseu_kb/database.py). 0 turns a limit off. SQLite waits for a lock as long as
# DB_CONNECT_TIMEOUT, then says it is locked.
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
DB_STATEMENT_TIMEOUT = float(os.environ.get("DB_STATEMENT_TIMEOUT", "10"))
DB_CLIENT_TIMEOUT = float(
    os.environ.get("DB_CLIENT_TIMEOUT", str(max(DB_STATEMENT_TIMEOUT, DB_CONNECT_TIMEOUT) + 2))
)


def database_timeouts(database):
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        if DB_CONNECT_TIMEOUT:
            options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
        if DB_STATEMENT_TIMEOUT:
            milliseconds = int(DB_STATEMENT_TIMEOUT * 1000)
            options.setdefault("options", f"-c statement_timeout={milliseconds}")
    elif database["ENGINE"].endswith("sqlite3") and DB_CONNECT_TIMEOUT:
        database.setdefault("OPTIONS", {}).setdefault("timeout", DB_CONNECT_TIMEOUT)
    return database


database_timeouts(DATABASES["default"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The only login is the admin's: after it, and whenever its `?next=` is not a page of this
# site (Django drops such a target), an editor lands on the admin's index, not on Django's
# default /accounts/profile/ (a 404 here).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
# No translations: English only. Off, Django skips the active-language lookups it makes on
# every reverse() and number formatted.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]


CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5"))


def cache_from_url(url):
    """`locmem://` (one process's memory) or `redis://host:port/db` (shared by every app
    server). Django's own backends; only Redis needs a client library (`redis`)."""
    scheme = url.split("://", 1)[0]
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"redis", "rediss"}:
        return {
            # Down or unreachable, it misses instead of failing the request.
            "BACKEND": "preciseu_kb.caching.FailSoftRedisCache",
            "LOCATION": url,
            # A hung server costs a request at most this long per operation, not forever.
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    raise ValueError(f"CACHE_URL must start with locmem:// or redis://, not {url!r}.")


# Warnings and errors to stderr, where the process manager keeps them: a cache that is down
# (with the request's path), a database fault answered 503 and Django's own report of a
# server error (with the path and its traceback), each with the error id its answer shows.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"error_id": {"()": "preciseu_kb.errors.ErrorIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s%(error_id)s"}
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["error_id"],
        }
    },
    "loggers": {
        "preciseu_kb": {"handlers": ["stderr"], "level": "WARNING"},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}

# The cache holds rendered responses and the data version (preciseu_kb/caching.py).
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {"default": cache_from_url(CACHE_URL)}
# How long an anonymous read stays cached. Entries never go stale (a write changes the data
# version in their key): the limit only frees memory. 0 turns the response cache off.
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "86400"))
# Where the data version is read on each request (preciseu_kb/caching.py): from the cache
# when every app server shares it (Redis), else from a stamp file that every process of this
# host shares (DATA_VERSION_FILE, below).
DATA_VERSION_IN_CACHE = not CACHE_URL.startswith("locmem")


def data_version_file(value, database):
    """DATA_VERSION_FILE: a path; unset, beside the SQLite database file (`<name>-version`,
    as SQLite names its own `-wal` and `-journal`) or, for other databases, in the project's
    `var/`; "none" reads the version from the database on every request instead (several
    hosts without Redis)."""
    if value is not None:
        return None if value.strip().lower() in {"", "none"} else Path(value)
    name = str(database.get("NAME", ""))
    if database["ENGINE"].endswith("sqlite3") and name and not name.startswith(":memory:"):
        return Path(f"{name}-version")
    return BASE_DIR / "var" / "data-version"


DATA_VERSION_FILE = data_version_file(os.environ.get("DATA_VERSION_FILE"), DATABASES["default"])

# The whole-dataset downloads (preciseu_kb/downloads.py), one folder a data version, shared by
# the workers of a host.
DOWNLOADS_DIR = Path(os.environ.get("DOWNLOADS_DIR") or BASE_DIR / "var" / "downloads")


def env_rate(name, default):
    """A throttle rate such as "100/minute"; "none" lifts the limit."""
    value = os.environ.get(name, default).strip()
    return None if value.lower() in {"", "none"} else value


# The REST API (preciseu_kb/api.py; docs/api.md): anyone reads, staff with a token write.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",  # first: 401 names the scheme
        "rest_framework.authentication.SessionAuthentication",  # staff in the browsable API
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bases.rest.permissions.StaffWritesAnyoneReads"],
    # JSON bounded in depth and size (a hostile body is a 400 or 413, not a 500).
    "DEFAULT_PARSER_CLASSES": [
        "bases.rest.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "bases.rest.renderers.CSVRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": ("bases.rest.negotiation.KnowledgeBaseContentNegotiation"),
    "DEFAULT_FILTER_BACKENDS": ["bases.rest.filtering.KnowledgeBaseFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "bases.rest.pagination.KnowledgeBasePagination",
    "DEFAULT_SCHEMA_CLASS": "bases.rest.schema.KnowledgeBaseSchema",
    "EXCEPTION_HANDLER": "bases.rest.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        # Anonymous clients: preciseu_kb.ratelimit.RateLimitMiddleware, outside the cache.
        "preciseu_kb.ratelimit.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "120/minute"),
        "user": env_rate("API_THROTTLE_USER", "1200/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Proxies in front of the app servers (NUM_PROXIES, default 0): the client is the address
    # the last of them saw in X-Forwarded-For, for the API's rates and the admin login
    # throttling alike. 0: the socket's peer, whatever the request says.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES") or 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "PRECISEU knowledge base API",
    "DESCRIPTION": "The barriers to personalised medicine in Europe, the regions that raised "
    "them and the good practices that address them, as transcribed from the PRECISEU D6.1 "
    "Cross-Regional Report and the other sources listed at /api/v1/sources/.\n\n"
    "Reading needs no account and no key: every GET is open to anyone (a client generated "
    "from this schema takes a plain, anonymous client). Writes are for the editors, with a "
    "staff user's token (`Authorization: Token …`).\n\n"
    "Records are addressed by stable natural keys (barrier numbers, slugs, country codes, "
    "keys like `5-3`). Lists are paged (`page`, `page_size`) and filtered by the parameters "
    "each one documents; any other query parameter is refused with a 400 that lists those "
    "accepted. Every error is a problem details body (RFC 9457, "
    "`application/problem+json`). Each answer is also available as CSV (`?format=csv`).",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",  # nullable objects as `oneOf: [{$ref}, {type: null}]`
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bases.rest.schema.finish_schema",
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,  # request bodies without the read-only fields
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# Any web page may read the API from a browser; nothing else of the site is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# What a partner's page may read of an answer, and send in a request (conditional requests).
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Link",
    "Content-Disposition",
    "RateLimit",
    "RateLimit-Policy",
    "Retry-After",
]
CORS_ALLOW_HEADERS = (*default_cors_headers, "if-none-match", "if-match")

# Readers' corrections and proposed practices (contributions/, docs/editors.md): at most
# CONTRIBUTIONS_RATE submissions per client and window (seconds), counted in the database by
# every worker; at most CONTRIBUTIONS_MAX_PENDING of each kind wait for review at a time.
CONTRIBUTIONS_RATE = (
    int(os.environ.get("CONTRIBUTIONS_RATE_COUNT", "5")),
    int(os.environ.get("CONTRIBUTIONS_RATE_SECONDS", "3600")),
)
CONTRIBUTIONS_MAX_PENDING = int(os.environ.get("CONTRIBUTIONS_MAX_PENDING", "500"))
