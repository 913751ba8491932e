"""Keeping the search index current when records change outside `load_kb` (admin, API, shell).

Any save or delete of a record the index reads from schedules one full rebuild after the
transaction commits. A full rebuild is a dozen queries and needs no knowledge of which
entries a change reaches (a barrier's number is in the labels and links of its quotes and
comments, a region's name in its challenges, …), so it cannot miss one; every change of one
transaction (an admin form with its inlines) is followed by a single rebuild, which reads the
committed records. `load_kb` pauses the scheduling and rebuilds inside its own transaction.
"""

import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# Every model whose rows reach an index entry's text, label, link or filters.
INDEXED_MODELS = (
    "barriers.Category",
    "barriers.Barrier",
    "barriers.BarrierSection",
    "barriers.Quote",
    "barriers.PolicyComment",
    "practices.GoodPractice",
    "practices.PracticeListing",
    "regions.Country",
    "regions.Region",
    "regions.RegionalChallenge",
)
# Many-to-many links saved without a post_save of their own.
INDEXED_LINKS = ("practices.GoodPractice_countries", "practices.PracticeListing")

_paused = ContextVar("search_index_updates_paused", default=False)
_stale = threading.local()  # per thread, as database connections are


def connect():
    for sender in INDEXED_MODELS:
        post_save.connect(index_is_stale, sender=sender, dispatch_uid=f"search-save-{sender}")
        post_delete.connect(index_is_stale, sender=sender, dispatch_uid=f"search-del-{sender}")
    for sender in INDEXED_LINKS:
        m2m_changed.connect(index_is_stale, sender=sender, dispatch_uid=f"search-m2m-{sender}")


def index_is_stale(sender, using, action=None, **kwargs):
    if _paused.get() or (action and not action.startswith("post_")):
        return
    _stale.__dict__[using] = True
    transaction.on_commit(lambda: rebuild_if_stale(using), using=using)


def rebuild_if_stale(using):
    """Runs once per change, after the commit: the first call rebuilds from the committed
    records, the others find nothing left to do. A flag left by a rolled-back transaction
    only causes one rebuild too many."""
    if not _stale.__dict__.pop(using, False):
        return
    from .index import rebuild_index  # the index reads every app's models, loaded by now

    rebuild_index()


@contextmanager
def updates_paused():
    """For writers that rebuild the index themselves, once, at the end (`load_kb`)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def updates_are_paused():
    """Also read by the data version (preciseu_kb.caching): a paused writer handles both."""
    return _paused.get()
