"""The gaps: the barriers no good practice addresses, and, for each partner region, the
barriers it raised that no practice addresses.

A practice addresses a barrier when it is listed under it: a row of the barrier's printed
good-practice table, or an editorial link (as `practices.matching` counts it). A region raised
a barrier when it is quoted on it or one of its fact-sheet challenges is mapped to it
(editorial), as `BarrierQuerySet.raised_by` defines it for every page.
"""

from dataclasses import dataclass

from barriers.models import Barrier
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
    """Three queries: the barriers without a practice, the regions, and which of those
    barriers each region raised (`BarrierQuerySet.raised_by`, one UNION query)."""
    barriers = list(unaddressed_barriers())
    regions = list(Region.objects.select_related("country").order_by("order"))
    raised = Barrier.objects.filter(pk__in=[barrier.pk for barrier in barriers]).raised_by_each(
        regions
    )
    by_region = [
        RegionGaps(region, tuple(RaisedGap(b, b.quoted, b.mapped) for b in raised[region.pk]))
        for region in regions
    ]
    raised_by = {}
    for region in regions:
        for barrier in raised[region.pk]:
            raised_by.setdefault(barrier.pk, []).append(region)
    for barrier in barriers:
        barrier.raised_by = raised_by.get(barrier.pk, [])
    return Gaps(barriers, by_region)
