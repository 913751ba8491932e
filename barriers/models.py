"""The report's 17 barriers, their 6 categories, and what the regions said about them.

A `Barrier` belongs to one `Category` and has an introduction followed by themed
`BarrierSection`s in printed order. Each `Quote` is one stakeholder statement, printed under
exactly one barrier and attributed to exactly one partner region. A `PolicyComment` is one of
the boxed EU-level comments (EHDS, AI Act, …) printed beside a barrier. A `ChallengeMapping`
links a region's fact-sheet challenge to a barrier it corresponds to: the knowledge base's
editorial judgement, which the report does not make. A `FindingMapping` does the same for a
national finding of another source (e.g. Spain's factsheet); both are a `BarrierMapping`.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.urls import reverse

from bases.history import Tracked
from bases.keys import ChildKey
from bases.querysets import related_count
from bases.rules import RuleChecked
from provenance.models import VERBATIM_HELP, FootnoteReference, Provenance
from regions.models import NationalFinding, Region, RegionalChallenge, attribution_mismatch

BARRIER_COUNT = 17
# Quotes and comments are numbered within their barrier: "5-3" is barrier 5's third. The API
# and the site's pages (/quotes/5-3/) use the same keys.
QUOTE_KEY = COMMENT_KEY = ChildKey("barrier", "number", "[0-9]{1,5}")
EDITORIAL_MAPPING_NOTE = (
    "Editorial mapping by the knowledge base's editors, not part of the report."
)


class CategoryQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("source").prefetch_related(
            Prefetch("barriers", queryset=Barrier.objects.for_list())
        )


class Category(Provenance):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    variants = models.JSONField(
        default=list,
        blank=True,
        help_text="The other forms in which the report prints the name; the note says where.",
    )
    order = models.PositiveSmallIntegerField(unique=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("category-detail", args=[self.slug])


class SplitListings:
    """For the two ends of a practice listing (a barrier, a practice): its `listings` are rows
    of the report's printed good-practice tables or the editors' links to other sources'
    practices, and the two are never shown or counted as one. Both read the prefetched
    `listings`, so neither runs a query."""

    @property
    def table_listings(self):
        """The printed table rows, in printed order."""
        return [listing for listing in self.listings.all() if not listing.is_editorial]

    @property
    def editorial_listings(self):
        """The editorial links, each with its rationale."""
        return [listing for listing in self.listings.all() if listing.is_editorial]


class BarrierQuerySet(models.QuerySet):
    def for_list(self):
        """With `quote_count`, `practice_count` (rows of its good-practice table),
        `region_count` (regions quoted on it) and `challenge_count` (fact-sheet challenges
        mapped to it)."""
        return self.select_related("category", "source").annotate(
            quote_count=related_count(Barrier, "quotes"),
            practice_count=related_count(Barrier, "listings", order__isnull=False),
            region_count=related_count(Barrier, "quotes", distinct="region"),
            challenge_count=related_count(Barrier, "challenge_mappings"),
        )

    def with_parts(self):
        """`for_list()` with the barrier's own parts: its sections and EU comments."""
        return self.for_list().prefetch_related(
            "sections", Prefetch("comments", queryset=PolicyComment.objects.for_list())
        )

    def for_detail(self):
        # Listings belong to the practices app, whose models import these: named, not imported.
        listings = (
            apps.get_model("practices", "PracticeListing")
            .objects.select_related("practice__source")
            .prefetch_related("practice__countries")
        )
        return self.with_parts().prefetch_related(Prefetch("listings", queryset=listings))

    def with_raised_flags(self, region):
        """Each barrier annotated with `quoted` (`region` is quoted on it) and `mapped` (one of
        the region's fact-sheet challenges is mapped to it, an editorial mapping).

        `region`: a Region, its key, or `OuterRef("pk")` to read it from an outer query
        (`RegionQuerySet.for_list` counts per region)."""
        if isinstance(region, OuterRef):
            # Read from inside the Exists below, one query further in than the caller's.
            region = OuterRef(region)
        quoted = Quote.objects.filter(region=region, barrier=OuterRef("pk"))
        mapped = ChallengeMapping.objects.filter(challenge__region=region, barrier=OuterRef("pk"))
        return self.annotate(quoted=Exists(quoted), mapped=Exists(mapped))

    def raised_by(self, region):
        """The barriers `region` raised: the one definition of "barriers raised", which every
        page and endpoint counts and lists (`Region.barriers_raised_count` counts these). A
        region raised a barrier when it is quoted on it or when one of its fact-sheet
        challenges is mapped to it; `with_raised_flags` says which."""
        return self.with_raised_flags(region).filter(Q(quoted=True) | Q(mapped=True))

    def raised_by_each(self, regions):
        """{region key: [the barriers it raised, in number order]} for `regions`, from
        `raised_by` in one query (a UNION of one SELECT per region)."""
        regions = list(regions)
        if not regions:
            return {}
        selects = [
            self.raised_by(region).annotate(raised_by_id=Value(region.pk)).order_by()
            for region in regions
        ]
        rows = selects[0].union(*selects[1:], all=True).order_by("raised_by_id", "number")
        raised = {region.pk: [] for region in regions}
        for barrier in rows:
            raised[barrier.raised_by_id].append(barrier)
        return raised


class Barrier(SplitListings, Provenance):
    number = models.PositiveSmallIntegerField(
        unique=True, help_text=f"The report's number, 1–{BARRIER_COUNT}."
    )
    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(max_length=200, help_text="As printed in the barrier's heading.")
    variants = models.JSONField(
        default=list,
        blank=True,
        help_text="The other forms in which the report prints the title (the overview of the "
        "barriers); the note says where.",
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="barriers")
    introduction = models.TextField(help_text="The text before the first themed sub-section.")
    challenges = models.ManyToManyField(
        RegionalChallenge,
        through="ChallengeMapping",
        related_name="barriers",
        blank=True,
        help_text=f"Fact-sheet challenges corresponding to this barrier. {EDITORIAL_MAPPING_NOTE}",
    )
    regions_quoted = models.ManyToManyField(
        Region,
        through="Quote",
        related_name="barriers_quoted",
        help_text="The partner regions quoted on it (through its quotes).",
    )
    findings = models.ManyToManyField(
        NationalFinding,
        through="FindingMapping",
        related_name="barriers",
        blank=True,
        help_text=f"National findings that speak to this barrier. {EDITORIAL_MAPPING_NOTE}",
    )

    objects = BarrierQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=BARRIER_COUNT),
                name="barrier_number_in_range",
                violation_error_message=f"Barrier numbers run from 1 to {BARRIER_COUNT}.",
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("barrier-detail", args=[self.number])


class BarrierSection(RuleChecked, Tracked):
    """A themed sub-section of a barrier (heading + text), in printed order."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=300)
    text = models.TextField()
    verbatim = models.JSONField(default=list, blank=True, help_text=VERBATIM_HELP)

    class Meta:
        ordering = ["barrier__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["barrier", "order"],
                name="section_order_unique_per_barrier",
                violation_error_message="Two sub-sections of a barrier share an order.",
            )
        ]

    def __str__(self):
        return self.heading


class QuoteQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("barrier__category", "region__country", "source")


class Quote(Provenance):
    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="quotes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="quotes")
    order = models.PositiveSmallIntegerField(help_text="Printed order within the barrier.")
    text = models.TextField(help_text="The words between the quotation marks.")
    attribution = models.CharField(
        max_length=100, help_text="The name after the dash, as printed (e.g. 'The Netherlands')."
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["barrier__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["barrier", "order"],
                name="quote_order_unique_per_barrier",
                violation_error_message="Two quotes of a barrier share an order.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="quote_text_not_empty",
                violation_error_message="A quote has text.",
            ),
        ]

    def __str__(self):
        return f"{self.attribution} on barrier {self.barrier.number}: {self.text[:60]}"

    def clean(self):
        super().clean()
        if self.region_id is None or not isinstance(self.region.attributions, list):
            return
        mismatch = attribution_mismatch(
            self.attribution, self.region.slug, self.region.attributions
        )
        if mismatch:
            raise ValidationError({"attribution": mismatch})

    @property
    def key(self):
        return QUOTE_KEY.of(self)

    def get_absolute_url(self):
        """The quote's own page; it is also shown in its barrier's at `anchor_url`."""
        return reverse("quote-detail", args=[self.key])

    def anchor_url(self):
        return f"{self.barrier.get_absolute_url()}#quote-{self.order}"


class PolicyCommentQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("barrier", "source").prefetch_related("references")


class PolicyComment(Provenance):
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="comments")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    objects = PolicyCommentQuerySet.as_manager()

    class Meta:
        ordering = ["barrier__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["barrier", "order"],
                name="comment_order_unique_per_barrier",
                violation_error_message="Two comments of a barrier share an order.",
            )
        ]

    def __str__(self):
        return f"Comment on barrier {self.barrier.number}: {self.text[:60]}"

    @property
    def key(self):
        return COMMENT_KEY.of(self)

    def get_absolute_url(self):
        """The comment's own page; it is also shown in its barrier's at `anchor_url`."""
        return reverse("comment-detail", args=[self.key])

    def anchor_url(self):
        return f"{self.barrier.get_absolute_url()}#comment-{self.order}"


class CommentReference(FootnoteReference):
    comment = models.ForeignKey(PolicyComment, on_delete=models.CASCADE, related_name="references")

    class Meta(FootnoteReference.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "order"],
                name="comment_reference_order_unique",
                violation_error_message="Two references of a comment share an order.",
            )
        ]


class BarrierMappingQuerySet(models.QuerySet):
    def with_barrier(self):
        """As a record's page and API entry list its mappings: each with its barrier, in
        barrier order."""
        return self.select_related("barrier")


def mapping_constraints(record):
    """A record is mapped to a barrier once, and never without a reason. The names are the
    database's, so each mapping's keep the word for its record."""
    return [
        models.UniqueConstraint(
            fields=[record, "barrier"],
            name=f"{record}_mapped_once_per_barrier",
            violation_error_message=f"A {record} is mapped to a barrier only once.",
        ),
        models.CheckConstraint(
            condition=~Q(rationale=""),
            name=f"{record}_mapping_rationale_not_empty",
            violation_error_message=f"A mapping says why the {record} matches the barrier.",
        ),
    ]


class BarrierMapping(RuleChecked, Tracked):
    """A record of a source that corresponds to a barrier, with why: the editors' reading (see
    `EDITORIAL_MAPPING_NOTE`), which the source does not make. A record may correspond to
    several barriers, or to none.

    Each mapping declares the foreign key to its record, named `record_field`, and the one to
    the barrier (the barrier's name for its mappings differs), with `mapping_constraints`.
    """

    record_field = None
    rationale = models.CharField(
        max_length=300,
        help_text="One line: what in the challenge's or finding's own words matches the barrier.",
    )

    objects = BarrierMappingQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["barrier__number"]

    def __str__(self):
        return f"{getattr(self, self.record_field)} → barrier {self.barrier.number}"


class ChallengeMapping(BarrierMapping):
    """A region's fact-sheet challenge: the report lists each region's challenges in its own
    words and never ties them to the 17 barriers."""

    record_field = "challenge"
    challenge = models.ForeignKey(
        RegionalChallenge, on_delete=models.CASCADE, related_name="barrier_mappings"
    )
    barrier = models.ForeignKey(
        Barrier, on_delete=models.CASCADE, related_name="challenge_mappings"
    )

    class Meta(BarrierMapping.Meta):
        constraints = mapping_constraints("challenge")


class FindingMapping(BarrierMapping):
    """A national finding of another source (e.g. Spain's factsheet); a strength can speak
    to a barrier too."""

    record_field = "finding"
    finding = models.ForeignKey(
        NationalFinding, on_delete=models.CASCADE, related_name="barrier_mappings"
    )
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="finding_mappings")

    class Meta(BarrierMapping.Meta):
        constraints = mapping_constraints("finding")
