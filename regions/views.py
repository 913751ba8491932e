"""Site pages of the regions app: the list, and a region's page — its fact sheet, its
interviews and workshop, what it said, and the practices from its own country and from
elsewhere that address the barriers it raised."""

from itertools import groupby

from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from barriers.models import EDITORIAL_MAPPING_NOTE, ChallengeMapping, FindingMapping, Quote
from bases.listing import filtered_list, render_list
from practices.matching import barriers_raised_by, best_practices_from_elsewhere
from practices.models import GoodPractice
from provenance.models import DataNote

from .filters import RegionFilter
from .models import INTERVIEW_GROUP_LABELS, INTERVIEW_GROUPS, NationalFinding, Region
from .tables import REGIONS

# The region page shows the best-ranked practices from elsewhere, at most this many; the API's
# recommended practices list them all. Unbounded, the page grew with the whole data set.
SHOWN_MATCHES = 50


def region_detail(request, slug):
    region = get_object_or_404(with_mapped_challenges(Region.objects.for_detail()), slug=slug)
    quotes = Quote.objects.for_list().filter(region=region).order_by("barrier__number", "order")
    quotes_by_barrier = group_by_barrier(quotes)
    barriers_raised = barriers_raised_by(region)
    matches, match_count = best_practices_from_elsewhere(region, barriers_raised, SHOWN_MATCHES)
    context = {
        "region": region,
        "interviews": interview_chart(region),
        "data_notes": data_notes_on(region),
        "quotes_by_barrier": quotes_by_barrier,
        "barriers_raised": barriers_raised,
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "home_practices": GoodPractice.objects.for_list().filter(
            countries=region.country_id, source=region.source_id
        ),
        "matches": matches,
        "match_count": match_count,
        "national": national_context(region),
    }
    return render(request, "regions/region_detail.html", context)


# A region's brief lists the best-ranked practices from elsewhere, at most this many, so that
# it prints on two pages; the region page and the API list more.
BRIEF_MATCHES = 15


def region_brief(request, slug):
    """The region on one or two printed pages, for a meeting: its fact sheet in short, the
    barriers it raised and the practices from elsewhere ranked as on its page."""
    region = get_object_or_404(Region.objects.for_detail(), slug=slug)
    barriers_raised = barriers_raised_by(region)
    matches, match_count = best_practices_from_elsewhere(region, barriers_raised, BRIEF_MATCHES)
    context = {
        "region": region,
        "barriers_raised": barriers_raised,
        "matches": matches,
        "match_count": match_count,
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "permalink": request.build_absolute_uri(region.get_absolute_url()),
    }
    return render(request, "regions/region_brief.html", context)


def with_mapped_challenges(regions):
    """Each challenge with the barriers it is mapped to (`barrier_mappings`, barrier joined)."""
    mappings = ChallengeMapping.objects.with_barrier()
    return regions.prefetch_related(Prefetch("challenges__barrier_mappings", queryset=mappings))


def national_context(region):
    """What other sources say about the region's whole country, or None when they say nothing.

    `areas`: [(area, [(heading, kind label, [findings])])] in printed order, each finding with
    its editorial barrier mappings; `initiatives`: the country's practices from sources other
    than the region's own (e.g. Spain's PERTE measure and its actions); `sources`: the
    documents all of it comes from.
    """
    mappings = FindingMapping.objects.with_barrier()
    findings = list(
        NationalFinding.objects.for_list()
        .filter(country=region.country_id)
        .prefetch_related(Prefetch("barrier_mappings", queryset=mappings))
    )
    initiatives = list(
        GoodPractice.objects.select_related("source", "part_of")  # one query, however many
        .filter(countries=region.country_id)
        .exclude(source=region.source_id)
        .order_by(F("part_of").asc(nulls_first=True), "name")  # the measure, then its actions
    )
    if not findings and not initiatives:
        return None
    sources = {record.source_id: record.source for record in [*findings, *initiatives]}
    return {
        "areas": group_findings(findings),
        "initiatives": initiatives,
        "sources": sorted(sources.values(), key=lambda source: source.order),
        "finding_count": len(findings),
    }


def group_findings(findings):
    """[(area, [(heading, kind label, [findings])])] from findings in printed order."""
    return [
        (
            area,
            [
                (heading, kind_label, list(items))
                for (heading, kind_label), items in groupby(
                    in_area, key=lambda f: (f.heading, f.get_kind_display())
                )
            ],
        )
        for area, in_area in groupby(findings, key=lambda finding: finding.area)
    ]


def group_by_barrier(quotes):
    """[(barrier, [its quotes]), ...] from quotes ordered by barrier."""
    return [(barrier, list(group)) for barrier, group in groupby(quotes, key=lambda q: q.barrier)]


def interview_chart(region):
    """The region's row of Tab. 3 as chart data: a row per stakeholder group, its value None
    where the cell is blank (the report gives no figure, which is not zero); the labels of
    those blank groups; and the scale of a full bar, the printed total (or a larger cell, as
    the report's cells and totals do not always agree)."""
    rows = [
        {"label": INTERVIEW_GROUP_LABELS[group], "value": getattr(region, f"interviews_{group}")}
        for group in INTERVIEW_GROUPS
    ]
    values = [row["value"] for row in rows if row["value"] is not None]
    return {
        "rows": rows,
        "not_given": [row["label"] for row in rows if row["value"] is None],
        "scale": max([region.interviews_total, *values]),
    }


def data_notes_on(region):
    """The data notes that name the region, in their subject ("Tab. 3, Crete") or their text
    (a transcription note listing the rows it concerns)."""
    names_region = Q(subject__icontains=region.name) | Q(text__icontains=region.name)
    return DataNote.objects.select_related("source").filter(names_region)


def region_list(request):
    """The partner regions in the order of Tab. 3, filtered like the API's region list.
    Invalid filter values show the FilterSet's message with status 400 and no regions."""
    filterset = RegionFilter(request.GET, queryset=Region.objects.for_list())
    context, status = filtered_list(request, filterset)
    return render_list(request, "regions/region_list.html", context, status, REGIONS)
