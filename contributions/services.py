"""The reviews: what accepting or declining a submission writes, each in one transaction.

Accepting a proposed practice is the only way a submission reaches the knowledge base: it
creates a GoodPractice whose source is a "Contributed practices" source naming the proposer's
organisation and the review date, so that `export_kb` writes both like any other record and
`load_kb` reads them back. A correction changes no record: the editor makes the change, if
any, in the record's own admin page, where the correction is shown beside it.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from practices.models import GoodPractice, PracticeListing
from provenance.models import CONTRIBUTED_SOURCE_PREFIX, Source

from .models import Status

CONTRIBUTED_TITLE = "Contributed practices"
LISTING_RATIONALE = "Proposed by {organisation} as addressing this barrier (not the report's)."


def review(submission, reviewer, status, reason=""):
    submission.status = status
    submission.reviewer = reviewer
    submission.reviewed = timezone.now()
    submission.review_reason = reason
    submission.save(update_fields=["status", "reviewer", "reviewed", "review_reason"])


def accept_correction(correction, reviewer):
    review(correction, reviewer, Status.ACCEPTED)


def decline(submission, reviewer, reason):
    if not reason.strip():
        raise ValueError("Say why it is declined: the reason is kept with it.")
    review(submission, reviewer, Status.DECLINED, reason.strip())


@transaction.atomic
def accept_proposal(proposal, reviewer):
    """The GoodPractice the proposal becomes, with its contributed source and its barriers."""
    if proposal.status != Status.PENDING:
        raise ValueError("Only a pending proposal can be accepted.")
    today = timezone.localdate()
    source = contributed_source(proposal.organisation, today)
    practice = GoodPractice.objects.create(
        slug=unique_slug(proposal.name),
        name=proposal.name,
        country_label=proposal.country.name,
        locality=proposal.locality,
        description=proposal.description,
        link=proposal.link,
        key_players=proposal.key_players,
        impact=proposal.impact,
        transferability=proposal.transferability,
        source=source,
        section=f"Proposed by {proposal.organisation}",
        note=(
            f"Contributed by {proposal.organisation} and accepted by the knowledge base's "
            f"editors on {today.isoformat()}; not printed in the report. The text is the "
            "proposer's."
        ),
    )
    practice.countries.set([proposal.country])
    rationale = LISTING_RATIONALE.format(organisation=proposal.organisation)[:300]
    PracticeListing.objects.bulk_create(
        PracticeListing(barrier=barrier, practice=practice, rationale=rationale)
        for barrier in proposal.barriers.all()
    )
    proposal.practice = practice
    proposal.save(update_fields=["practice"])
    review(proposal, reviewer, Status.ACCEPTED)
    return practice


def contributed_source(organisation, day):
    """The source of the practices one organisation contributed, accepted on one day."""
    slug = f"{CONTRIBUTED_SOURCE_PREFIX}{slugify(organisation)[:30] or 'anonymous'}-{day:%Y-%m-%d}"
    source = Source.objects.filter(slug=slug).first()
    if source is not None:
        return source
    order = (Source.objects.aggregate(last=Max("order"))["last"] or 0) + 1
    return Source.objects.create(
        slug=slug,
        title=f"{CONTRIBUTED_TITLE}: {organisation}"[:300],
        title_note="Not a printed document: practices proposed through the knowledge base "
        "and accepted by its editors.",
        short_title=CONTRIBUTED_TITLE,
        publisher=organisation[:300],
        published=day.isoformat(),
        description=f"Good practices proposed by {organisation} through the knowledge base's "
        f"form and accepted by its editors on {day.isoformat()}. They are the proposer's "
        "words, not a printed source's: the verbatim check has no text to compare them with.",
        order=order,
    )


def unique_slug(name):
    base = slugify(name)[:90] or "practice"
    slug, number = base, 2
    while GoodPractice.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
