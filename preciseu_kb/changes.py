"""What follows a committed write to the knowledge base, whoever makes it (admin, API, shell).

Two things depend on the records: the search index, which holds their text, and the data
version, which keys every cached answer. After a transaction that wrote to a knowledge-base
model commits, one callback rebuilds the index (when the write reached a model the index
reads), then replaces the version, so that no answer built from the old index is cached
under the new version. One callback per transaction, however many records it wrote; a
rolled-back transaction takes its callback with it. A load of the fixtures (`load_kb`) is
followed once, at its end, however many records it wrote (`dataset.signals`).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from dataset.signals import dataset_loaded, is_loading
from search.index import reads_from, rebuild_index, update_after_load

from . import caching

# The apps whose records the pages, the API and the search show.
KNOWLEDGE_BASE_APPS = {"provenance", "regions", "barriers", "practices"}


def connect():
    post_save.connect(record_changed, dispatch_uid="knowledge-base-save")
    post_delete.connect(record_changed, dispatch_uid="knowledge-base-delete")
    m2m_changed.connect(record_changed, dispatch_uid="knowledge-base-m2m")
    dataset_loaded.connect(dataset_changed, dispatch_uid="knowledge-base-load")


def record_changed(sender, using, action=None, **kwargs):
    if sender._meta.app_label not in KNOWLEDGE_BASE_APPS or is_loading():
        return
    if action and not action.startswith("post_"):
        return  # a many-to-many change signals before and after: the after is enough
    pending(using).index_stale |= reads_from(sender)


def dataset_changed(sender, changed, **kwargs):
    """After a load wrote the records, in its transaction: the index brought up to date and,
    if anything changed, a new data version once it commits (cached answers show the load)."""
    update_after_load(changed=changed)
    if changed:
        pending()


class AfterCommit:
    """This transaction's follow-up: rebuild the index if it went stale and replace the
    version's row, then, once committed, publish the version. A write request does the first
    part in its transaction (`prepare_pending`, preciseu_kb.health.AtomicWritesMiddleware), so
    that an index or a version that cannot be written (a full disk) rolls the write back with
    them, instead of failing after it was committed."""

    def __init__(self, using):
        self.using = using
        self.index_stale = False
        self.token = None

    def prepare(self):
        if self.index_stale:
            rebuild_index()
            self.index_stale = False
        self.token = caching.store_version(self.using)

    def __call__(self):
        if self.token is None or self.index_stale:  # a write outside a request (shell)
            self.prepare()
        caching.publish_version(self.token)


def pending(using="default"):
    """The follow-up waiting for this transaction's commit, scheduled on first use."""
    callback = waiting(using)
    if callback is None:
        callback = AfterCommit(using)
        transaction.on_commit(callback, using=using)
    return callback


def waiting(using="default"):
    for _, callback, _ in transaction.get_connection(using).run_on_commit:
        if isinstance(callback, AfterCommit):
            return callback
    return None


def prepare_pending(using="default"):
    """Before the commit of a write request: the index and the version's row, in its
    transaction (nothing to do when it wrote no record)."""
    callback = waiting(using)
    if callback is not None:
        callback.prepare()
