"""What follows a committed write to the knowledge base, whoever makes it (admin, API, shell).

Two things depend on the records: the search index, which holds their text, and the data
version, which keys every cached answer. After a transaction that wrote to a knowledge-base
model commits, one callback rebuilds the index (when the write reached a model the index
reads), then replaces the version, so that no answer built from the old index is cached
under the new version. One callback per transaction, however many records it wrote; a
rolled-back transaction takes its callback with it. `load_kb` pauses all this and does both
itself, once, at the end of its load.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# The apps whose records the pages, the API and the search show.
KNOWLEDGE_BASE_APPS = {"provenance", "regions", "barriers", "practices"}

_paused = ContextVar("knowledge_base_changes_paused", default=False)


def connect():
    post_save.connect(record_changed, dispatch_uid="knowledge-base-save")
    post_delete.connect(record_changed, dispatch_uid="knowledge-base-delete")
    m2m_changed.connect(record_changed, dispatch_uid="knowledge-base-m2m")


def record_changed(sender, using, action=None, **kwargs):
    if sender._meta.app_label not in KNOWLEDGE_BASE_APPS or _paused.get():
        return
    if action and not action.startswith("post_"):
        return  # a many-to-many change signals before and after: the after is enough
    from .search.index import reads_from  # the index reads every app's models, loaded by now

    pending(using).index_stale |= reads_from(sender)


class AfterCommit:
    """This transaction's follow-up: rebuild the index if it went stale, then a new version."""

    def __init__(self, using):
        self.using = using
        self.index_stale = False

    def __call__(self):
        from . import caching
        from .search.index import rebuild_index

        if self.index_stale:
            rebuild_index()
        caching.new_version(self.using)


def pending(using="default"):
    """The follow-up waiting for this transaction's commit, scheduled on first use."""
    waiting = transaction.get_connection(using).run_on_commit
    for _, callback, _ in waiting:
        if isinstance(callback, AfterCommit):
            return callback
    callback = AfterCommit(using)
    transaction.on_commit(callback, using=using)
    return callback


@contextmanager
def paused():
    """For a writer that rebuilds the index and schedules the new version itself (`load_kb`)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
