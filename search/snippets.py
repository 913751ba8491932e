"""Snippets as safe HTML: the record's text escaped, the matched words in <mark>.

The database marks the matches with two private-use characters, which the index never
stores; the text is escaped first and only then are the markers turned into <mark>, so no
markup from the text can reach the page.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\ue000", "\ue001"
# Stands for "<" in the text PostgreSQL's ts_headline reads: its parser takes "<b>" or
# "<script>" for an HTML tag and leaves it out of the snippet, which is to show the text as
# written. `as_html` turns it back into "<" (then escaped like the rest).
LESS_THAN = "\ue002"
ELLIPSIS = "…"


def without_markers(text):
    return text.replace(START, "").replace(STOP, "").replace(LESS_THAN, "")


def as_html(marked_text):
    text = marked_text.replace(LESS_THAN, "<")
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # escaped above: <mark> is the only markup
