"""Site pages of the barriers app: the barriers by category, a category, a barrier."""

from itertools import groupby

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from bases.listing import filtered_list, render_list
from bases.querysets import neighbours
from provenance.citation import Citation
from provenance.models import sources_of
from regions.models import Region

from .filters import BarrierFilter
from .models import (
    BARRIER_COUNT,
    EDITORIAL_MAPPING_NOTE,
    Barrier,
    Category,
    FindingMapping,
    Quote,
)
from .tables import BARRIERS


def barrier_list(request):
    """The barriers grouped by category, filtered like the API's barrier list. Invalid filter
    values show the FilterSet's message with status 400 and no barriers."""
    filterset = BarrierFilter(request.GET, queryset=Barrier.objects.for_list())
    # Barrier numbers stop at BARRIER_COUNT, so one page holds every barrier.
    context, status = filtered_list(request, filterset, page_size=BARRIER_COUNT)
    context["groups"] = group_by_category(context["page_obj"])
    return render_list(request, "barriers/barrier_list.html", context, status, BARRIERS)


def group_by_category(barriers):
    """[(category, [its barriers]), ...] in category order; categories without barriers are
    left out."""
    in_order = sorted(barriers, key=lambda barrier: (barrier.category.order, barrier.number))
    return [
        (category, list(group))
        for category, group in groupby(in_order, key=lambda barrier: barrier.category)
    ]


def category_detail(request, slug):
    category = get_object_or_404(Category.objects.for_list(), slug=slug)
    context = {"category": category, "neighbours": neighbours(Category.objects, category.order)}
    return render(request, "barriers/category_detail.html", context)


# A barrier page shows at most this many quotes (whole regions' groups) and practices; the
# rest are one link away, in the quote and practice lists filtered to the barrier, so the
# page keeps its size (and its time to render) however large the data grows.
SHOWN_PER_SECTION = 50


def barrier_detail(request, number):
    barrier = get_object_or_404(Barrier.objects.for_detail(), number=number)
    quotes_by_region, regions_quoted = leading_quotes(barrier, SHOWN_PER_SECTION)
    table = barrier.table_listings
    context = {
        "barrier": barrier,
        "quotes_by_region": quotes_by_region,
        # Printed once above the quotes instead of under each one.
        "quote_sources": sources_of(quote for _, quotes in quotes_by_region for quote in quotes),
        "regions": [region for region, _ in quotes_by_region],
        "regions_left_out": regions_quoted - len(quotes_by_region),
        # The report's table as printed; the editors' links to other sources' practices apart.
        "listings": table[:SHOWN_PER_SECTION],
        "practice_sources": sources_of(listing.practice for listing in table[:SHOWN_PER_SECTION]),
        "practices_left_out": max(len(table) - SHOWN_PER_SECTION, 0),
        "editorial_listings": barrier.editorial_listings,
        "finding_mappings": finding_mappings_of(barrier),
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "neighbours": neighbours(Barrier.objects, barrier.number, field="number"),
        # Without a table, the way on: the practices of the category's other barriers.
        "category_barriers": [] if table else category_barriers(barrier),
        "citation": barrier_citation(request, barrier),
    }
    return render(request, "barriers/barrier_detail.html", context)


# A brief quotes this many of the barrier's quotes, chosen by the rule it prints, and lists at
# most this many rows of its good-practice table (the report's longest has 8), so that it
# prints on two pages.
BRIEF_QUOTES = 3
BRIEF_PRACTICES = 12
BRIEF_QUOTE_RULE = (
    "The quotes shown: the first quote printed from each region, in the report's order, up to "
    "three; where fewer than three regions are quoted, the next quotes in printed order."
)


def barrier_brief(request, number):
    """The barrier on one or two printed pages, for a meeting: its summary, who raised it, a
    few quotes chosen by a stated rule (not by judgement), its table's practices in a line each."""
    barrier = get_object_or_404(Barrier.objects.for_detail(), number=number)
    table = barrier.table_listings
    context = {
        "barrier": barrier,
        "regions_quoted": regions_quoted_on(barrier),
        "regions_mapped": Region.objects.filter(challenges__barrier_mappings__barrier=barrier)
        .distinct()
        .order_by("order"),
        "quotes": representative_quotes(barrier, BRIEF_QUOTES),
        "quote_rule": BRIEF_QUOTE_RULE,
        "listings": table[:BRIEF_PRACTICES],
        "practices_left_out": max(len(table) - BRIEF_PRACTICES, 0),
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "permalink": request.build_absolute_uri(barrier.get_absolute_url()),
    }
    return render(request, "barriers/barrier_brief.html", context)


def regions_quoted_on(barrier):
    """The regions quoted on the barrier in Tab. 3 order, each with `quotes_on_barrier`."""
    return (
        Region.objects.filter(quotes__barrier=barrier)
        .annotate(quotes_on_barrier=Count("quotes"))
        .order_by("order")
    )


def representative_quotes(barrier, limit):
    """At most `limit` of the barrier's quotes, in printed order, as `BRIEF_QUOTE_RULE` says:
    each region's first quote, up to `limit`, then the next quotes in printed order. Two
    queries; the first reads two numbers per quote."""
    printed = list(barrier.quotes.order_by("order").values_list("pk", "region_id"))
    firsts, regions = [], set()
    for pk, region_id in printed:
        if region_id not in regions:
            regions.add(region_id)
            firsts.append(pk)
    rest = [pk for pk, _ in printed if pk not in set(firsts)]
    chosen = (firsts + rest)[:limit]
    return Quote.objects.for_list().filter(pk__in=chosen).order_by("order")


def category_barriers(barrier):
    """The other barriers of the barrier's category, with their counts (one query)."""
    siblings = Barrier.objects.for_list().filter(category=barrier.category_id)
    return list(siblings.exclude(pk=barrier.pk).order_by("number"))


def get_barrier(number):
    return get_object_or_404(Barrier.objects.select_related("source"), number=number)


def barrier_citation(request, barrier):
    label = f"Barrier {barrier.number}: {barrier.title}"
    return Citation.of(barrier, kind="barrier", key=barrier.number, label=label, request=request)


def finding_mappings_of(barrier):
    """The national findings mapped to the barrier, each with its country and source."""
    mappings = FindingMapping.objects.filter(barrier=barrier)
    related = ("finding__country__partner_region", "finding__source")
    return mappings.select_related(*related).order_by(
        "finding__country__name", "finding__source__order", "finding__order"
    )


def barrier_by_slug(request, slug):
    """The slug is a convenience; the barrier's number is its stable address."""
    barrier = get_object_or_404(Barrier.objects.only("number"), slug=slug)
    return redirect(barrier, permanent=True)


def leading_quotes(barrier, limit):
    """The barrier's quotes of its first regions (Tab. 3 order), [(region, [quotes])], at
    most `limit` in all but always the first region's, and the number of regions quoted. Two
    queries, the quotes per region counted first: only the quotes shown are read, however
    many the barrier has."""
    counts = list(
        barrier.quotes.order_by("region__order")
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    shown = leading_count([n for _, n in counts], limit)
    regions = [region_id for region_id, _ in counts[:shown]]
    quotes = barrier.quotes.filter(region_id__in=regions).select_related("region", "source")
    return group_by_region(quotes), len(counts)


def leading_count(sizes, limit):
    """How many of the first groups, of `sizes` items each, hold at most `limit` items in
    all; always the first group, whatever its size."""
    shown, total = 0, 0
    for size in sizes:
        total += size
        if shown and total > limit:
            break
        shown += 1
    return shown


def group_by_region(quotes):
    """[(region, [its quotes in printed order]), ...] in the regions' order (Tab. 3)."""
    in_order = sorted(quotes, key=lambda quote: (quote.region.order, quote.order))
    return [(region, list(group)) for region, group in groupby(in_order, key=lambda q: q.region)]
