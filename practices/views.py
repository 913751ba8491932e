"""Site pages of the practices app: the filterable list of good practices and a practice."""

from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render

from barriers.models import EDITORIAL_MAPPING_NOTE
from bases.listing import filtered_list, render_list
from provenance.citation import Citation

from .filters import PracticeFilter
from .matching import who_could_adopt
from .models import TRANSFER_PROFILE_NOTE, GoodPractice
from .shortlist import (
    SHORTLIST_MAX,
    SHORTLIST_PARAMETER,
    ShortlistError,
    carried,
    shortlist_url,
    shortlisted,
)
from .tables import PRACTICES, SHORTLIST


def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=GoodPractice.objects.for_list())
    context, status = filtered_list(request, filterset, sortable=True)
    context["shortlist"] = carried(request)
    return render_list(request, "practices/practice_list.html", context, status, PRACTICES)


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
        "shortlist": carried(request),
        "barrier_numbers": ",".join(
            str(number)
            for number in sorted({listing.barrier.number for listing in practice.listings.all()})
        ),
        "citation": practice_citation(request, practice),
        "profile_note": TRANSFER_PROFILE_NOTE,
        # The regional report template's three headings, each shown even where empty.
        "template_fields": [
            ("Key players", practice.key_players),
            ("Impact", practice.impact),
            ("Transferability", practice.transferability),
        ],
    }
    return render(request, "practices/practice_detail.html", context)


def shortlist(request):
    """The practices of `?practices=<slug>,<slug>` (see practices/shortlist.py), each with its
    barriers and a link that removes it, the link to share, and a form to add a practice. An
    unknown slug or too long a list is a 400 that says so."""
    values = request.GET.getlist(SHORTLIST_PARAMETER)
    context = {
        "limit": SHORTLIST_MAX,
        "all_practices": GoodPractice.objects.order_by("name").values_list("slug", "name"),
    }
    try:
        practices = shortlisted(values)
    except ShortlistError as error:
        context["error"] = error
        return render(request, "practices/shortlist.html", context, status=400)
    slugs = [practice.slug for practice in practices]
    context.update(
        practices=practices,
        records=practices,  # what its CSV and Excel files hold (render_list)
        shortlist=slugs,
        share_url=request.build_absolute_uri(shortlist_url(slugs)),
    )
    return render_list(request, "practices/shortlist.html", context, 200, SHORTLIST)


def get_practice(slug):
    return get_object_or_404(GoodPractice.objects.select_related("source"), slug=slug)


def practice_citation(request, practice):
    label = f"Good practice: {practice.name}"
    return Citation.of(practice, kind="practice", key=practice.slug, label=label, request=request)
