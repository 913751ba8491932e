"""A shortlist of good practices, kept in the URL: `/shortlist/?practices=<slug>,<slug>`.

No account and no JavaScript: the list is the query string, so it can be bookmarked or sent by
mail. Slugs may be comma-separated or repeated (`practices=a,b&practices=c`, which is what the
shortlist page's "add a practice" form submits); letter case is ignored and a slug named twice
counts once, where it first appears.

Between pages the list travels in a `shortlist` parameter: the shortlist links to the practice
list with `?shortlist=<its slugs>`, the practice list keeps it (filters, pages, the links to
each practice), and every "Add to shortlist" on those pages goes to the shortlist with the
practice appended. Without it, "Add to shortlist" starts a list of one.
"""

from urllib.parse import urlencode

from django.urls import reverse

from bases.filters import split_values

from .models import GoodPractice

SHORTLIST_PARAMETER = "practices"
CARRY_PARAMETER = "shortlist"
SHORTLIST_MAX = 20


class ShortlistError(ValueError):
    """The `practices` parameter names an unknown practice, or too many."""


def slugs_of(values) -> list[str]:
    """['a,b', 'A', ' c '] → ['a', 'b', 'c']: lower case, each once, in order."""
    return list(dict.fromkeys(slug.lower() for slug in split_values(values)))


def shortlisted(values) -> list[GoodPractice]:
    """The practices the query values name, in the order given, with their barriers (listings
    and barriers prefetched: three queries whatever the length)."""
    slugs = slugs_of(values)
    if len(slugs) > SHORTLIST_MAX:
        raise ShortlistError(
            f"A shortlist holds at most {SHORTLIST_MAX} practices; this one names {len(slugs)}."
        )
    found = {
        practice.slug: practice
        for practice in GoodPractice.objects.for_list().filter(slug__in=slugs)
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        names = ", ".join(f"“{slug}”" for slug in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise ShortlistError(
            f"Unknown practice{plural} {names}: no good practice has this slug (the last part "
            "of a practice's address, /practices/<slug>/)."
        )
    return [found[slug] for slug in slugs]


def shortlist_url(slugs) -> str:
    """/shortlist/?practices=a,b (commas kept readable), or /shortlist/ for none."""
    url = reverse("shortlist")
    if not slugs:
        return url
    return f"{url}?{urlencode({SHORTLIST_PARAMETER: ','.join(slugs)}, safe=',')}"


def carried(request) -> list[str]:
    """The shortlist a page carries in its `shortlist` parameter (unchecked: the shortlist
    page checks the slugs when they arrive there)."""
    return slugs_of(request.GET.getlist(CARRY_PARAMETER))[:SHORTLIST_MAX]
