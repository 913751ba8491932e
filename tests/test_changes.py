"""The follow-up of a committed write: one per transaction, rebuilding the index only when
the write reached it."""

import pytest

from barriers.models import Quote
from dataset.signals import loading
from provenance.models import DataNote

pytestmark = pytest.mark.django_db


def test_one_follow_up_per_transaction_whatever_it_wrote(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        for quote in Quote.objects.filter(barrier__number=5):
            quote.save()
        DataNote.objects.first().save()
    assert len(callbacks) == 1
    assert callbacks[0].index_stale


def test_a_write_the_index_does_not_read_only_changes_the_version(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        DataNote.objects.first().save()
    assert [callback.index_stale for callback in callbacks] == [False]


def test_writes_outside_the_knowledge_base_schedule_nothing(
    django_capture_on_commit_callbacks, django_user_model
):
    with django_capture_on_commit_callbacks() as callbacks:
        django_user_model.objects.create_user("editor")
    assert callbacks == []


def test_a_paused_writer_schedules_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, loading():
        Quote.objects.first().save()
    assert callbacks == []
