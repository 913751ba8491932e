"""Site pages of the practices app: the filterable list of good practices and a practice."""

from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render

from barriers.models import EDITORIAL_MAPPING_NOTE
from bases.listing import filtered_list

from .filters import PracticeFilter
from .matching import who_could_adopt
from .models import TRANSFER_PROFILE_NOTE, GoodPractice


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
        "profile_note": TRANSFER_PROFILE_NOTE,
        # The regional report template's three headings, each shown even where empty.
        "template_fields": [
            ("Key players", practice.key_players),
            ("Impact", practice.impact),
            ("Transferability", practice.transferability),
        ],
    }
    return render(request, "practices/practice_detail.html", context)
