"""Site pages of the regions app: the list, and a region's page — its fact sheet, its
interviews and workshop, what it said, and the practices from its own country and from
elsewhere that address the barriers it raised."""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from barriers.forms import BarrierChoiceForm
from barriers.models import (
    EDITORIAL_MAPPING_NOTE,
    Barrier,
    Category,
    ChallengeMapping,
    FindingMapping,
    Quote,
)
from bases.listing import PAGE_PARAMETER, filtered_list, query_without, render_list
from bases.querysets import neighbours
from practices.matching import (
    barriers_raised_by,
    best_practices_from_elsewhere,
    chosen_barriers,
    in_question,
    matches_of,
    ranked_candidates,
)
from practices.models import GoodPractice
from provenance.citation import Citation
from provenance.models import DataNote

from .filters import RegionFilter
from .models import (
    CHALLENGE_KEY,
    FINDING_KEY,
    INTERVIEW_GROUP_LABELS,
    INTERVIEW_GROUPS,
    NationalFinding,
    Region,
    RegionalChallenge,
)
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
        "citation": region_citation(request, region),
        # The "Compare with…" control's choices.
        "other_regions": Region.objects.exclude(pk=region.pk).only("slug", "name"),
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


RECOMMENDATIONS_PAGE_SIZE = 20


def region_recommendations(request, slug):
    """A region's recommended practices for the barriers a user chooses (`?barrier=2&barrier=4`,
    checkboxes by category), or, with none chosen, for the barriers it raised: the ranking of
    its page and of the API's recommended practices, paged. An unknown barrier number shows
    the form's message with status 400 and no practices."""
    region = get_object_or_404(Region.objects.select_related("country"), slug=slug)
    form = BarrierChoiceForm(request.GET)
    raised = barriers_raised_by(region)
    context = {
        "region": region,
        "form": form,
        "raised_numbers": {barrier.number for barrier in raised},
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "categories": Category.objects.prefetch_related(
            Prefetch("barriers", queryset=Barrier.objects.order_by("number"))
        ).order_by("order"),
        "api_url": reverse("api:region-recommended-practices", args=[region.slug]),
        "api_query": query_without(request.GET, PAGE_PARAMETER),
    }
    if not form.is_valid():
        context["checked"] = set()
        return render(request, "regions/region_recommendations.html", context, status=400)
    chosen = chosen_barriers(region, form.chosen()) if form.chosen() else []
    barriers = chosen or raised
    by_key = {barrier.pk: barrier for barrier in barriers}
    page_obj = Paginator(ranked_candidates(region, by_key), RECOMMENDATIONS_PAGE_SIZE).get_page(
        request.GET.get(PAGE_PARAMETER)
    )
    context.update(
        chosen=chosen,
        barriers=barriers,
        checked={barrier.number for barrier in barriers},
        in_question=in_question(len(barriers), chosen=bool(chosen)),
        page_obj=page_obj,
        matches=matches_of(page_obj.object_list, by_key),
    )
    return render(request, "regions/region_recommendations.html", context)


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


def get_region(slug):
    return get_object_or_404(Region.objects.select_related("source"), slug=slug)


def region_citation(request, region):
    label = f"Partner region: {region.name}, fact sheet and figures"
    return Citation.of(region, kind="region", key=region.slug, label=label, request=request)


def get_challenge(key):
    challenges = RegionalChallenge.objects.for_list().prefetch_related(
        Prefetch("barrier_mappings", queryset=ChallengeMapping.objects.with_barrier())
    )
    return get_object_or_404(challenges, **CHALLENGE_KEY.lookup(key))


def challenge_citation(request, challenge):
    label = f"Fact-sheet challenge {challenge.key} of {challenge.region.name}: {challenge.title}"
    return Citation.of(challenge, kind="challenge", key=challenge.key, label=label, request=request)


def challenge_detail(request, key):
    """One challenge of a region's fact sheet; its neighbours are the challenges printed before
    and after it on the same fact sheet."""
    challenge = get_challenge(key)
    siblings = RegionalChallenge.objects.filter(region=challenge.region_id).select_related("region")
    context = {
        "challenge": challenge,
        "neighbours": neighbours(siblings, challenge.order),
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "citation": challenge_citation(request, challenge),
    }
    return render(request, "regions/challenge_detail.html", context)


def get_finding(key):
    findings = (
        NationalFinding.objects.for_list()
        .select_related("country__partner_region")
        .prefetch_related(
            Prefetch("barrier_mappings", queryset=FindingMapping.objects.with_barrier())
        )
    )
    return get_object_or_404(findings, **FINDING_KEY.lookup(key))


def finding_citation(request, finding):
    kind = finding.get_kind_display().lower()
    label = f"National finding {finding.key} on {finding.country.name} ({kind})"
    return Citation.of(finding, kind="finding", key=finding.key, label=label, request=request)


def finding_detail(request, key):
    """One national finding; its neighbours are the findings printed before and after it in
    its source."""
    finding = get_finding(key)
    siblings = NationalFinding.objects.filter(source=finding.source_id).select_related(
        "country", "source"
    )
    context = {
        "finding": finding,
        "neighbours": neighbours(siblings, finding.order),
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "citation": finding_citation(request, finding),
    }
    return render(request, "regions/finding_detail.html", context)
