"""Site pages of the practices app: the filterable list of good practices and a practice."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render

from barriers.models import Barrier, Quote
from preciseu_kb.listing import filtered_list
from regions.models import Region

from .filters import PracticeFilter
from .models import GoodPractice


def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=GoodPractice.objects.for_list())
    context, status = filtered_list(request, filterset)
    return render(request, "practices/practice_list.html", context, status=status)


def practice_detail(request, slug):
    practice = get_object_or_404(GoodPractice.objects.for_detail(), slug=slug)
    context = {
        "practice": practice,
        "barriers": [listing.barrier for listing in practice.listings.all()],
        "link_domain": urlsplit(practice.link).netloc,
        "adopters": who_could_adopt(practice),
    }
    return render(request, "practices/practice_detail.html", context)


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
