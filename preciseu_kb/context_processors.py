"""Template context every site page needs."""

from django.urls import NoReverseMatch, reverse

# (label, URL name, URL names of the pages that belong to the section)
PRIMARY_NAV = (
    ("Barriers", "barrier-list", {"barrier-list", "barrier-detail", "category-detail"}),
    ("Practices", "practice-list", {"practice-list", "practice-detail", "shortlist"}),
    ("Regions", "region-list", {"region-list", "region-detail", "region-recommendations"}),
    ("Quotes", "quote-list", {"quote-list"}),
    ("Map", "evidence-map", {"evidence-map"}),
    ("Compare", "compare-regions", {"compare-regions"}),
    ("Gaps", "gaps", {"gaps"}),
    ("About", "about", {"about"}),
    ("API", "api:api-root", set()),
)


def primary_nav(request):
    """The primary navigation, marking the section of the current page.

    A section whose page is not routed (yet) is left out rather than breaking every page.
    """
    match = getattr(request, "resolver_match", None)
    current_name = match.view_name if match else None
    items = []
    for label, url_name, section in PRIMARY_NAV:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "current": current_name in section})
    return {"primary_nav": items}
