"""The fixture keys of every model, in the order its files give them.

One declaration per model that the reader (the type, whether required, the default), the
writer (the model field it sets) and the exporter (whether and how it writes the key, in this
order) all follow, so that a new plain field is one line here. A bare name holds the place of
a key that the three handle by hand: a relation named by its natural key, nested records,
`source` and `section` (whose defaults depend on the record's place).
"""

from dataclasses import dataclass

REQUIRED = "required"
OPTIONAL = "optional"  # may be missing or empty; exported only when not empty
BLANK = "blank"  # may be missing or empty; always exported ("" when empty)


class Prose(str):
    """Text written as a literal block (`|-`), one paragraph per line."""


class Flow(list):
    """A short list written on one line: `[SE]`."""


@dataclass(frozen=True)
class Field:
    """A plain key, stored as it is in the model field of the same name."""

    key: str
    kind: type = str  # str, int, or list (of strings)
    presence: str = REQUIRED
    default: str | None = ""  # a missing string's value (a missing number's is None)
    style: type | None = None  # Prose or Flow; None writes the value as it is

    def read(self, record):
        required = self.presence == REQUIRED
        if self.kind is list:
            return record.strings(self.key, required)
        return record.get(self.key, self.kind, required, self.default if self.kind is str else None)

    def exported(self, value):
        return self.presence != OPTIONAL or value not in (None, "", [])


def read(record, fields):
    """The plain values of a fixture record, each checked as declared."""
    return {field.key: field.read(record) for field in fields if isinstance(field, Field)}


def columns(fields, row):
    """The model fields the writer sets from a row of the reader."""
    return {field.key: row[field.key] for field in fields if isinstance(field, Field)}


def export(fields, obj, **keys):
    """`obj` as a fixture record: its plain fields, and the `keys` written by hand (None
    leaves one out), in the declared order."""
    row = {}
    for field in fields:
        if not isinstance(field, Field):
            if keys.get(field) is not None:
                row[field] = keys[field]
        elif field.exported(value := getattr(obj, field.key)):
            row[field.key] = field.style(value) if field.style else value
    return row


NOTE = Field("note", presence=OPTIONAL, style=Prose)  # a transcription note users see
# The other forms in which the source prints a name or title (the note says where): searched.
VARIANTS = Field("variants", list, OPTIONAL)
# What the verbatim check allows the record beyond the universal rules (dataset/verbatim.py).
VERBATIM = Field("verbatim", list, OPTIONAL, style=Flow)
PROVENANCE = ("source", "section", NOTE, VERBATIM)

SOURCE = (
    Field("slug", default=None),
    Field("title"),
    Field("title_note", presence=OPTIONAL),
    Field("short_title"),
    Field("publisher", presence=OPTIONAL),
    Field("published", presence=OPTIONAL),
    Field("identifier", presence=OPTIONAL),
    Field("language"),
    Field("description", presence=OPTIONAL, style=Prose),
    "notes",
)
SOURCE_NOTE = (Field("subject"), Field("text", style=Prose))
REPORT_SECTION = (
    Field("slug", default=None),
    Field("heading"),
    Field("text", presence=BLANK, style=Prose),
    Field("highlights", list, OPTIONAL),
    Field("captions", list, OPTIONAL),  # of the tables and figures printed under the heading
    "footnotes",
    *PROVENANCE,
    "subsections",
)
COUNTRY = (Field("code"), Field("name"))
CATEGORY = (Field("slug", default=None), Field("name"), VARIANTS, *PROVENANCE)
REGION = (
    Field("slug", default=None),
    Field("name"),
    "country",
    Field("order", int),
    Field("attributions", list, style=Flow),
    Field("factsheet_label"),
    VARIANTS,
    Field("overview", style=Prose),
    "challenges",
    *PROVENANCE,
)
CHALLENGE = (Field("title"), Field("text"), "barriers", *PROVENANCE)
# An editorial link of a challenge, a finding or a practice to a barrier.
BARRIER_MAPPING = ("number", Field("rationale"))
BARRIER = (
    Field("number", int),
    Field("slug", default=None),
    Field("title"),
    VARIANTS,
    "category",
    Field("introduction", style=Prose),
    "sections",
    "quotes",
    "comments",
    "practices",
    *PROVENANCE,
)
BARRIER_SECTION = (Field("heading"), Field("text", style=Prose), VERBATIM)
QUOTE = (Field("attribution"), "region", Field("text", style=Prose), *PROVENANCE)
COMMENT = (Field("text", style=Prose), "references", *PROVENANCE)
REFERENCE = (
    Field("footnote", int, OPTIONAL),
    Field("text", presence=BLANK),
    Field("url", presence=BLANK),
)
PRACTICE = (
    Field("slug", default=None),
    Field("name"),
    Field("variants", list, OPTIONAL),
    Field("country_label"),
    "countries",
    Field("locality", presence=BLANK),
    Field("description", style=Prose),
    Field("link", presence=BLANK),
    "references",
    Field("key_players", presence=OPTIONAL, style=Prose),
    Field("impact", presence=OPTIONAL, style=Prose),
    Field("transferability", presence=OPTIONAL, style=Prose),
    Field("responsible_body", presence=OPTIONAL),
    Field("objectives", list, OPTIONAL),
    "part_of",
    "barriers",
    "transfer_profile",
    *PROVENANCE,
)
# A practice's transfer profile (editorial): its level is two columns of the practice, its
# kinds, actors and preconditions rows of their own, each with the rationale it quotes.
TRANSFER_PROFILE = (
    Field("level"),
    Field("level_rationale", presence=OPTIONAL),
    "kinds",
    "actors",
    "preconditions",
)
PRACTICE_KIND = (Field("kind"), Field("rationale"))
PRACTICE_ACTOR = (Field("name"), Field("rationale"))
PRACTICE_PRECONDITION = (Field("text"), Field("rationale"))
# A finding's area, list heading and kind are those of the lists it is printed in.
NATIONAL_FINDING = (Field("text"), NOTE, VERBATIM, "barriers")
