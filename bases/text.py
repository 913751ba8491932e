"""The rule every transcribed text obeys, wherever it is written (fixtures, API, admin)."""

import re


def check_text(record, key, value):
    """Verbatim text is kept canonical: no stray spaces and no soft hyphens."""
    if value != value.strip():
        record.problem(f"'{key}' starts or ends with whitespace")
    if re.search(r"[^\S\n]{2,}|[ \t]\n|\n[ \t]", value):
        record.problem(f"'{key}' holds a run of spaces or a space at a line end")
    if "\u00ad" in value:
        record.problem(f"'{key}' holds a soft hyphen")
