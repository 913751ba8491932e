"""Snippets as safe HTML: the record's text escaped, the matched words in <mark>.

The database marks the matches with two private-use characters, which the index never
stores; the text is escaped first and only then are the markers turned into <mark>, so no
markup from the text can reach the page.
"""

import re

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


def excerpt(text, stems, words=30):
    """The passage of `text` around the first word that starts with one of `stems`, with every
    such word marked; the beginning of the text when none does. For databases that cannot
    mark matches themselves."""
    pattern = re.compile(
        r"\w*(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE
    )
    tokens = text.split()
    first = next((i for i, token in enumerate(tokens) if pattern.search(token)), 0)
    start = max(0, first - words // 3)
    passage = " ".join(tokens[start : start + words])
    marked = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", passage)
    before = f"{ELLIPSIS} " if start else ""
    after = f" {ELLIPSIS}" if start + words < len(tokens) else ""
    return as_html(before + marked + after)
