"""Good practices and the regions they could serve, both ways round.

For a region: the good practices from elsewhere that address the barriers it raised. For a
practice: the partner regions that could adopt it.

A region *raised* a barrier when at least one of its quotes is printed under it, or when one of
its fact-sheet challenges is mapped to it (an editorial mapping, not the report's: see
`barriers.models.EDITORIAL_MAPPING_NOTE`); `barriers_raised_by` says which. The practices
worth showing a region are the ones it does not already have at home: none of the practice's
countries is the region's country. Among those, a practice is a match when it is listed under
at least one barrier the region raised, and matches rank by how many of those barriers they
address, most first; ties go by name (ignoring case), then slug, so the order never depends on
the database.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from barriers.models import Barrier, ChallengeMapping, Quote
from regions.models import Region

from .models import GoodPractice, PracticeListing


@dataclass(frozen=True)
class PracticeMatch:
    """A practice and the region's barriers it addresses, in barrier-number order."""

    practice: GoodPractice
    barriers: tuple[Barrier, ...]

    @property
    def count(self):
        return len(self.barriers)


def barriers_raised_by(region: Region) -> list[Barrier]:
    """The barriers `region` raised, in number order, each annotated with `quoted` (it has
    quotes on it) and `mapped` (one of its fact-sheet challenges is mapped to it). One query."""
    quoted = Quote.objects.filter(region=region, barrier=OuterRef("pk"))
    mapped = ChallengeMapping.objects.filter(challenge__region=region, barrier=OuterRef("pk"))
    return list(
        Barrier.objects.annotate(quoted=Exists(quoted), mapped=Exists(mapped))
        .filter(Q(quoted=True) | Q(mapped=True))
        .order_by("number")
    )


def practices_from_elsewhere(region: Region, barriers_raised) -> list[PracticeMatch]:
    """Rank the practices from other countries than `region`'s by how many of
    `barriers_raised` (e.g. `barriers_raised_by(region)`) each one addresses.

    Practices that address none of them are left out. The number of queries is fixed (the
    practices, then their prefetched countries and listings): the matching barriers are
    counted in Python over the prefetched listings, never with a query per practice.
    """
    raised = {barrier.pk: barrier for barrier in barriers_raised}
    listed_under_raised = PracticeListing.objects.filter(barrier__in=list(raised))
    candidates = (
        GoodPractice.objects.for_list()
        .exclude(countries=region.country_id)
        .filter(pk__in=listed_under_raised.values("practice"))
    )
    matches = [
        PracticeMatch(practice, matching_barriers(practice, raised)) for practice in candidates
    ]
    return sorted(matches, key=rank)


def rank(match):
    return (-match.count, match.practice.name.casefold(), match.practice.slug)


def matching_barriers(practice, raised):
    """The barriers of `raised` ({id: barrier}, so each keeps what it was given with, e.g.
    `quoted` and `mapped`) under which `practice` is listed (prefetched listings)."""
    barriers = [
        raised[listing.barrier_id]
        for listing in practice.listings.all()
        if listing.barrier_id in raised
    ]
    return tuple(sorted(barriers, key=lambda barrier: barrier.number))


@dataclass(frozen=True)
class Adopter:
    """A partner region that faces some of a practice's barriers: the reason to suggest it."""

    region: Region
    barriers: tuple[Barrier, ...]


def who_could_adopt(practice):
    """The partner regions quoted on any barrier the practice is listed under, other than the
    regions of the practice's own countries (they have it already), with the barriers in
    common; most barriers in common first, then in the regions' order (Tab. 3).

    One query: the quotes on those barriers, reduced in Python to distinct region/barrier pairs.
    """
    barrier_ids = [listing.barrier_id for listing in practice.listings.all()]
    own_country_ids = [country.pk for country in practice.countries.all()]
    quotes = (
        Quote.objects.filter(barrier__in=barrier_ids)
        .exclude(region__country__in=own_country_ids)
        .select_related("region", "barrier")
        .order_by("region__order", "barrier__number")
    )
    in_common = {}
    for quote in quotes:
        in_common.setdefault(quote.region, {})[quote.barrier_id] = quote.barrier
    adopters = [Adopter(region, tuple(barriers.values())) for region, barriers in in_common.items()]
    return sorted(adopters, key=lambda adopter: (-len(adopter.barriers), adopter.region.order))
