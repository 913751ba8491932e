"""Good practices and the regions they could serve, both ways round.

For a region: the good practices from elsewhere that address the barriers it raised. For a
practice: the partner regions that could adopt it.

A region *raised* a barrier when at least one of its quotes is printed under it. The practices
worth showing a region are the ones it does not already have at home: none of the practice's
countries is the region's country. Among those, a practice is a match when it is listed under
at least one barrier the region raised, and matches rank by how many of those barriers they
address, most first; ties go by name (ignoring case), then slug, so the order never depends on
the database.
"""

from dataclasses import dataclass

from barriers.models import Barrier, Quote
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


def practices_from_elsewhere(region: Region, barriers_raised) -> list[PracticeMatch]:
    """Rank the practices from other countries than `region`'s by how many of
    `barriers_raised` (the barriers the region has quotes on) each one addresses.

    Practices that address none of them are left out. The number of queries is fixed (the
    practices, then their prefetched countries and listings): the matching barriers are
    counted in Python over the prefetched listings, never with a query per practice.
    """
    raised_ids = {barrier.pk for barrier in barriers_raised}
    listed_under_raised = PracticeListing.objects.filter(barrier__in=raised_ids)
    candidates = (
        GoodPractice.objects.for_list()
        .exclude(countries=region.country_id)
        .filter(pk__in=listed_under_raised.values("practice"))
    )
    matches = [
        PracticeMatch(practice, matching_barriers(practice, raised_ids)) for practice in candidates
    ]
    return sorted(matches, key=rank)


def rank(match):
    return (-match.count, match.practice.name.casefold(), match.practice.slug)


def matching_barriers(practice, barrier_ids):
    """The barriers among `barrier_ids` under which `practice` is listed (prefetched listings)."""
    barriers = [
        listing.barrier for listing in practice.listings.all() if listing.barrier_id in barrier_ids
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
