"""The search index: one row per searchable record, rebuilt from the records themselves.

A `SearchEntry` copies what search needs from a barrier, quote, practice, EU comment, region or
regional challenge: its text in three weights (title, headings, body), what a hit shows (label,
context, site URL, API key) and what the search page filters on (the categories and regions
the record belongs to). Nothing here is edited by hand: `search.index` rebuilds it
(see docs/search.md), so a search reads one table instead of joining six.

The tables keep the names they were created with in the project package (its migration 0001,
which also adds each database's full-text structure beside them): PostgreSQL a
weighted `tsvector` column with a GIN index, and `SearchWord`, the index's vocabulary with a
trigram index for spelling corrections; SQLite an FTS5 table.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        # In the order the search page lists them.
        BARRIER = "barrier", "Barriers"
        QUOTE = "quote", "Quotes"
        PRACTICE = "practice", "Good practices"
        COMMENT = "comment", "EU comments"
        REGION = "region", "Regions"
        CHALLENGE = "challenge", "Regional challenges"
        FINDING = "finding", "National findings"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(help_text="The primary key of the record.")
    key = models.CharField(
        max_length=200, help_text="The record's key in the API: number, slug or “5-3”."
    )
    # Unbounded: a national finding is called by its whole text, which may be long.
    label = models.TextField(help_text="What a hit is called.")
    context = models.CharField(max_length=400, blank=True, help_text="Where the record belongs.")
    url = models.CharField(max_length=400, help_text="The record's place on the site.")
    title = models.TextField(blank=True, help_text="Weighted highest: names and titles.")
    headings = models.TextField(blank=True, help_text="Weighted second: headings, attributions.")
    body = models.TextField(blank=True, help_text="Weighted lowest: the text, quoted by snippets.")
    categories = models.ManyToManyField("barriers.Category", related_name="+", blank=True)
    regions = models.ManyToManyField("regions.Region", related_name="+", blank=True)
    vector = SearchVectorField(
        null=True, editable=False, help_text="PostgreSQL only: title, headings and body, weighted."
    )

    class Meta:
        db_table = "preciseu_kb_searchentry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                name="search_entry_once_per_record",
                violation_error_message="A record is indexed once.",
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.label}"


class SearchWord(models.Model):
    """A word of the index (PostgreSQL only), to correct a misspelt query to."""

    word = models.TextField(unique=True)

    class Meta:
        db_table = "preciseu_kb_searchword"

    def __str__(self):
        return self.word
