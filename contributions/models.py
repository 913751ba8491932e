"""What readers send in: corrections to a record, and good practices to add.

Both wait as `pending` until a staff member reviews them in the admin; nothing here is read
by the site, the search, the API, the exports or the downloads (the knowledge base's records
live in the domain apps, and a submission becomes one only when accepted: `services.py`).
Every field has a length limit and holds plain text; `client` is a keyed hash of the
submitter's address, counted by the rate limit in every worker (docs/editors.md).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from barriers.models import Barrier
from regions.models import Country


class Status(models.TextChoices):
    PENDING = "pending", "Pending review"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class SubmissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Status.PENDING)


class Submission(models.Model):
    """What every submission has: who may be answered, when, from which client, the review."""

    email = models.EmailField(max_length=254, blank=True)
    client = models.CharField(max_length=64, db_index=True, editable=False)
    submitted = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reviewed = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_reason = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Why it was declined (required to decline), or what was done.",
    )

    objects = SubmissionQuerySet.as_manager()

    Status = Status

    class Meta:
        abstract = True
        ordering = ["-submitted"]


class Correction(Submission):
    """A reader's report that something on a record's page is wrong. It changes nothing: an
    editor reads it beside the record in the admin and edits the record there."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    record_label = models.CharField(
        max_length=300, help_text="The record's name when the correction was sent."
    )
    record_url = models.CharField(max_length=300, help_text="The record's page.")
    text = models.TextField("what is wrong", max_length=2000, help_text="In the reader's words.")

    class Meta(Submission.Meta):
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Correction to {self.record_label}"


class PracticeProposal(Submission):
    """A good practice proposed by a region or an organisation, in the fields of the report's
    regional report template (Appendix B). Accepting it creates a GoodPractice."""

    name = models.CharField(max_length=300)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    locality = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=4000)
    key_players = models.TextField(max_length=2000, blank=True)
    impact = models.TextField(max_length=2000, blank=True)
    transferability = models.TextField(max_length=2000, blank=True)
    link = models.URLField(max_length=500, blank=True)
    barriers = models.ManyToManyField(Barrier, blank=True, related_name="+")
    organisation = models.CharField(max_length=200)
    practice = models.OneToOneField(
        "practices.GoodPractice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The practice created when it was accepted.",
    )

    class Meta(Submission.Meta):
        pass

    def __str__(self):
        return self.name
