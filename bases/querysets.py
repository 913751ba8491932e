"""Query helpers shared by the apps' QuerySets (settings-free, so every app may import it)."""

from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery
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


def subquery_count(queryset):
    """The number of rows of `queryset` (correlated with an outer query through `OuterRef`) as
    an annotation: `SELECT COUNT(*)` of its rows, without grouping them."""
    counts = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def neighbours(manager, position, field="order"):
    """The records just before and after `position` in `field` order, or None at either end."""
    return {
        "previous": manager.filter(**{f"{field}__lt": position}).order_by(f"-{field}").first(),
        "next": manager.filter(**{f"{field}__gt": position}).order_by(field).first(),
    }
