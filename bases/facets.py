"""Facet counts: beside each value of a filter, how many records the list would hold with it.

A FilterSet names its facets (`facets = ("barrier", "country", …)`), each one of its
`KeyFilter`s or `ChoicesFilter`s. The count of a value respects every other filter chosen but
not the facet's own, as Datasette's and CKAN's do: a visitor who ticked barrier 5 still sees
how many practices barrier 6 would add. One query per facet, whatever is chosen: the other
filters are applied to the records as subqueries (the filters already work that way) and the
records are grouped by the facet's value, its label read in the same query.

Settings-free, so every app may import it; the site's checkbox groups and the API's `facets`
object are both built from `facet_counts`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count

from .filters import ChoicesFilter, KeyFilter, split_values

FACETS_PARAMETER = "facets"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[Option]

    @property
    def checked_count(self):
        return sum(option.checked for option in self.options)


def accepted(filterset):
    return tuple(getattr(filterset, "facets", ()))


def requested_facets(filterset, raw_values):
    """The facet names of `?facets=a,b` (repeated or comma-separated; a FilterSet or its
    class), in the FilterSet's order; an unknown name is a ValidationError naming the
    accepted ones."""
    allowed = accepted(filterset)
    names = split_values(raw_values)
    for name in names:
        if name not in allowed:
            accepted_names = f"Allowed: {', '.join(allowed)}." if allowed else "This list has none."
            raise ValidationError(
                f"Unknown facet “{name}”. {accepted_names}", code="invalid_choice"
            )
    return [name for name in allowed if name in names]


def facet_counts(filterset, names, narrow=None):
    """{facet: {value: count}} for a valid `filterset`, values in the facet's order (barrier
    numbers, choices as declared, else labels ignoring case); values without records left
    out. `narrow(records, facet)`, if given, narrows each facet's records further (the
    search page's words)."""
    return {
        facet.name: {option.value: option.count for option in facet.options if option.count}
        for facet in facets_of(filterset, names, narrow)
    }


def facets_of(filterset, names=None, narrow=None):
    """The `Facet`s of a valid `filterset` (all it declares by default): each value with
    records, and each value chosen (with its count, maybe 0), ticked."""
    return [facet_of(filterset, name, narrow) for name in names or accepted(filterset)]


def facet_of(filterset, name, narrow):
    definition = filterset.filters[name]
    records = others_applied(filterset, name)
    if narrow:
        records = narrow(records, name)
    value_path, label_path = paths(definition)
    rows = (
        records.filter(**{f"{value_path}__isnull": False})
        .order_by()
        .values(value_path, label_path)
        .annotate(count=Count("pk", distinct=True))
        .values_list(value_path, label_path, "count")
    )
    labels = choice_labels(definition)
    counted = {
        str(value): (labels.get(str(value), str(label)), count) for value, label, count in rows
    }
    chosen = chosen_values(definition, filterset.form.cleaned_data.get(name))
    for value, label in chosen.items():
        counted.setdefault(value, (labels.get(value, label), 0))
    options = [
        Option(value, option_label(definition, value, label), count, value in chosen)
        for value, (label, count) in counted.items()
    ]
    order = {value: index for index, value in enumerate(labels)}  # a fixed set: its own order
    options.sort(key=lambda option: sort_key(option.value, option.label, order))
    return Facet(name, str(definition.label or name.capitalize()), options)


def others_applied(filterset, excluded):
    """The records every chosen filter but `excluded` keeps, from the model's whole table:
    the filters narrow through subqueries, so this is one query when counted."""
    records = filterset.queryset.model._default_manager.all()
    for name, value in filterset.form.cleaned_data.items():
        if name != excluded and name in filterset.filters and name != "ordering":
            records = filterset.filters[name].filter(records, value)
    return records


def paths(definition):
    """The lookups of a facet's value and of its label, from the records."""
    if isinstance(definition, KeyFilter):
        field = definition.extra["to_field_name"]
        label = definition.facet_label_field
        return f"{definition.field_name}__{field}", f"{definition.field_name}__{label}"
    if isinstance(definition, ChoicesFilter):
        return definition.field_name, definition.field_name
    raise TypeError(f"{definition!r} cannot be a facet: only KeyFilter and ChoicesFilter.")


def choice_labels(definition):
    return {str(value): str(label) for value, label in definition.extra.get("choices", ())}


def chosen_values(definition, value):
    """{value: label} of a filter's cleaned value: records (a KeyFilter) or strings."""
    if not value:
        return {}
    if isinstance(definition, KeyFilter):
        field, label = definition.extra["to_field_name"], definition.facet_label_field
        return {str(getattr(record, field)): str(getattr(record, label)) for record in value}
    return {str(one): str(one) for one in value}


def option_label(definition, value, label):
    # A barrier is known by its number as much as by its title: both are shown.
    return f"{value}. {label}" if definition.facet_label_numbered else label


def sort_key(value, label, order):
    """Numbers in order, choices as declared, records by label ignoring case."""
    if value.isdigit():
        return (0, int(value), "")
    return (1, order.get(value, len(order)), label.casefold())
