"""The site's side of the history: a record's "Changes to this record" page, and the
changes feed in Atom (Django's syndication framework), both public."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed

from bases.history import versions_of

from .kinds import KINDS, kind_named
from .models import Change

FEED_ITEMS = 100


def record_history(request, model, lookup, **kwargs):
    """The versions of the record at `<its page>history/`: dates, what happened, the fields
    changed and why; editors are never named."""
    record = get_object_or_404(model, **lookup(kwargs))
    (key,) = kwargs.values()  # the page's one URL parameter, the record's API key too
    context = {
        "record": record,
        "record_kind": model._meta.verbose_name,
        "versions": versions_of(record),
        "api_url": reverse(KINDS[model].api_detail, args=[key]) + "history/",
    }
    return render(request, "history/record_history.html", context)


class ChangesFeed(Feed):
    """The latest changes to the knowledge base, newest first: what /api/v1/changes/ lists."""

    feed_type = Atom1Feed
    title = "PRECISEU knowledge base: changes"
    subtitle = (
        "Every record created, changed or deleted in the PRECISEU knowledge base, newest first."
    )
    author_name = "PRECISEU knowledge base"

    def link(self):
        return reverse("about") + "#changes"

    def items(self):
        return Change.objects.order_by("-id")[:FEED_ITEMS]

    def item_title(self, change):
        return f"{change.kind.capitalize()} {change.key} {change.get_action_display().lower()}"

    def item_description(self, change):
        return change.reason or "No reason given."

    def item_link(self, change):
        """The record's "Changes to this record"; for a deletion, or a record with no page of
        its own (a country, a source), the about page's word on changes."""
        kind = kind_named(change.kind)
        if change.action != Change.Action.DELETED and kind and kind.history_page:
            try:
                return reverse(kind.history_page, args=[change.key])
            except NoReverseMatch:
                pass
        return reverse("about") + "#changes"

    def item_guid(self, change):
        return f"change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.time

    def item_updateddate(self, change):
        return change.time
