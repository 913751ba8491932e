"""A search's hits as a downloadable table (bases.tables): every hit, best first."""

from html import unescape

from django.utils.html import strip_tags

from bases.tables import Column, Link, Table


def passage(hit):
    """The snippet as plain text: the matched words without their <mark>."""
    return unescape(strip_tags(hit.snippet))


HITS = Table(
    "search",
    "Search results",
    (
        Column("Kind", "kind_name", width=16),
        Column("Title", "label", width=45),
        Column("Where", "context", width=35),
        Column("Matched passage", passage, width=80),
        Column("Key", "key", width=14),
        Link("Permalink", "url"),
    ),
)
