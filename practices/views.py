"""Site pages of the practices app: the filterable list of good practices and a practice."""

from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render

from preciseu_kb.listing import filtered_list

from .filters import PracticeFilter
from .matching import who_could_adopt
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
