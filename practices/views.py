"""Site pages of the practices app: the filterable list of good practices and a practice."""

from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render

from barriers.models import EDITORIAL_MAPPING_NOTE
from bases.listing import filtered_list
from provenance.citation import Citation

from .filters import PracticeFilter
from .matching import who_could_adopt
from .models import GoodPractice


def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=GoodPractice.objects.for_list())
    context, status = filtered_list(request, filterset)
    return render(request, "practices/practice_list.html", context, status=status)


def practice_detail(request, slug):
    practices = GoodPractice.objects.for_detail().prefetch_related("parts")
    practice = get_object_or_404(practices, slug=slug)
    context = {
        "practice": practice,
        "barriers": [listing.barrier for listing in practice.table_listings],
        "editorial_listings": practice.editorial_listings,
        "editorial_note": EDITORIAL_MAPPING_NOTE,
        "link_domain": urlsplit(practice.link).netloc,
        "adopters": who_could_adopt(practice),
        "citation": practice_citation(request, practice),
    }
    return render(request, "practices/practice_detail.html", context)


def get_practice(slug):
    return get_object_or_404(GoodPractice.objects.select_related("source"), slug=slug)


def practice_citation(request, practice):
    label = f"Good practice: {practice.name}"
    return Citation.of(practice, kind="practice", key=practice.slug, label=label, request=request)
