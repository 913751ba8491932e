"""Matching, ranking and snippets on each database, behind one interface.

- PostgreSQL: a weighted `tsvector` per entry (title A, headings B, body C) with English
  stemming and a GIN index; `websearch_to_tsquery` reads the query (every word required,
  "quoted phrases", `or`, `-word`; never a syntax error); `ts_rank` ranks, `ts_headline`
  marks the snippet; pg_trgm corrects misspelt words against the index's vocabulary.
- SQLite: an FTS5 table with the Porter stemmer; every word and "quoted phrase" is required;
  bm25 ranks with the same weights' order; `snippet()` marks the snippet. An SQLite without
  FTS5 is refused by the search app's system check (`search.checks`).

`matching` narrows a queryset of entries (one subquery, so it combines with any filter);
`ranked` reads one page of hits, and `best_of_each_kind` the few best hits of each kind, in
one query each, making snippets for those hits only.
"""

import logging
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DatabaseError, connection
from django.db.models import F, Func, IntegerField, Q, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace, RowNumber
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.models import SearchEntry, SearchWord

from .snippets import ELLIPSIS, LESS_THAN, START, STOP, as_html

ENTRIES = SearchEntry._meta.db_table
logger = logging.getLogger(__name__)
HIT_FIELDS = ("id", "kind", "key", "label", "context", "url")
SNIPPET_WORDS = 30


class Backend:
    corrects_spelling = False

    def matching(self, entries, text):
        """The entries matching `text`; a text without words (see `has_words`) narrows
        nothing."""
        raise NotImplementedError

    def ranked(self, entries, text, offset, limit):
        """The entries matching `text`, which has words, best first, from `offset`; each
        with `snippet`."""
        return self.page(self.matching(entries, text), text, offset, limit)

    def best_of_each_kind(self, entries, text, per_kind):
        """The `per_kind` best entries of each kind matching `text`, best first, each with
        `snippet`: ranked once, and the snippets made for these only."""
        position = Window(
            RowNumber(), partition_by=F("kind"), order_by=[self.score(text), F("id").asc()]
        )
        best = self.matching(entries, text).annotate(position=position)
        best = best.filter(position__lte=per_kind).values("id")
        chosen = SearchEntry.objects.filter(id__in=best)  # matching already: not tested again
        return self.page(chosen, text, 0, per_kind * len(SearchEntry.Kind))

    def score(self, text):
        """An expression that orders the matching entries, best first."""
        raise NotImplementedError

    def page(self, matching, text, offset, limit):
        """Entries of `matching` (which all match `text`), best first, each with `snippet`."""
        raise NotImplementedError

    def corrections(self, words):
        """{typed word: the closest word of the index} for the words that have one."""
        return {}

    def lock_index(self):
        """Before a rebuild: wait for any other rebuild to finish."""

    def prepare(self, entry):
        """Before an entry is inserted: add what the database computes from its text."""

    def refresh(self):
        """After the entries are written: bring the database's own structures up to date."""

    def tidy(self):
        """After a rebuild is committed, outside any transaction: clear what it left behind."""


# The text's lexemes, English-stemmed, weighted by where they stand.
WEIGHTED_VECTOR = " || ".join(
    f"setweight(to_tsvector('english', %s), '{weight}')" for weight in "ABC"
)


class PostgresBackend(Backend):
    corrects_spelling = True
    config = "english"

    def query(self, text):
        # websearch reads "-" before a word as "not", even across spaces: a name printed with
        # a spaced dash ("Genomic Medicine Sweden - GMS") would exclude its own last word.
        text = LONE_DASH.sub(" ", text)
        return SearchQuery(text, search_type="websearch", config=self.config)

    def matching(self, entries, text):
        # A query of stop words only ("the") has no lexeme left; it then matches every entry,
        # as it does on SQLite, which keeps stop words, and as a text without words does.
        query = self.query(text)
        lexemes = Func(query, function="numnode", output_field=IntegerField())
        return entries.alias(lexemes=lexemes).filter(Q(vector=query) | Q(lexemes=0))

    def score(self, text):
        return SearchRank(F("vector"), self.query(text)).desc()

    def page(self, matching, text, offset, limit):
        query = self.query(text)
        hits = (
            matching.annotate(
                marked=SearchHeadline(
                    Replace(F("body"), Value("<"), Value(LESS_THAN)),
                    query,
                    config=self.config,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=f" {ELLIPSIS} ",
                ),
            )
            .only(*HIT_FIELDS)
            .order_by(self.score(text), "id")[offset : offset + limit]
        )
        return with_snippets(hits)

    def corrections(self, words):
        # `%` is pg_trgm's "similar enough" operator, served by the trigram index.
        sql = f"""
            SELECT DISTINCT ON (typed) typed, known.word
            FROM unnest(%s::text[]) AS typed
            JOIN {SearchWord._meta.db_table} AS known ON known.word %% typed
            ORDER BY typed, similarity(known.word, typed) DESC, known.word
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(words)])
            return dict(cursor.fetchall())

    def lock_index(self):
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ENTRIES} IN SHARE ROW EXCLUSIVE MODE")

    def prepare(self, entry):
        # Computed as the row is inserted: an UPDATE afterwards would write every row twice.
        entry.vector = RawSQL(WEIGHTED_VECTOR, [entry.title, entry.headings, entry.body])

    def refresh(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SearchWord._meta.db_table}")
            cursor.execute(
                f"""
                INSERT INTO {SearchWord._meta.db_table} (word)
                SELECT word FROM ts_stat(
                    'SELECT to_tsvector(''simple'', concat_ws('' '', title, headings, body))
                     FROM {ENTRIES}'
                ) WHERE word ~ '^[[:alpha:]]{{3,}}$'
                """
            )
            # Fresh statistics of the new words, so the planner keeps choosing the GIN index.
            cursor.execute(f"ANALYZE {ENTRIES}")

    def tidy(self):
        # Until a vacuum the replaced entries stay in the table and the GIN index as dead rows,
        # and the new ones wait in the index's pending list (fast update), which every search
        # reads through, so searches slow down many times over (docs/performance.md). Autovacuum
        # may be late, or off. A role that does not own the table gets a warning from VACUUM,
        # not an error.
        if connection.in_atomic_block:
            return  # VACUUM cannot run in a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {ENTRIES}")
        except DatabaseError:
            logger.exception("Could not vacuum the search index: searches are slower until then.")


class Fts5Backend(Backend):
    corrects_spelling = True
    table = "preciseu_kb_searchfts"  # created by preciseu_kb's migration 0001
    weights = "bm25(10.0, 4.0, 1.0)"  # title, headings, body
    # The words as written, not stemmed, and how many entries hold each (search's
    # migration 0002): what a misspelt word is corrected to.
    words_table = "preciseu_kb_searchwords"
    vocabulary = "preciseu_kb_searchvocab"

    def matching(self, entries, text):
        expression = fts5_expression(text)
        if not expression:
            return entries  # no word to look for narrows nothing
        found = RawSQL(f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [expression])
        return entries.filter(id__in=found)

    def ranked(self, entries, text, offset, limit):
        matches, params = self.matches_in(entries, fts5_expression(text))
        columns = ", ".join(f"entry.{name}" for name in HIT_FIELDS)
        # FTS5 returns rows in rank order itself, so snippet() runs for this page only.
        sql = f"""
            SELECT {columns}, snippet({self.table}, 2, %s, %s, %s, %s) AS marked
            {matches} ORDER BY rank LIMIT %s OFFSET %s
        """
        snippet = [START, STOP, ELLIPSIS, SNIPPET_WORDS]
        return with_snippets(SearchEntry.objects.raw(sql, [*snippet, *params, limit, offset]))

    def best_of_each_kind(self, entries, text, per_kind):
        matches, params = self.matches_in(entries, fts5_expression(text))
        sql = f"""
            SELECT id FROM (
                SELECT entry.id AS id,
                    row_number() OVER (PARTITION BY entry.kind ORDER BY rank, entry.id) AS position
                {matches}
            ) WHERE position <= %s
        """
        best = entries.filter(id__in=RawSQL(sql, [*params, per_kind]))
        return self.ranked(best, text, 0, per_kind * len(SearchEntry.Kind))

    def matches_in(self, entries, expression):
        """FROM and WHERE of the FTS5 rows matching `expression` among `entries`, with their
        parameters; `rank` is the row's bm25 with our weights (lower is better)."""
        scope, scope_params = entries.values("id").query.sql_with_params()
        sql = f"""
            FROM {self.table} JOIN {ENTRIES} AS entry ON entry.id = {self.table}.rowid
            WHERE {self.table} MATCH %s AND rank MATCH %s AND entry.id IN ({scope})
        """
        return sql, [expression, self.weights, *scope_params]

    def corrections(self, words):
        """The closest word of the vocabulary to each word it lacks (see `closest_word`).
        One query, for the words of lengths near the typed ones'."""
        words = {word for word in words if len(word) >= MIN_CORRECTED}
        if not words:
            return {}
        shortest = min(map(len, words)) - LENGTH_SLACK
        longest = max(map(len, words)) + LENGTH_SLACK
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc FROM {self.vocabulary} "
                "WHERE length(term) BETWEEN %s AND %s AND term NOT GLOB '*[0-9]*'",
                [shortest, longest],
            )
            known = dict(cursor.fetchall())
        return {
            word: closest
            for word in words
            if word not in known and (closest := closest_word(word, known))
        }

    def refresh(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(
                f"INSERT INTO {self.table} (rowid, title, headings, body) "
                f"SELECT id, title, headings, body FROM {ENTRIES}"
            )
            # Reads the entries' columns again, for the words as written.
            cursor.execute(f"INSERT INTO {self.words_table}({self.words_table}) VALUES ('rebuild')")


# A correction must be this close: 1 − edits / length, where swapping two neighbouring
# letters is one edit (optimal string alignment). "reimbursemnt" → "reimbursement" is 0.92,
# "gdrp" → "gdpr" 0.75; a word of four letters takes one edit at most, and shorter words
# are left as typed.
CLOSE_ENOUGH = 0.7
MIN_CORRECTED = 4
LENGTH_SLACK = 3


def closest_word(word, known):
    """The word of `known` ({word: entries holding it}) closest to `word`, or None; of
    equally close words, the one more entries hold ("gdrp" → "gdpr", not "gdp")."""
    candidates = process.extract(
        word, list(known), scorer=OSA.normalized_similarity, score_cutoff=CLOSE_ENOUGH, limit=10
    )
    if not candidates:
        return None
    best, _, _ = max(candidates, key=lambda found: (found[1], known[found[0]], found[0]))
    return best


def with_snippets(hits):
    hits = list(hits)
    for hit in hits:
        hit.snippet = as_html(hit.marked)
    return hits


# A dash not joined to the word after it: a separator, not the operator of `-word`.
LONE_DASH = re.compile(r"-(?![^\W_])")
# A word, or a "quoted phrase", of the query.
QUERY_PART = re.compile(r'"([^"]*)"|([^\s"]+)')
ALPHANUMERIC = re.compile(r"[^\W_]")


def has_words(text):
    """Whether `text` has a letter or digit to look for; one without narrows nothing."""
    return bool(ALPHANUMERIC.search(text))


def fts5_expression(text):
    """Every word and "quoted phrase" of `text` as an FTS5 phrase, all of them required. As
    each is quoted, FTS5 reads no operator or syntax in it; the tokenizer splits and stems
    it like the indexed text."""
    parts = (phrase or word for phrase, word in QUERY_PART.findall(text))
    return " ".join(f'"{part}"' for part in parts if ALPHANUMERIC.search(part))


def backend_for():
    """PostgreSQL's backend, or SQLite's: the two databases the project runs on."""
    return PostgresBackend() if connection.vendor == "postgresql" else Fts5Backend()
