"""Search across the knowledge base: barriers, quotes, good practices, EU comments, regions
and regional challenges, ranked, with snippets; on PostgreSQL with English stemming and
spelling corrections, on SQLite with FTS5 (see docs/search.md).

- `models`, `index`: the denormalised index (`SearchEntry`), rebuilt from the records (after
  a committed write: `preciseu_kb.changes`).
- `documents`: what each kind of record puts in the index.
- `views`, `api`: the search page and `/api/v1/search/`.
- `backends`: matching, ranking and snippets on each database.
- `engine`: one search (counts per kind, a page of hits, a spelling correction).
- `filters`: the search parameters (q, kind, category, region), for the page and the API.
"""
