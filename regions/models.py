"""Countries and the ten partner regions of the report.

A `Region` is a partner of the PRECISEU project; there is at most one per country, so a quote
attributed to a country ("- Greece") belongs to that country's region (Crete). Its fact sheet
(Appendix A) gives the overview and the `RegionalChallenge`s; the methodology tables give its
interview figures (Tab. 3) and its workshop (Tab. 4).

A `NationalFinding` is a country-level finding of another source (a national factsheet): a
strength, challenge or recommendation printed under a list heading, in printed order.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Q
from django.urls import reverse

from bases.history import Tracked
from bases.keys import ChildKey
from bases.querysets import related_count, subquery_count
from bases.rules import RuleChecked
from provenance.models import Provenance

# The stakeholder groups of Tab. 3 (interviews), each a field `interviews_<group>` of Region.
INTERVIEW_GROUPS = ("industry", "healthcare", "research", "public")
# Tab. 3's column headings, as printed.
INTERVIEW_GROUP_LABELS = {
    "industry": "Industry & Private Sector (incl SME)",
    "healthcare": "Healthcare Providers",
    "research": "Research & Academia",
    "public": "Public Authority or other",
}


class CountryQuerySet(models.QuerySet):
    def for_list(self):
        """With `practice_count`, the good practices naming the country."""
        return self.select_related("partner_region").annotate(
            practice_count=related_count(Country, "practices")
        )


class Country(RuleChecked, Tracked):
    """A country named by the report. `EU` stands for EU-level initiatives."""

    code = models.CharField(
        max_length=2, unique=True, help_text="ISO 3166-1 alpha-2 code; EU for the European Union."
    )
    name = models.CharField(max_length=100, unique=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_two_capitals",
                violation_error_message="A country code is two capital letters.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The good practices from the country."""
        return f"{reverse('practice-list')}?country={self.code}"


class RegionQuerySet(models.QuerySet):
    def for_list(self):
        """With `quote_count`, `challenge_count` and `barriers_raised_count` (the barriers it
        raised, as `BarrierQuerySet.raised_by` defines them)."""
        return (
            self.select_related("country", "source")
            .annotate(
                quote_count=related_count(Region, "quotes"),
                challenge_count=related_count(Region, "challenges"),
            )
            .with_barriers_raised_count()
        )

    def with_barriers_raised_count(self):
        """With `barriers_raised_count`: how many barriers each region raised, counted from
        `BarrierQuerySet.raised_by`, the one definition every page and endpoint shows."""
        # Barriers belong to the barriers app, whose models import these: named, not imported.
        barriers = apps.get_model("barriers", "Barrier").objects
        return self.annotate(
            barriers_raised_count=subquery_count(barriers.raised_by(OuterRef("pk")))
        )

    def for_detail(self):
        return self.for_list().prefetch_related(
            Prefetch("challenges", queryset=RegionalChallenge.objects.for_list())
        )


class Region(Provenance):
    class Engagement(models.TextChoices):
        WORKSHOP = "workshop", "Workshop"
        CONSULTATIONS = "consultations", "One-on-one expert consultations"

    class WorkshopFormat(models.TextChoices):
        ONLINE = "online", "Online"
        ON_SITE = "on-site", "On site"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    country = models.OneToOneField(
        Country,
        on_delete=models.PROTECT,
        related_name="partner_region",
        help_text="One partner region per country.",
    )
    order = models.PositiveSmallIntegerField(unique=True, help_text="Order of Tab. 3.")
    attributions = models.JSONField(
        default=list,
        help_text='The names quotes are attributed to for this region, e.g. ["Greece", "Crete"].',
    )
    factsheet_label = models.CharField(max_length=200, help_text="As printed on the fact sheet.")
    variants = models.JSONField(
        default=list,
        blank=True,
        help_text="The other forms in which the report prints the region's name (Tab. 4, the "
        "executive summary, the fact sheet); the note says where.",
    )
    overview = models.TextField()

    interviews_total = models.PositiveSmallIntegerField(help_text="Tab. 3: total interviews.")
    interviews_industry = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Tab. 3: Industry & Private Sector (incl SME)."
    )
    interviews_healthcare = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Tab. 3: Healthcare Providers."
    )
    interviews_research = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Tab. 3: Research & Academia."
    )
    interviews_public = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Tab. 3: Public Authority or other."
    )

    engagement = models.CharField(
        max_length=20,
        choices=Engagement.choices,
        default=Engagement.WORKSHOP,
        help_text="How findings were validated (Tab. 4 and its footnote).",
    )
    workshop_participants = models.PositiveSmallIntegerField(null=True, blank=True)
    workshop_format = models.CharField(max_length=10, choices=WorkshopFormat.choices, blank=True)
    workshop_organizers = models.CharField(max_length=300, blank=True)
    engagement_note = models.TextField(
        blank=True, help_text="What the report says about a region that held no workshop."
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        engagement="workshop",
                        workshop_participants__isnull=False,
                        workshop_format__in=["online", "on-site"],
                    )
                    & ~Q(workshop_organizers="")
                )
                | Q(
                    engagement="consultations",
                    workshop_participants__isnull=True,
                    workshop_format="",
                    workshop_organizers="",
                ),
                name="region_workshop_figures_match_engagement",
                violation_error_message="A workshop has participants, a format and organisers; "
                "expert consultations have none of them.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region-detail", args=[self.slug])

    def clean(self):
        """A region keeps every name its quotes are attributed to (barriers.Quote.clean)."""
        super().clean()
        if isinstance(self.order, int) and not 1 <= self.order <= MAX_ORDER:
            raise ValidationError({"order": f"'order' must be between 1 and {MAX_ORDER}"})
        if self.pk is None or not isinstance(self.attributions, list):
            return
        orphans = sorted(
            set(
                self.quotes.exclude(attribution__in=self.attributions).values_list(
                    "attribution", flat=True
                )
            )
        )
        if orphans:
            names = ", ".join(repr(name) for name in orphans)
            raise ValidationError(
                {"attributions": f"quotes of this region are attributed to {names}: keep it"}
            )


# Display orders are small; a bound keeps them clear of the fixture writer's parking.
MAX_ORDER = 1000


def attribution_mismatch(attribution, region, attributions):
    """Why a quote attributed to `attribution` cannot be region `region`'s (which answers to
    `attributions`), or None: the same words from `load_kb`, the API and the admin."""
    if attribution in attributions:
        return None
    names = ", ".join(attributions)
    return f"attribution {attribution!r} does not name region {region!r} (it answers to {names})"


# Challenges are numbered within their region ("crete-2"), national findings within their
# source ("es-cancer-factsheet-3"). The API and the site's pages use the same keys.
CHALLENGE_KEY = ChildKey("region", "slug", r"[-\w]+")
FINDING_KEY = ChildKey("source", "slug", r"[-\w]+")


class RegionalChallengeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("region", "source")


class RegionalChallenge(Provenance):
    """A challenge listed on a region's fact sheet ("Title; text"), in printed order."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="challenges")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    text = models.TextField()

    objects = RegionalChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["region__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "order"],
                name="challenge_order_unique_per_region",
                violation_error_message="Two challenges of a region share an order.",
            )
        ]

    def __str__(self):
        return f"{self.region}: {self.title}"

    @property
    def key(self):
        return CHALLENGE_KEY.of(self)

    def get_absolute_url(self):
        """The challenge's own page; it is also shown in its region's at `anchor_url`."""
        return reverse("challenge-detail", args=[self.key])

    def anchor_url(self):
        return f"{self.region.get_absolute_url()}#challenge-{self.order}"


class NationalFindingQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("country", "source")


class NationalFinding(Provenance):
    """One item of a national factsheet's lists ("Current strengths:", "Ongoing challenges:",
    …), verbatim without its list dash. `area` and `heading` are printed above it; `kind`
    is the editors' reading of the heading (strength, challenge or recommendation)."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        CHALLENGE = "challenge", "Challenge"
        RECOMMENDATION = "recommendation", "Recommendation"

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="findings")
    area = models.CharField(max_length=200, help_text="The area's heading, as printed.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    heading = models.CharField(max_length=200, help_text="The list's heading, as printed.")
    order = models.PositiveSmallIntegerField(help_text="Printed order within the source.")
    text = models.TextField()

    objects = NationalFindingQuerySet.as_manager()

    class Meta:
        ordering = ["source__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "order"],
                name="finding_order_unique_per_source",
                violation_error_message="Two findings of a source share an order.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="finding_text_not_empty",
                violation_error_message="A finding has text.",
            ),
        ]

    def __str__(self):
        return f"{self.country} ({self.get_kind_display().lower()}): {self.text[:60]}"

    @property
    def key(self):
        return FINDING_KEY.of(self)

    def get_absolute_url(self):
        """The finding's own page; it is also shown at `anchor_url`."""
        return reverse("finding-detail", args=[self.key])

    def anchor_url(self):
        """The finding in its country's partner region page (national context)."""
        region = getattr(self.country, "partner_region", None)
        if region is None:
            return self.country.get_absolute_url()
        return f"{region.get_absolute_url()}#finding-{self.order}"
