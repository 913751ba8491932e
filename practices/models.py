"""Good practices: the initiatives the report holds up as addressing its barriers.

A practice is printed in the good-practice table of one or more barriers; each appearance is
a `PracticeListing` (barrier, position in that table), so a practice printed under two barriers
is one record with two listings. Its countries come from the table's Country column, which is
also kept exactly as printed (`country_label`).

Practices of other sources (Spain's PERTE Salud de Vanguardia) are linked to barriers by the
editors, not by a printed table: such a listing has a `rationale` and no `order`. A measure
may hold actions of its own (`part_of`), and keeps its printed objectives (`objectives`).
"""

from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse

from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier, SplitListings
from provenance.models import FootnoteReference, Provenance
from regions.models import Country


class GoodPracticeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("source", "part_of").prefetch_related(
            "countries",
            Prefetch("listings", queryset=PracticeListing.objects.select_related("barrier")),
        )

    def for_detail(self):
        """for_list's, its references and its actions (`parts`): all a page or the API
        shows of a practice."""
        return self.for_list().prefetch_related("references", "parts")


class GoodPractice(SplitListings, Provenance):
    slug = models.SlugField(unique=True, max_length=100)
    name = models.CharField(max_length=300, help_text="As printed, footnote markers removed.")
    # The report names some practices in several ways (another table's row, a fact sheet, a
    # footnote, the description). The name stays the form printed in the record's own place;
    # the other forms are kept here, each as printed, so that search finds the record by any
    # of them, and the note says where each is printed.
    variants = models.JSONField(
        default=list,
        blank=True,
        help_text="The other names the source prints for this practice, each as printed; "
        "the note says where.",
    )
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
    responsible_body = models.CharField(
        max_length=300, blank=True, help_text="The body the source names as responsible."
    )
    objectives = models.JSONField(
        default=list, blank=True, help_text="The objectives the source lists, verbatim."
    )
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        help_text="The measure this practice is an action of.",
    )
    barriers = models.ManyToManyField(Barrier, through="PracticeListing", related_name="practices")

    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("practice-detail", args=[self.slug])


class PracticeListing(models.Model):
    """A practice under a barrier: either one row of the barrier's printed good-practice table
    (`order`, no rationale), or an editorial link (`rationale`, no order; see
    `EDITORIAL_MAPPING_NOTE`). Printed rows come first in a barrier's list."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="listings")
    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="listings")
    order = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Row in the barrier's table; empty for an editorial link."
    )
    rationale = models.CharField(
        max_length=300,
        blank=True,
        help_text="Editorial link only: one line, what in the practice's own words matches "
        f"the barrier. {EDITORIAL_MAPPING_NOTE}",
    )

    class Meta:
        ordering = ["barrier__number", F("order").asc(nulls_last=True), "practice__name"]
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
            models.CheckConstraint(
                condition=Q(order__isnull=False, rationale="")
                | (Q(order__isnull=True) & ~Q(rationale="")),
                name="listing_printed_row_or_editorial_link",
                violation_error_message="A listing is either a printed table row (a row, no "
                "rationale) or an editorial link (a rationale, no row).",
            ),
        ]

    def __str__(self):
        return f"{self.practice} under barrier {self.barrier.number}"

    @property
    def is_editorial(self):
        return self.order is None


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
