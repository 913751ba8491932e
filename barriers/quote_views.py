"""The quotes explorer: every quote of the report, filterable like the API's quote list."""

from django.shortcuts import render

from bases.listing import filtered_list

from .filters import QuoteFilter
from .models import Quote


def quote_list(request):
    filterset = QuoteFilter(request.GET, queryset=Quote.objects.for_list())
    context, status = filtered_list(request, filterset)
    return render(request, "barriers/quote_list.html", context, status=status)
