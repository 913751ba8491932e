"""`{% shortlist_add_url practice shortlist %}`: the shortlist with a practice added."""

from urllib.parse import urlencode

from django import template

from ..shortlist import CARRY_PARAMETER, shortlist_url, slugs_of

register = template.Library()


@register.simple_tag
def shortlist_add_url(practice, shortlist=()):
    """The shortlist `shortlist` (slugs) with `practice` appended (once)."""
    return shortlist_url(slugs_of([*shortlist, practice.slug]))


@register.simple_tag
def shortlist_without_url(practice, shortlist):
    """The shortlist without `practice`."""
    return shortlist_url([slug for slug in shortlist if slug != practice.slug])


@register.simple_tag
def carrying(url, shortlist):
    """`url` with the shortlist carried along (`?shortlist=a,b`), or `url` for none."""
    if not shortlist:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({CARRY_PARAMETER: ','.join(shortlist)}, safe=',')}"
