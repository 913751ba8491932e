"""The search page: one search across every kind of record."""

from django.core.paginator import Paginator

from bases.downloads import FORMAT_PARAMETER
from bases.listing import PAGE_PARAMETER, PAGE_SIZE, query_without, render_list

from . import engine
from .filters import SearchParameters
from .models import SearchEntry
from .tables import HITS

# Searches the report answers well, offered where a search has not started or found nothing.
EXAMPLE_SEARCHES = (
    "reimbursement",
    "GDPR",
    "interoperability",
    "genomic data",
    "consent",
    "artificial intelligence",
)
BEST_OF_EACH_KIND = 3


def search(request):
    """Search across the knowledge base. With no kind chosen, the best hits of each kind,
    each kind linking to all its hits; with kinds chosen, their hits ranked and paged.
    Invalid parameters show the message with status 400; an empty query shows the form and
    example searches. Two queries per search (counts, hits), plus one per category or region
    value to check it, one per facet (kind, category, region), and two when a misspelling is
    corrected.

    `?format=csv` or `xlsx` downloads every hit of the chosen kinds, best first."""
    parameters = SearchParameters(request.GET, queryset=SearchEntry.objects.all())
    context = {"filter": parameters, "examples": EXAMPLE_SEARCHES, "records": []}
    if not parameters.is_valid():
        return render_list(request, "search/search.html", context, 400, HITS)
    chosen = parameters.form.cleaned_data
    text, kinds = chosen["q"], chosen["kind"]
    if text:
        results = engine.search(text, parameters.qs, kinds)
        context.update(search_results(request, results, kinds))
        context["narrowed"] = bool(kinds or chosen["category"] or chosen["region"])
        context["records"] = results.hits
        if FORMAT_PARAMETER not in request.GET:  # a download holds the hits only
            context["facets"] = engine.facets(parameters, results)
    return render_list(request, "search/search.html", context, 200, HITS)


def search_results(request, results, kinds):
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    found = {
        "results": results,
        "kinds": kinds,
        "kind_links": kind_links(query, results.counts, kinds),
        "api_query": query.urlencode(),
    }
    if kinds:
        paginator = Paginator(results.hits, PAGE_SIZE)
        found["page_obj"] = paginator.get_page(request.GET.get(PAGE_PARAMETER))
    else:
        found["groups"] = [
            {
                "kind": SearchEntry.Kind(kind),
                "count": results.counts[kind],
                "hits": hits,
                "all_url": "?" + with_kind(query, kind),
            }
            for kind, hits in results.hits.best_of_each_kind(BEST_OF_EACH_KIND).items()
        ]
    return found


def kind_links(query, counts, chosen):
    """ "All kinds" and each kind that has hits or is chosen: label, count, the URL of the
    same search showing it, and whether it is shown now."""
    everything = {
        "label": "All kinds",
        "count": sum(counts.values()),
        "url": "?" + query_without(query, "kind"),
        "current": not chosen,
    }
    return [everything] + [
        {
            "label": SearchEntry.Kind(kind).label,
            "count": count,
            "url": "?" + with_kind(query, kind),
            "current": chosen == [kind],
        }
        for kind, count in counts.items()
        if count or kind in chosen
    ]


def with_kind(query, kind):
    changed = query.copy()
    changed.setlist("kind", [kind])
    return changed.urlencode()
