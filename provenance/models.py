"""Where every fact comes from: the source documents, and notes about the data.

Every transcribed record inherits `Provenance`: the document it was transcribed from, the
section of that document, and an optional transcription note that users see beside it.
"""

from django.core.exceptions import ValidationError
from django.db import models

from bases.history import Tracked
from bases.rules import RuleChecked, footnote_list


class Source(RuleChecked, Tracked):
    """A document the knowledge base is transcribed from (D6.1, and later others)."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    title_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the document prints no title: what the title above is instead. "
        "References show it, so that no one takes the title for a printed one.",
    )
    short_title = models.CharField(max_length=100)
    publisher = models.CharField(max_length=300, blank=True)
    published = models.CharField(
        max_length=50, blank=True, help_text="Publication date or year, as the document gives it."
    )
    identifier = models.CharField(
        max_length=200, blank=True, help_text="Grant number, deliverable number or similar."
    )
    language = models.CharField(max_length=10, default="en")
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.short_title

    def clean(self):
        """A source's slug is its key: the fixtures name it in every record (d6-1 by default),
        so renaming it would orphan them on the next load."""
        super().clean()
        if self.pk is not None:
            stored = Source.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored is not None and stored != self.slug:
                raise ValidationError(
                    {"slug": f"a source keeps its slug {stored!r}: add a new source instead"}
                )


# The sources of practices proposed through the site (contributions.services): not printed
# documents, so the verbatim check has no text to compare them with (docs/fixtures.md).
CONTRIBUTED_SOURCE_PREFIX = "contributed-"


def is_contributed(slug):
    return slug.startswith(CONTRIBUTED_SOURCE_PREFIX)


VERBATIM_HELP = (
    "What the verbatim check allows this record beyond the universal rules, by name "
    '(docs/fixtures.md, "Verbatim allowances").'
)


class Provenance(RuleChecked, Tracked):
    """Fields every transcribed record carries."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(
        max_length=300, help_text="Where in the source the record is printed."
    )
    note = models.TextField(
        blank=True,
        help_text="Transcription note shown to users: what the layout left uncertain and "
        "what was decided.",
    )
    verbatim = models.JSONField(
        default=list,
        blank=True,
        help_text=VERBATIM_HELP,
    )

    class Meta:
        abstract = True


def sources_of(records):
    """The distinct (source, section) pairs of `records` (Provenance records, their sources
    loaded), in order of first appearance: what a printed page names once for a run of
    records rather than under each of them."""
    pairs = {}
    for record in records:
        pairs.setdefault((record.source_id, record.section), (record.source, record.section))
    return list(pairs.values())


class FootnoteReference(RuleChecked, Tracked):
    """A footnote the report prints for a record: its number, words and URL."""

    order = models.PositiveSmallIntegerField()
    footnote = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The footnote's number in the source."
    )
    text = models.TextField(blank=True, help_text="The footnote's words, if not only a URL.")
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self):
        label = f"[{self.footnote}] " if self.footnote else ""
        return f"{label}{self.text or self.url}"


class ReportSection(Provenance):
    """A narrative section of a source (executive summary, methodology, conclusion, …)."""

    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subsections"
    )
    heading = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    highlights = models.JSONField(
        default=list, blank=True, help_text="Pull-out statements printed in the section."
    )
    footnotes = models.JSONField(
        default=list, blank=True, help_text='Footnotes of the section: [{"number": 1, "text": …}].'
    )
    captions = models.JSONField(
        default=list,
        blank=True,
        help_text="The captions of the tables and figures printed under this heading, verbatim, "
        "in printed order.",
    )

    json_shapes = {"footnotes": footnote_list}  # the other JSON fields list texts (bases.rules)

    class Meta:
        ordering = ["source__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "order"],
                name="report_section_order_unique_per_source",
                violation_error_message="Two report sections of one source share an order.",
            )
        ]

    def __str__(self):
        return self.heading


class DataNote(RuleChecked, Tracked):
    """Something users should know about the data as a whole, such as a table whose
    printed totals disagree with its cells. `load_kb` writes these from its checks."""

    class Kind(models.TextChoices):
        DISCREPANCY = "discrepancy", "The source contradicts itself"
        TRANSCRIPTION = "transcription", "Transcription decision"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="data_notes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=200, help_text="What the note is about, e.g. 'Tab. 3'.")
    text = models.TextField()

    class Meta:
        ordering = ["source__order", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "subject"],
                name="data_note_subject_unique_per_source",
                violation_error_message="A data note on this subject already exists.",
            )
        ]

    def __str__(self):
        return f"{self.source}: {self.subject}"
