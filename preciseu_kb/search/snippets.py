"""Snippets as safe HTML: the record's text escaped, the matched words in <mark>.

The database marks the matches with two private-use characters, which the index never
stores; the text is escaped first and only then are the markers turned into <mark>, so no
markup from the text can reach the page.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\ue000", "\ue001"
ELLIPSIS = "…"


def without_markers(text):
    return text.replace(START, "").replace(STOP, "")


def as_html(marked_text):
    html = escape(marked_text).replace(START, "<mark>").replace(STOP, "</mark>")
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
