"""The quotes explorer: every quote of the report, filterable like the API's quote list."""

from bases.listing import filtered_list, render_list

from .filters import QuoteFilter
from .models import Quote
from .tables import QUOTES


def quote_list(request):
    filterset = QuoteFilter(request.GET, queryset=Quote.objects.for_list())
    context, status = filtered_list(request, filterset)
    return render_list(request, "barriers/quote_list.html", context, status, QUOTES)
