"""One load of the fixtures at a time.

A second `load_kb` while one runs waits for it, saying so, and gives up with a clear
message after `--lock-wait` seconds, instead of failing midway with a locked database or a
serialisation error. PostgreSQL: an advisory lock, which every host using the database sees.
SQLite: an exclusive lock on a file beside the database, which every process of the host
sees (only processes of one host can share an SQLite file).
"""

import fcntl
import os
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

LOCK_ID = zlib.crc32(b"preciseu-kb:load_kb")  # the advisory lock's key
POLL_SECONDS = 0.2


class LoadLocked(Exception):
    """Another load held the lock for longer than we were willing to wait."""


@contextmanager
def exclusive_load(wait_seconds, on_wait):
    """Hold the load lock for the block; `on_wait()` is called once if another load holds it."""
    lock = AdvisoryLock() if connection.vendor == "postgresql" else FileLock(lock_path())
    deadline = time.monotonic() + wait_seconds
    if not lock.try_acquire():
        on_wait()
        while not lock.try_acquire():
            if time.monotonic() >= deadline:
                raise LoadLocked
            time.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        lock.release()


def lock_path():
    name = str(connection.settings_dict.get("NAME", ""))
    if name and not name.startswith(":memory:") and "mode=memory" not in name:
        return Path(f"{name}-load.lock")
    return Path(settings.BASE_DIR) / "var" / "load_kb.lock"


class AdvisoryLock:
    def try_acquire(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID])
            return cursor.fetchone()[0]

    def release(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])


class FileLock:
    def __init__(self, path):
        self.path = path
        self.descriptor = None

    def try_acquire(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self.descriptor = descriptor
        return True

    def release(self):
        fcntl.flock(self.descriptor, fcntl.LOCK_UN)
        os.close(self.descriptor)
        self.descriptor = None
