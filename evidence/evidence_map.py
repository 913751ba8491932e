"""The evidence map: the report's barriers (grouped by category) against the ten partner
regions, as plain data shared by the map page, its CSV and SVG downloads and the API.

A cell holds four counts for one region and one barrier: the region's quotes printed under
the barrier, the region's fact-sheet challenges mapped to it (an editorial mapping, not the
report's), the good practices from the region's country listed under it, and the national
findings of other sources for the region's whole country mapped to it (editorial too; e.g.
Spain's cancer-care factsheet, counted in Catalonia's column). Its *strength* is how strongly
the region itself raised the barrier: quotes plus mapped challenges, in bands (see
`STRENGTH_BANDS`); the practices are what the country already does about it, and the national
findings are context on the country, not the region's own statements, so they stay out of it.

The map costs a fixed number of queries whatever the data: the barriers, the regions, and
one grouped count per kind of evidence.
"""

from dataclasses import dataclass

import django_filters
from django.db.models import Count
from django.urls import reverse

from barriers.filters import CategoryKeyFilter
from barriers.models import Barrier, ChallengeMapping, FindingMapping, Quote
from practices.models import PracticeListing
from regions.models import Region

# (lowest number of quotes + mapped challenges, level, label), strongest last.
STRENGTH_BANDS = (
    (0, 0, "Not raised"),
    (1, 1, "Raised once"),
    (2, 2, "2–3 statements"),
    (4, 3, "4 or more statements"),
)


def strength_of(statements):
    """The band (level, label) of a number of quotes + mapped challenges."""
    level, label = 0, STRENGTH_BANDS[0][2]
    for lowest, band_level, band_label in STRENGTH_BANDS:
        if statements >= lowest:
            level, label = band_level, band_label
    return level, label


class EvidenceMapFilter(django_filters.FilterSet):
    """The map's one filter, with the shared category semantics (slugs, 400 on others)."""

    category = CategoryKeyFilter(field_name="category")

    class Meta:
        model = Barrier
        fields = ["category"]


@dataclass(frozen=True)
class Cell:
    region: Region
    barrier: Barrier
    quotes: int
    challenges: int
    practices: int
    findings: int = 0

    @property
    def statements(self):
        return self.quotes + self.challenges

    @property
    def strength(self):
        return strength_of(self.statements)[0]

    @property
    def strength_label(self):
        return strength_of(self.statements)[1]

    @property
    def quotes_url(self):
        query = f"?region={self.region.slug}&barrier={self.barrier.number}"
        return reverse("quote-list") + query

    @property
    def challenges_url(self):
        return self.region.get_absolute_url() + "#challenges"

    @property
    def practices_url(self):
        query = f"?barrier={self.barrier.number}&country={self.region.country.code}"
        return reverse("practice-list") + query

    @property
    def findings_url(self):
        return self.barrier.get_absolute_url() + "#national-findings"


@dataclass(frozen=True)
class Row:
    """A barrier's cells, one per region shown, and its totals over every region: how widely
    it is felt (`region_count`: regions with a quote or a mapped challenge on it)."""

    barrier: Barrier
    cells: tuple[Cell, ...]
    region_count: int
    quotes: int
    challenges: int
    practices: int
    findings: int


@dataclass(frozen=True)
class CategoryGroup:
    category: object
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class RegionTotal:
    """A region's column: how much it reported on the barriers shown, and how many barriers
    it raised in all (the region's figure, whatever barriers are shown)."""

    region: Region
    quotes: int
    challenges: int
    practices: int
    findings: int = 0

    @property
    def barriers_raised_count(self):
        """`Region.barriers_raised_count`: the regions come annotated (`all_regions`)."""
        return self.region.barriers_raised_count


@dataclass(frozen=True)
class EvidenceMap:
    groups: tuple[CategoryGroup, ...]
    regions: tuple[Region, ...]
    totals: tuple[RegionTotal, ...]
    # Where the regions are a page of them (the API): how many in all, the other pages' URLs.
    region_count: int | None = None
    next: str | None = None
    previous: str | None = None

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]

    @property
    def has_findings(self):
        """Whether any cell shown counts national findings (the map then explains N)."""
        return any(total.findings for total in self.totals)


def evidence_map(barriers=None, regions=None, columns=None):
    """The map of `barriers` (a Barrier queryset, e.g. a filter's result) against `regions`
    (with their country joined), all of them by default; `columns`, some of those regions
    (e.g. a page of them), are the cells shown. A barrier's totals count all `regions`."""
    barriers = (
        (barriers if barriers is not None else Barrier.objects.all())
        .select_related("category")
        .order_by("category__order", "number")
    )
    barriers = list(barriers)
    if regions is not None:
        regions = tuple(regions)
    if columns is None:
        columns = regions if regions is not None else all_regions()
    columns = tuple(columns)
    counts = evidence_counts([barrier.pk for barrier in barriers])
    totals = barrier_totals(counts, regions)
    rows = [
        Row(
            barrier,
            tuple(make_cell(region, barrier, counts) for region in columns),
            **totals.get(barrier.pk, EMPTY_TOTALS),
        )
        for barrier in barriers
    ]
    return EvidenceMap(group_by_category(rows), columns, column_totals(columns, rows))


def all_regions():
    return Region.objects.select_related("country").with_barriers_raised_count().order_by("order")


EMPTY_TOTALS = {"region_count": 0, "quotes": 0, "challenges": 0, "practices": 0, "findings": 0}


def barrier_totals(counts, regions=None):
    """{barrier id: its Row totals} over `regions` (every region if None), in one pass."""
    owners = None
    if regions is not None:
        by_region = {region.pk for region in regions}
        by_country = {region.country_id for region in regions}
        owners = {"quotes": by_region, "challenges": by_region}
        owners.update(practices=by_country, findings=by_country)
    totals, raising = {}, {}
    for kind, cells in counts.items():
        for (owner, barrier), count in cells.items():
            if owners is not None and owner not in owners[kind]:
                continue
            totals.setdefault(barrier, {**EMPTY_TOTALS})[kind] += count
            if kind in ("quotes", "challenges"):  # owner: a region
                raising.setdefault(barrier, set()).add(owner)
    for barrier, raised_in in raising.items():
        totals[barrier]["region_count"] = len(raised_in)
    return totals


def evidence_counts(barrier_ids):
    """{kind: {(region id or country id, barrier id): count}} for the four kinds."""
    quotes = (
        Quote.objects.filter(barrier__in=barrier_ids)
        .values_list("region", "barrier")
        .annotate(count=Count("pk"))
        .order_by()
    )
    challenges = (
        ChallengeMapping.objects.filter(barrier__in=barrier_ids)
        .values_list("challenge__region", "barrier")
        .annotate(count=Count("challenge", distinct=True))
        .order_by()
    )
    practices = (
        PracticeListing.objects.filter(
            barrier__in=barrier_ids, practice__countries__partner_region__isnull=False
        )
        .values_list("practice__countries", "barrier")
        .annotate(count=Count("practice", distinct=True))
        .order_by()
    )
    findings = (
        FindingMapping.objects.filter(
            barrier__in=barrier_ids, finding__country__partner_region__isnull=False
        )
        .values_list("finding__country", "barrier")
        .annotate(count=Count("finding", distinct=True))
        .order_by()
    )
    kinds = {
        "quotes": quotes,
        "challenges": challenges,
        "practices": practices,
        "findings": findings,
    }
    return {
        kind: {(owner, barrier): count for owner, barrier, count in rows}
        for kind, rows in kinds.items()
    }


def make_cell(region, barrier, counts):
    return Cell(
        region=region,
        barrier=barrier,
        quotes=counts["quotes"].get((region.pk, barrier.pk), 0),
        challenges=counts["challenges"].get((region.pk, barrier.pk), 0),
        practices=counts["practices"].get((region.country_id, barrier.pk), 0),
        findings=counts["findings"].get((region.country_id, barrier.pk), 0),
    )


def group_by_category(rows):
    groups = {}
    for row in rows:
        groups.setdefault(row.barrier.category, []).append(row)
    return tuple(CategoryGroup(category, tuple(rows)) for category, rows in groups.items())


def column_totals(regions, rows):
    totals = []
    for index, region in enumerate(regions):
        cells = [row.cells[index] for row in rows]
        totals.append(
            RegionTotal(
                region=region,
                quotes=sum(cell.quotes for cell in cells),
                challenges=sum(cell.challenges for cell in cells),
                practices=sum(cell.practices for cell in cells),
                findings=sum(cell.findings for cell in cells),
            )
        )
    return tuple(totals)
