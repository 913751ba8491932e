"""The gaps: the barriers no good practice addresses, and, for each partner region, the
barriers it raised that no practice addresses.

A practice addresses a barrier when it is listed under it: a row of the barrier's printed
good-practice table, or an editorial link (as `practices.matching` counts it). A region raised
a barrier when it is quoted on it or one of its fact-sheet challenges is mapped to it
(editorial), as `practices.matching.barriers_raised_by` says.
"""

from dataclasses import dataclass

from barriers.models import Barrier, ChallengeMapping, Quote
from practices.models import PracticeListing
from regions.models import Region


@dataclass(frozen=True)
class RaisedGap:
    """A barrier without a practice that a region raised, and how it raised it."""

    barrier: Barrier
    quoted: bool
    mapped: bool

    @property
    def number(self):
        return self.barrier.number


@dataclass(frozen=True)
class RegionGaps:
    region: Region
    gaps: tuple[RaisedGap, ...]


@dataclass(frozen=True)
class Gaps:
    barriers: list  # Barrier.objects.for_list() rows, each with `raised_by` (regions)
    regions: list  # RegionGaps, in the order of Tab. 3


def unaddressed_barriers():
    """The barriers no practice is listed under, by category then number, with the list's
    counts."""
    return (
        Barrier.objects.for_list()
        .exclude(pk__in=PracticeListing.objects.values("barrier"))
        .order_by("category__order", "number")
    )


def gaps() -> Gaps:
    """Four queries: the barriers without a practice, the regions, and the (region, barrier)
    pairs of the quotes and of the mapped challenges."""
    barriers = list(unaddressed_barriers())
    ids = [barrier.pk for barrier in barriers]
    quoted = set(
        Quote.objects.filter(barrier__in=ids).values_list("region_id", "barrier_id").distinct()
    )
    mapped = set(
        ChallengeMapping.objects.filter(barrier__in=ids)
        .values_list("challenge__region_id", "barrier_id")
        .distinct()
    )
    raised = quoted | mapped
    regions = list(Region.objects.select_related("country").order_by("order"))
    by_region = []
    for region in regions:
        found = tuple(
            RaisedGap(barrier, (region.pk, barrier.pk) in quoted, (region.pk, barrier.pk) in mapped)
            for barrier in sorted(barriers, key=lambda barrier: barrier.number)
            if (region.pk, barrier.pk) in raised
        )
        by_region.append(RegionGaps(region, found))
    for barrier in barriers:
        barrier.raised_by = [region for region in regions if (region.pk, barrier.pk) in raised]
    return Gaps(barriers, by_region)
