"""Good practices: the initiatives the report holds up as addressing its barriers.

A practice is printed in the good-practice table of one or more barriers; each appearance is
a `PracticeListing` (barrier, position in that table), so a practice printed under two barriers
is one record with two listings. Its countries come from the table's Country column, which is
also kept exactly as printed (`country_label`).
"""

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from barriers.models import Barrier
from provenance.models import FootnoteReference, Provenance
from regions.models import Country


class GoodPracticeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("source").prefetch_related(
            "countries",
            Prefetch("listings", queryset=PracticeListing.objects.select_related("barrier")),
        )

    def for_detail(self):
        return self.for_list().prefetch_related("references")


class GoodPractice(Provenance):
    slug = models.SlugField(unique=True, max_length=100)
    name = models.CharField(max_length=300, help_text="As printed, footnote markers removed.")
    country_label = models.CharField(
        max_length=200, help_text="The table's Country column exactly as printed."
    )
    countries = models.ManyToManyField(Country, related_name="practices", blank=True)
    locality = models.CharField(
        max_length=200, blank=True, help_text="A place below country level, where printed."
    )
    description = models.TextField()
    link = models.URLField(max_length=500, blank=True, help_text="The main URL (from a footnote).")
    # The regional report template (Appendix B) describes a best practice by these three;
    # D6.1's tables do not print them, so they stay empty unless a source gives them.
    key_players = models.TextField(blank=True)
    impact = models.TextField(blank=True)
    transferability = models.TextField(blank=True)
    barriers = models.ManyToManyField(
        Barrier, through="PracticeListing", related_name="practices"
    )

    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("practice-detail", args=[self.slug])


class PracticeListing(models.Model):
    """One row of a barrier's good-practice table."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="listings")
    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="listings")
    order = models.PositiveSmallIntegerField(help_text="Row in the barrier's table.")

    class Meta:
        ordering = ["barrier__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["barrier", "practice"],
                name="practice_listed_once_per_barrier",
                violation_error_message="A practice is listed once per barrier.",
            ),
            models.UniqueConstraint(
                fields=["barrier", "order"],
                name="listing_order_unique_per_barrier",
                violation_error_message="Two practices of a barrier's table share a row.",
            ),
        ]

    def __str__(self):
        return f"{self.practice} under barrier {self.barrier.number}"


class PracticeReference(FootnoteReference):
    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="references")

    class Meta(FootnoteReference.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "order"],
                name="practice_reference_order_unique",
                violation_error_message="Two references of a practice share an order.",
            )
        ]
