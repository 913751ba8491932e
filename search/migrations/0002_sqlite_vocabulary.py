"""SQLite: the index's vocabulary, words as written (not stemmed), for spelling corrections.

An FTS5 table over the entries' own columns (external content: it stores no text, only its
index), tokenized without the Porter stemmer, and an `fts5vocab` table that lists its words
with the number of entries holding each (docs/search.md). PostgreSQL keeps `SearchWord`.
"""

from django.db import migrations

VOCABULARY = [
    (
        "CREATE VIRTUAL TABLE preciseu_kb_searchwords USING fts5("
        "title, headings, body, content = 'preciseu_kb_searchentry', content_rowid = 'id', "
        "tokenize = 'unicode61 remove_diacritics 2')",
        "DROP TABLE preciseu_kb_searchwords",
    ),
    (
        "CREATE VIRTUAL TABLE preciseu_kb_searchvocab USING fts5vocab(preciseu_kb_searchwords, row)",
        "DROP TABLE preciseu_kb_searchvocab",
    ),
    # The entries already indexed get their words now; a rebuild of the index refreshes them.
    ("INSERT INTO preciseu_kb_searchwords(preciseu_kb_searchwords) VALUES ('rebuild')", None),
]


def create_vocabulary(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for create, _ in VOCABULARY:
            schema_editor.execute(create)


def drop_vocabulary(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for _, drop in reversed(VOCABULARY):
            if drop:
                schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_vocabulary, drop_vocabulary)]
