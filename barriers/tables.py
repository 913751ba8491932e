"""The barrier and quote lists as downloadable tables (bases.tables): readable columns, the
permalink of each row."""

from bases.tables import Column, Link, Table
from provenance.tables import SOURCE_COLUMNS


def barrier_label(barrier):
    """ "5 – Reimbursement misalignment": a barrier as a cell of a table."""
    return f"{barrier.number} – {barrier.title}"


BARRIERS = Table(
    "barriers",
    "Barriers",
    (
        Column("Number", "number", width=9),
        Column("Barrier", "title", width=40),
        Column("Category", "category.name", width=28),
        Column("Summary", "introduction", width=80),
        Column("Quotes", "quote_count", width=9),
        Column("Regions quoted", "region_count", width=10),
        Column("Practices in its table", "practice_count", width=11),
        Column("Fact-sheet challenges mapped (editorial)", "challenge_count", width=14),
        *SOURCE_COLUMNS,
        Link("Permalink"),
    ),
)

QUOTES = Table(
    "quotes",
    "Quotes",
    (
        Column("Barrier", lambda quote: barrier_label(quote.barrier), width=40),
        Column("Category", "barrier.category.name", width=28),
        Column("Region", "region.name", width=20),
        Column("Country", "region.country.name", width=16),
        Column("Attribution as printed", "attribution", width=18),
        Column("Quote", "text", width=80),
        *SOURCE_COLUMNS,
        Link("Permalink"),
    ),
)
