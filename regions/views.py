"""Site pages of the regions app. The region page crosses every app, so it lives in
`preciseu_kb.region_profile`."""

from django.shortcuts import render

from preciseu_kb.listing import filtered_list

from .filters import RegionFilter
from .models import Region


def region_list(request):
    """The partner regions in the order of Tab. 3, filtered like the API's region list.
    Invalid filter values show the FilterSet's message with status 400 and no regions."""
    filterset = RegionFilter(request.GET, queryset=Region.objects.for_list())
    context, status = filtered_list(request, filterset)
    return render(request, "regions/region_list.html", context, status=status)
