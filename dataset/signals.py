"""What a load of the fixtures tells the rest of the site, which this app does not import.

While `loading()` is active, the writes are the load's own: whoever follows each write to the
records (the search index, the data version) waits for `dataset_loaded`, sent once inside
the load's transaction, with `changed` saying whether anything was written.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

dataset_loaded = Signal()

_loading = ContextVar("dataset_loading", default=False)


def is_loading():
    return _loading.get()


@contextmanager
def loading():
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)
