"""A hung PostgreSQL costs a request a few seconds and a 503, not a worker.

The server enforces DB_STATEMENT_TIMEOUT on a query it is running (settings), and libpq's
connect timeout bounds a connection that is refused or unanswered. Neither helps when the
server (or the machine between) stops answering on a connection already open: the kernel
keeps acknowledging, the query never returns, and the worker waits until the process
manager kills it. So every wait for the server goes through psycopg2's wait callback,
which gives up after DB_CLIENT_TIMEOUT seconds (the statement timeout and a margin) with an
OperationalError, which the site answers with a 503 (bases.faults). Django then finds the
connection unusable and closes it: the next request opens a new one.
"""

import select
import time

from django.conf import settings


def install():
    """Called once at start when the default database is PostgreSQL."""
    from psycopg2.extensions import set_wait_callback

    set_wait_callback(wait_with_deadline)


def wait_with_deadline(conn):
    from psycopg2 import OperationalError
    from psycopg2.extensions import POLL_OK, POLL_READ, POLL_WRITE

    deadline = time.monotonic() + settings.DB_CLIENT_TIMEOUT
    while True:
        state = conn.poll()
        if state == POLL_OK:
            return
        left = deadline - time.monotonic()
        if left <= 0:  # not conn.close() here: psycopg2 holds the connection's lock
            raise OperationalError(
                f"timeout expired: the database did not answer in {settings.DB_CLIENT_TIMEOUT} s"
            )
        if state == POLL_READ:
            select.select([conn.fileno()], [], [], left)
        elif state == POLL_WRITE:
            select.select([], [conn.fileno()], [], left)
        else:
            raise OperationalError(f"bad state from poll: {state}")
