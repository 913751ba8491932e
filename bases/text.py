"""The rule every transcribed text obeys, wherever it is written (fixtures, API, admin)."""

import re

# What no text holds: control characters (the line feed aside; a tab is a control too), the
# line and paragraph separators and NEL (YAML reads them as line breaks, so a reload would
# change the text), lone surrogates and the non-characters U+FFFE and U+FFFF (no UTF-8
# encoder, XML or YAML accepts them).
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def check_text(record, key, value):
    """Verbatim text is kept canonical: no stray spaces, no soft hyphens, no control
    characters (a line ends with `\\n` alone)."""
    if value != value.strip():
        record.problem(f"'{key}' starts or ends with whitespace")
    if re.search(r"[^\S\n]{2,}|[ \t]\n|\n[ \t]", value):
        record.problem(f"'{key}' holds a run of spaces or a space at a line end")
    if "\u00ad" in value:
        record.problem(f"'{key}' holds a soft hyphen")
    if forbidden := FORBIDDEN.search(value):
        record.problem(
            f"'{key}' holds a control character (U+{ord(forbidden.group()):04X}); "
            "a line ends with a line feed alone"
        )
