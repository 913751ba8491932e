"""What search needs of the database, checked before any command runs: on SQLite, FTS5.

The SQLite index is an FTS5 table (migration 0001 of the project package), so a database
without FTS5 could neither be migrated nor searched; the check says so at `check`, `migrate`
or `runserver`, with what to do, instead of an error at the first search.
"""

import sqlite3
from contextlib import closing

from django.core.checks import Error
from django.db import connections

NO_FTS5_HINT = (
    "Run the project with a Python whose sqlite3 module has FTS5 (most builds do; "
    "python -c \"import sqlite3; sqlite3.connect(':memory:').execute('CREATE VIRTUAL TABLE t "
    "USING fts5(x)')\" fails without it), or on PostgreSQL: "
    "DATABASE_URL=postgres://user@host:5432/name."
)


def sqlite_has_fts5():
    """Whether the SQLite library of Python's sqlite3 module, which Django uses, has FTS5."""
    with closing(sqlite3.connect(":memory:")) as probe:
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        except sqlite3.OperationalError:
            return False
    return True


def check_sqlite_has_fts5(app_configs, **kwargs):
    """search.E001: a database is SQLite, and its SQLite has no FTS5."""
    sqlite = [alias for alias in connections if connections[alias].vendor == "sqlite"]
    if not sqlite or sqlite_has_fts5():
        return []
    return [
        Error(
            f"Search needs SQLite's FTS5 extension, which the SQLite of this Python lacks "
            f"(databases: {', '.join(sqlite)}).",
            hint=NO_FTS5_HINT,
            id="search.E001",
        )
    ]
