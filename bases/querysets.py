"""Query helpers shared by the apps' QuerySets (settings-free, so every app may import it)."""

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce


def related_count(model, relation, distinct="pk", **conditions):
    """The number of related rows (or of distinct `distinct` values among them) per row of
    `model`, through the reverse relation `relation`, as a correlated subquery; `conditions`
    (filter keywords on the related rows) narrow the rows counted.

    A subquery rather than `Count` over a join: several counts on one list would otherwise
    multiply each other's rows, and a filter joining the same relation would inflate them.
    """
    reverse = model._meta.get_field(relation)
    link = reverse.field.name
    counts = (
        reverse.related_model._default_manager.filter(**{link: OuterRef("pk")}, **conditions)
        .order_by()
        .values(link)
        .annotate(n=Count(distinct, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def prefetched_name(relation):
    return f"prefetched_{relation}"


class ListPrefetch(Prefetch):
    """A relation to many read into a plain list on each record (`prefetch_list`)."""


def prefetch_list(relation, queryset=None):
    """Prefetch `relation` (a relation to many, of the records themselves) into a plain list
    on each record, read with `related_list`.

    Django's own prefetch builds a manager and a filtered QuerySet per record and relation
    to hold the rows it has already fetched: on a page of 50 practices that is 200 QuerySets,
    more time than the four queries themselves. A list costs nothing per record, and a
    `ListPrefetchQuerySet` also fetches the lists itself, more cheaply (see there). Any other
    QuerySet treats it as the `Prefetch(to_attr=…)` it is.
    """
    if LOOKUP_SEP in relation:
        raise ValueError(
            f"prefetch_list reads a relation of the records themselves, not {relation!r}"
        )
    return ListPrefetch(relation, queryset=queryset, to_attr=prefetched_name(relation))


class ListPrefetchQuerySet(QuerySet):
    """A QuerySet that fetches its `prefetch_list` relations itself, one query each, grouped
    by record in Python; other prefetches go through Django as usual.

    Django's prefetch filters the related rows by the records as model instances, selects
    each row's owner through an extra column, and sets up a related manager per record:
    about half a millisecond per relation on a page of 50, over the query. Filtering by
    primary keys and grouping by the owner's key is what is left. The rows and their order
    are those of the relation's QuerySet (tests/test_querysets.py compares the two).
    """

    def _prefetch_related_objects(self):
        # Django calls this once the result cache is filled; the lookups stay as they are,
        # so a QuerySet derived from this one prefetches the same.
        lists = [
            lookup for lookup in self._prefetch_related_lookups if isinstance(lookup, ListPrefetch)
        ]
        others = [lookup for lookup in self._prefetch_related_lookups if lookup not in lists]
        for lookup in lists:
            fill_lists(self._result_cache, lookup.prefetch_through, lookup.queryset)
        prefetch_related_objects(self._result_cache, *others)
        self._prefetch_done = True


def fill_lists(records, relation, queryset=None):
    """Set each record's list of `relation` (`prefetched_name`), in one query."""
    if not records:
        return
    field = type(records[0])._meta.get_field(relation)
    if queryset is None:
        queryset = field.related_model._default_manager.all()
    keys = {record.pk for record in records}
    if field.one_to_many:  # the related rows hold their owner's key
        owner = field.field.attname
        rows = queryset.filter(**{f"{owner}__in": keys})
    elif field.many_to_many and not field.auto_created:  # a many-to-many field of the records
        path = field.related_query_name()  # through its table: filter and annotate share the join
        owner = "prefetch_owner"
        rows = queryset.filter(**{f"{path}__in": keys}).annotate(**{owner: F(f"{path}__pk")})
    else:
        raise ValueError(
            f"prefetch_list reads a reverse foreign key or a many-to-many field, not {relation!r}"
        )
    lists = {}
    for row in rows:
        lists.setdefault(getattr(row, owner), []).append(row)
    for record in records:
        record.__dict__[prefetched_name(relation)] = lists.get(record.pk, [])


def related_list(record, relation):
    """The records of `relation`: the list `prefetch_list` made, else the relation's
    (prefetched the usual way, or read now)."""
    try:
        return record.__dict__[prefetched_name(relation)]
    except KeyError:
        return list(getattr(record, relation).all())
