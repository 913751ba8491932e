"""Good practices: the initiatives the report holds up as addressing its barriers.

A practice is printed in the good-practice table of one or more barriers; each appearance is
a `PracticeListing` (barrier, position in that table), so a practice printed under two barriers
is one record with two listings. Its countries come from the table's Country column, which is
also kept exactly as printed (`country_label`).

Practices of other sources (Spain's PERTE Salud de Vanguardia) are linked to barriers by the
editors, not by a printed table: such a listing has a `rationale` and no `order`. A measure
may hold actions of its own (`part_of`), and keeps its printed objectives (`objectives`).

Each practice has a transfer profile, the editors' reading of what a region would need to know
to judge whether the practice could work elsewhere (see `TRANSFER_PROFILE_NOTE`): the `level`
it works at, its `kinds`, the `actors` it names and the `preconditions` its text states. Every
value carries a `rationale` that is an exact run of the practice's own words (`own_text`), or
the value is "not stated": nothing in a profile goes beyond what the practice's text says. The
kinds are rows of their own (`PracticeKind`), so that a filter on them is a plain join on every
database.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse

from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier, SplitListings
from bases.history import Tracked
from bases.rules import RuleChecked
from provenance.models import FootnoteReference, Provenance
from regions.models import Country

TRANSFER_PROFILE_NOTE = (
    "Editorial transfer profile by the knowledge base's editors, not part of the report: "
    "each value quotes the practice's own words, or is “not stated”."
)
NOT_STATED = "not stated"
# The fields of a practice whose words a profile's rationale may quote, with its objectives.
OWN_TEXT_FIELDS = ("name", "description", "country_label", "locality", "responsible_body")


def own_text(values):
    """The practice's own words, from a mapping of `OWN_TEXT_FIELDS` and `objectives` (a
    fixture row or a practice's fields): the text a rationale must quote exactly."""
    words = [values.get(name) or "" for name in OWN_TEXT_FIELDS]
    return "\n".join([*words, *(values.get("objectives") or [])])


def quotes_own_text(rationale, text):
    """Whether a rationale is one line found word for word (case included) in `text`."""
    return bool(rationale.strip()) and "\n" not in rationale and rationale in text


class Level(models.TextChoices):
    """The scale a practice works at, as its text states it (docs/fixtures.md has the rules)."""

    EU = "eu", "EU"
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    INSTITUTION = "institution", "Institution"
    NOT_STATED = "not-stated", "Not stated"


class Kind(models.TextChoices):
    """What a practice is; one practice may be of several kinds (docs/fixtures.md)."""

    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    LEGISLATION_OR_POLICY = "legislation-or-policy", "Legislation or policy"
    FUNDING_OR_REIMBURSEMENT = "funding-or-reimbursement", "Funding or reimbursement model"
    NETWORK_OR_PARTNERSHIP = "network-or-partnership", "Network or partnership"
    PROGRAMME = "programme", "Programme or project"
    TRAINING = "training", "Training"
    GUIDANCE = "guidance", "Guidance"
    SERVICE = "service", "Service"
    ASSESSMENT = "assessment", "Assessment or horizon scanning"
    PATIENT_ENGAGEMENT = "patient-engagement", "Patient and public engagement"


class GoodPracticeQuerySet(models.QuerySet):
    def for_list(self):
        """With its countries, its listings (and their barriers) and its profile's kinds:
        all a card shows. The profile's level is a column of the practice itself
        (`practice.level`, a `Level` value; `filter(level=Level.REGIONAL)` on a list)."""
        return self.select_related("source", "part_of").prefetch_related(
            "countries",
            Prefetch("listings", queryset=PracticeListing.objects.select_related("barrier")),
            "kinds",
        )

    def for_detail(self):
        """for_list's, its references, its actions (`parts`) and the rest of its transfer
        profile (actors, preconditions): all a page or the API shows of a practice."""
        return self.for_list().prefetch_related("references", "parts", "actors", "preconditions")


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
    level = models.CharField(
        max_length=20,
        choices=Level.choices,
        default=Level.NOT_STATED,
        help_text=f"Transfer profile: the scale it works at. {TRANSFER_PROFILE_NOTE}",
    )
    level_rationale = models.CharField(
        max_length=300,
        blank=True,
        help_text="The practice's own words that give the level, quoted exactly; empty when "
        "the level is not stated.",
    )

    objects = GoodPracticeQuerySet.as_manager()
    # Its countries are a plain many-to-many: each version keeps them too.
    _history_m2m_fields = ["countries"]

    Level = Level
    Kind = Kind

    class Meta:
        # Names as a reader looks them up: "mHealth" among the Ms, not after every capital.
        ordering = [Lower("name"), "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=Level.values),
                name="practice_level_known",
                violation_error_message="A practice's level is one of: "
                + ", ".join(Level.values)
                + ".",
            ),
            models.CheckConstraint(
                condition=Q(level=Level.NOT_STATED, level_rationale="")
                | (~Q(level=Level.NOT_STATED) & ~Q(level_rationale="")),
                name="practice_level_rationale_unless_not_stated",
                violation_error_message="A stated level quotes the practice's words "
                "(level_rationale); a level not stated has none.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("practice-detail", args=[self.slug])

    @property
    def own_text(self):
        return own_text({name: getattr(self, name) for name in (*OWN_TEXT_FIELDS, "objectives")})

    def clean(self):
        super().clean()
        if self.level_rationale and not quotes_own_text(self.level_rationale, self.own_text):
            raise ValidationError({"level_rationale": NOT_QUOTED})


class PracticeListing(RuleChecked, Tracked):
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


NOT_QUOTED = (
    "Quote the practice's own words exactly (its name, description, country, locality, "
    "responsible body or objectives), case included, on one line."
)


class ProfileValue(RuleChecked, Tracked):
    """One value of a practice's transfer profile with its rationale: the run of the
    practice's own words it rests on (`quotes_own_text`). Ordered as the editors list them,
    the most telling first."""

    rationale = models.CharField(
        max_length=300,
        help_text=f"The practice's own words, quoted exactly. {TRANSFER_PROFILE_NOTE}",
    )
    order = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["practice", "order"]

    def clean(self):
        super().clean()
        if errors := self.profile_errors():
            raise ValidationError(errors)

    def profile_errors(self):
        practice = getattr(self, "practice", None)
        if practice is not None and not quotes_own_text(self.rationale, practice.own_text):
            return {"rationale": NOT_QUOTED}
        return {}


def profile_constraints(name):
    return [
        models.UniqueConstraint(
            fields=["practice", "order"],
            name=f"practice_{name}_order_unique",
            violation_error_message=f"Two {name}s of a practice share an order.",
        ),
        models.CheckConstraint(
            condition=~Q(rationale=""),
            name=f"practice_{name}_has_rationale",
            violation_error_message=f"A practice's {name} quotes the practice's words.",
        ),
    ]


class PracticeKind(ProfileValue):
    """A kind of the practice (`Kind`): a row, not a list in a column, so that the practice
    list filters by kind with a join on SQLite and PostgreSQL alike."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="kinds")
    kind = models.CharField(max_length=30, choices=Kind.choices)

    class Meta(ProfileValue.Meta):
        constraints = [
            *profile_constraints("kind"),
            models.UniqueConstraint(
                fields=["practice", "kind"],
                name="practice_kind_once",
                violation_error_message="A practice has each kind once.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="practice_kind_known",
                violation_error_message="A kind is one of: " + ", ".join(Kind.values) + ".",
            ),
        ]

    def __str__(self):
        return f"{self.practice}: {self.get_kind_display()}"


class PracticeActor(ProfileValue):
    """A body or group the practice's text names as running, funding, leading or taking part
    in it, by the name printed there (those it serves are not its actors)."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(max_length=300, help_text="As printed in the practice's text.")

    class Meta(ProfileValue.Meta):
        constraints = profile_constraints("actor")

    def __str__(self):
        return self.name

    def profile_errors(self):
        errors = super().profile_errors()
        if self.name and self.name not in self.rationale:
            errors["name"] = "The actor's name is printed in its rationale."
        return errors


class PracticePrecondition(ProfileValue):
    """What the practice's text says it rests on or needs (a law or framework, funding, an
    existing system, a model it follows), in a short phrase of the editors."""

    practice = models.ForeignKey(
        GoodPractice, on_delete=models.CASCADE, related_name="preconditions"
    )
    text = models.CharField(max_length=300, help_text="The precondition, in a short phrase.")

    class Meta(ProfileValue.Meta):
        constraints = profile_constraints("precondition")

    def __str__(self):
        return self.text
