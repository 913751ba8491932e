"""Test runs: fast hashing, in-memory cache and e-mail."""

import tempfile
from pathlib import Path

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests roll their writes back instead of committing them, so the data version cannot follow
# them: the response cache is off, except in the tests of the cache itself.
RESPONSE_CACHE_SECONDS = 0
# The version in the cache, emptied before each test; never in a stamp file that a
# development server on the same checkout would share.
DATA_VERSION_IN_CACHE = True
DATA_VERSION_FILE = None
# Each run builds its downloads in a folder of its own.
DOWNLOADS_DIR = Path(tempfile.mkdtemp(prefix="preciseu-kb-downloads-"))
