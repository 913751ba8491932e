"""A second `load_kb` while one runs waits for it, or gives up with a clear message."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from dataset import locking
from dataset.management.commands import load_kb

pytestmark = pytest.mark.django_db


class Holder:
    """The load lock held as another process would: another database session (PostgreSQL)
    or another open file (SQLite)."""

    def __enter__(self):
        if connection.vendor == "postgresql":
            self.other = connections.create_connection("default")
            with self.other.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [locking.LOCK_ID])
        else:
            self.other = locking.FileLock(locking.lock_path())
            assert self.other.try_acquire()
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            with self.other.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [locking.LOCK_ID])
            self.other.close()
        else:
            self.other.release()


def test_a_second_load_gives_up_with_a_clear_message_and_changes_nothing():
    err = StringIO()
    with Holder(), pytest.raises(CommandError, match="Another load_kb is still running"):
        call_command("load_kb", "--lock-wait", "0", stdout=StringIO(), stderr=err)
    assert "waiting for it to finish" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_a_second_load_waits_for_the_first_and_then_loads(monkeypatch):
    """The first load finishes (its lock is released) while the second says it waits:
    nothing depends on timing."""
    first = Holder().__enter__()
    say_waiting = load_kb.Command.say_waiting

    def waiting_while_the_first_finishes(self):
        say_waiting(self)
        first.__exit__(None, None, None)

    monkeypatch.setattr(load_kb.Command, "say_waiting", waiting_while_the_first_finishes)
    out, err = StringIO(), StringIO()
    call_command("load_kb", stdout=out, stderr=err)
    assert "waiting for it to finish" in err.getvalue()
    assert "Nothing changed." in out.getvalue()
