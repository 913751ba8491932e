"""Which database failures are the database's fault, not the request's, and what to tell the
client about them: the site and the API answer these with a 503 and `Retry-After`, never a
500. Settings-free, so every app may import it.

- unreachable: the server is down, restarted (a kept connection is then "already closed"),
  hung past the timeouts (settings: DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT), or refusing
  connections;
- read-only: the database refuses writes (a read-only SQLite file or folder, a PostgreSQL
  hot standby or read-only transaction) or has no room left (disk full, a quota).

Anything else (a constraint, a bad query) is a bug or a bad request and is not hidden here.
"""

import uuid

from django.db import DatabaseError, InterfaceError, connections

RETRY_AFTER_SECONDS = 30
UNREACHABLE = "unreachable"
READ_ONLY = "read-only"

MESSAGES = {
    UNREACHABLE: "The database is unavailable. Try again shortly.",
    READ_ONLY: "The database cannot store changes just now (it is read-only or its disk is "
    "full): nothing was saved. Try again later.",
}

# SQLSTATE classes and codes (PostgreSQL): 08 connection exception, 53 insufficient
# resources (53100 disk full), 57P01-57P03 the server shutting down or starting, 25006
# read-only transaction, 57014 statement cancelled (DB_STATEMENT_TIMEOUT).
UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03", "57014")
READ_ONLY_STATES = ("53", "25006")
# SQLite says it in words only.
READ_ONLY_WORDS = ("readonly database", "read-only", "disk is full", "disk i/o error")
UNREACHABLE_WORDS = (
    "connection already closed",
    "server closed the connection",
    "could not connect",
    "connection refused",
    "terminating connection",
    "timeout expired",
    "the database system is",
    "unable to open database file",
    "ssl syscall error",
    "no connection to the server",
    "statement timeout",
    "canceling statement",
)


def database_fault(exc):
    """UNREACHABLE, READ_ONLY or None for an exception raised by a database operation."""
    if isinstance(exc, InterfaceError):  # a closed connection: not a DatabaseError
        return UNREACHABLE
    if not isinstance(exc, DatabaseError):
        return None
    cause = exc.__cause__ or exc
    state = getattr(cause, "pgcode", None) or ""
    text = str(exc).lower()
    if state.startswith(READ_ONLY_STATES) or any(word in text for word in READ_ONLY_WORDS):
        return READ_ONLY
    if state.startswith(UNREACHABLE_STATES) or any(word in text for word in UNREACHABLE_WORDS):
        return UNREACHABLE
    if not state and not connection_usable():  # e.g. a socket error without a state
        return UNREACHABLE
    return None


def connection_usable(alias="default"):
    connection = connections[alias]
    try:
        connection.ensure_connection()
        return connection.is_usable()
    except (DatabaseError, InterfaceError):
        return False


def new_error_id():
    """A short id that the log line and the answer both show, to find one from the other."""
    return uuid.uuid4().hex[:12]
