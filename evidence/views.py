"""The evidence map page with its CSV and SVG downloads, the comparison of regions, and the
gaps."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier, Quote
from bases.downloads import download
from bases.filters import split_values
from practices.models import GoodPractice
from regions.models import INTERVIEW_GROUP_LABELS, INTERVIEW_GROUPS, Region

from .charts import europe_map_svg, evidence_map_svg, evidence_map_svg_size
from .evidence_map import STRENGTH_BANDS, EvidenceMapFilter, all_regions, evidence_map
from .gaps import gaps
from .tables import EVIDENCE_MAP, cells_of

MAP_TITLE = "Evidence map: barriers to personalised medicine × partner regions"


# The map page's columns: a page of regions, about a wide screen's worth of table, so the page
# stays the same size however many regions there are (the report's ten fit on one).
REGIONS_PER_PAGE = 20


def filtered_map(request, columns=None):
    """The map of the barriers the request's `category` filter chooses, its cells for the
    regions `columns` (all by default), or None if the filter is invalid, with the filter."""
    filterset = EvidenceMapFilter(request.GET, queryset=Barrier.objects.all())
    if not filterset.is_valid():
        return None, filterset
    return evidence_map(filterset.qs, columns=columns), filterset


def invalid_filter_text(filterset):
    return " ".join(str(message) for messages in filterset.errors.values() for message in messages)


def map_page(request):
    regions = Paginator(all_regions(), REGIONS_PER_PAGE).get_page(request.GET.get("page"))
    evidence, filterset = filtered_map(request, regions.object_list)
    context = {
        "evidence": evidence,
        "page_obj": regions,
        "filter": filterset,
        "bands": STRENGTH_BANDS,
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "query": request.GET.urlencode(),
    }
    if evidence:
        context.update(pictures(evidence.regions))
        # The picture has every region, not only this page's.
        context["heat_map_size"] = evidence_map_svg_size(evidence.groups, regions.paginator.count)
    return render(request, "evidence/map.html", context, status=200 if evidence else 400)


def pictures(regions):
    """The charts of the map page: Europe, Tab. 3 and Tab. 4 per region, and the quotes and
    practices of every barrier by category (one query: the barriers with their counts)."""
    europe = europe_map_svg(
        regions,
        "The ten partner regions of PRECISEU on a map of Europe",
        "Countries of the partner regions are filled dark; each links to its region's page: "
        + ", ".join(f"{region.name} ({region.country.name})" for region in regions)
        + ".",
    )
    # Every region's interviews, whichever page of regions the map shows.
    group_totals = Region.objects.aggregate(
        **{group: Sum(f"interviews_{group}", default=0) for group in INTERVIEW_GROUPS}
    )
    by_group = [
        {"label": INTERVIEW_GROUP_LABELS[group], "value": group_totals[group]}
        for group in INTERVIEW_GROUPS
    ]
    by_region = [{"label": region.name, "value": region.interviews_total} for region in regions]
    workshops = [
        {"label": region.name, "value": region.workshop_participants} for region in regions
    ]
    barriers = list(Barrier.objects.for_list().order_by("category__order", "number"))
    return {
        "europe_map": mark_safe(europe),  # built with ElementTree: every text is escaped
        "interviews_by_group": by_group,
        "interviews_by_region": by_region,
        "workshops": workshops,
        "chart_scales": {
            "group": max(row["value"] for row in by_group),
            "region": max(row["value"] for row in by_region),
            "workshop": max(row["value"] or 0 for row in workshops),
            "barrier": max(max(b.quote_count, b.practice_count) for b in barriers),
        },
        "barrier_counts": by_category(barriers),
    }


def by_category(barriers):
    """[(category, [its barriers])] from barriers ordered by category."""
    groups = {}
    for barrier in barriers:
        groups.setdefault(barrier.category, []).append(barrier)
    return list(groups.items())


def map_csv(request):
    evidence, filterset = filtered_map(request)
    if evidence is None:
        return HttpResponse(invalid_filter_text(filterset), status=400, content_type="text/plain")
    return download(request, EVIDENCE_MAP, cells_of(evidence), "csv")


def map_svg(request):
    evidence, filterset = filtered_map(request)
    if evidence is None:
        return HttpResponse(invalid_filter_text(filterset), status=400, content_type="text/plain")
    description = (
        "For each barrier of the PRECISEU D6.1 report (rows, by category) and each partner "
        "region (columns): the number of the region's quotes on the barrier plus its "
        "fact-sheet challenges mapped to it. " + EDITORIAL_MAPPING_NOTE
    )
    svg = evidence_map_svg(evidence, MAP_TITLE, description)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evidence-map.svg"'
    return response


def gaps_page(request):
    """The barriers no practice addresses, and each region's barriers without a practice."""
    found = gaps()
    context = {
        "gaps": found,
        "regions_with_gaps": sum(1 for region in found.regions if region.gaps),
        "editorial_note": EDITORIAL_MAPPING_NOTE,
    }
    return render(request, "evidence/gaps.html", context)


COMPARE_MIN, COMPARE_MAX = 2, 3


class CompareError(ValueError):
    """The `regions` parameter does not name two or three distinct known regions."""


def chosen_regions(values, regions):
    """The regions of `regions` ({slug: region}) named by the query values (repeated and/or
    comma-separated slugs), in the order given."""
    slugs = list(dict.fromkeys(slug.lower() for slug in split_values(values)))
    unknown = [slug for slug in slugs if slug not in regions]
    if unknown:
        allowed = ", ".join(regions)
        raise CompareError(f"Unknown region {', '.join(unknown)}. The regions are: {allowed}.")
    if not COMPARE_MIN <= len(slugs) <= COMPARE_MAX:
        raise CompareError(
            f"Choose {COMPARE_MIN} or {COMPARE_MAX} different regions to compare "
            f"({len(slugs)} chosen)."
        )
    return [regions[slug] for slug in slugs]


def compare_page(request):
    regions = {region.slug: region for region in Region.objects.for_detail().order_by("order")}
    values = request.GET.getlist("regions")
    context = {"all_regions": regions.values(), "chosen_slugs": split_values(values)}
    if not values:
        return render(request, "evidence/compare.html", context)
    try:
        chosen = chosen_regions(values, regions)
    except CompareError as error:
        return render(request, "evidence/compare.html", {**context, "error": error}, status=400)
    evidence = evidence_map(regions=chosen)
    context.update(
        chosen=chosen,
        columns=compare_columns(chosen, evidence),
        figures=figure_rows(chosen),
        differences=differences(chosen),
        raised_rows=[row for row in evidence.rows if row.region_count],
        editorial_note=EDITORIAL_MAPPING_NOTE,
    )
    return render(request, "evidence/compare.html", context)


@dataclass(frozen=True)
class SharedBarrier:
    """A barrier every region compared raised, with each region's quotes on it (side by
    side: `sides` holds (region, the barrier as that region raised it, its quotes))."""

    barrier: Barrier
    sides: list


@dataclass(frozen=True)
class Differences:
    shared: list  # SharedBarrier, in number order
    partly: list  # (barrier, [the regions that raised it]): with three regions, two of them
    only: list  # (region, [the barriers only it raised])


def differences(chosen):
    """What the regions compared have in common and what sets them apart, from the barriers
    each raised (`BarrierQuerySet.raised_by`, the figure every page shows). Two queries: the
    barriers each region raised, and the quotes on those they share."""
    raised = Barrier.objects.raised_by_each(chosen)
    by_number = {}
    for region in chosen:
        for barrier in raised[region.pk]:
            by_number.setdefault(barrier.number, []).append((region, barrier))
    shared_numbers = [n for n, sides in sorted(by_number.items()) if len(sides) == len(chosen)]
    quotes = {}
    for quote in Quote.objects.for_list().filter(
        region__in=chosen, barrier__number__in=shared_numbers
    ):
        quotes.setdefault((quote.region_id, quote.barrier.number), []).append(quote)
    shared = [
        SharedBarrier(
            by_number[number][0][1],
            [
                (region, barrier, quotes.get((region.pk, number), []))
                for region, barrier in by_number[number]
            ],
        )
        for number in shared_numbers
    ]
    partly = [
        (sides[0][1], [region for region, _ in sides])
        for number, sides in sorted(by_number.items())
        if 1 < len(sides) < len(chosen)
    ]
    only = [
        (region, [barrier for barrier in raised[region.pk] if len(by_number[barrier.number]) == 1])
        for region in chosen
    ]
    return Differences(shared, partly, only)


def compare_columns(chosen, evidence):
    """Per chosen region: the region, its totals on the map, and its country's practices."""
    countries = [region.country_id for region in chosen]
    practices = GoodPractice.objects.for_list().filter(countries__in=countries).distinct()
    by_country = {}
    for practice in practices:
        for country in practice.countries.all():
            by_country.setdefault(country.pk, []).append(practice)
    return [
        {"region": region, "totals": total, "practices": by_country.get(region.country_id, [])}
        for region, total in zip(chosen, evidence.totals, strict=True)
    ]


def figure_rows(chosen):
    """Tab. 3 and Tab. 4 side by side: (label, [a value per region]); None where the report
    gives no figure."""
    interviews = [
        (f"Interviews: {INTERVIEW_GROUP_LABELS[group]}", f"interviews_{group}")
        for group in INTERVIEW_GROUPS
    ]
    fields = [
        ("Interviews in all (Tab. 3)", "interviews_total"),
        *interviews,
        ("Workshop participants (Tab. 4)", "workshop_participants"),
    ]
    return [(label, [getattr(region, field) for region in chosen]) for label, field in fields]
