"""The quotes explorer (every quote of the report, filterable like the API's quote list), and
the pages of one quote and of one EU-level comment, each at its API key."""

from django.shortcuts import get_object_or_404, render

from bases.listing import filtered_list, render_list
from bases.querysets import neighbours
from provenance.citation import Citation

from .filters import QuoteFilter
from .models import COMMENT_KEY, QUOTE_KEY, PolicyComment, Quote
from .tables import QUOTES


def quote_list(request):
    filterset = QuoteFilter(request.GET, queryset=Quote.objects.for_list())
    context, status = filtered_list(request, filterset, sortable=True)
    return render_list(request, "barriers/quote_list.html", context, status, QUOTES)


def get_quote(key):
    return get_object_or_404(Quote.objects.for_list(), **QUOTE_KEY.lookup(key))


def quote_citation(request, quote):
    barrier = quote.barrier
    label = f"Quote {quote.key} ({quote.attribution}) on barrier {barrier.number}: {barrier.title}"
    return Citation.of(quote, kind="quote", key=quote.key, label=label, request=request)


def quote_detail(request, key):
    """One quote; its neighbours are the quotes printed before and after it under its
    barrier."""
    quote = get_quote(key)
    siblings = Quote.objects.filter(barrier=quote.barrier_id).select_related("barrier")
    context = {
        "quote": quote,
        "neighbours": neighbours(siblings, quote.order),
        "citation": quote_citation(request, quote),
    }
    return render(request, "barriers/quote_detail.html", context)


def get_comment(key):
    return get_object_or_404(PolicyComment.objects.for_list(), **COMMENT_KEY.lookup(key))


def comment_citation(request, comment):
    barrier = comment.barrier
    label = f"EU-level comment {comment.key} on barrier {barrier.number}: {barrier.title}"
    return Citation.of(comment, kind="comment", key=comment.key, label=label, request=request)


def comment_detail(request, key):
    """One boxed EU-level comment; its neighbours are the comments printed beside the same
    barrier."""
    comment = get_comment(key)
    siblings = PolicyComment.objects.filter(barrier=comment.barrier_id).select_related("barrier")
    context = {
        "comment": comment,
        "neighbours": neighbours(siblings, comment.order),
        "citation": comment_citation(request, comment),
    }
    return render(request, "barriers/comment_detail.html", context)
