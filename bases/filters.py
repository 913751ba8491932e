"""Building blocks of the FilterSets that the site lists and the API lists share.

Settings-free, so every app may import it. A filter chooses records by their natural key
(barrier number, slug, country code); it accepts repeated parameters and comma-separated
values alike (`barrier=5,6` or `barrier=5&barrier=6`), and an unknown value is an error that
names the values allowed, never a silently empty or unfiltered list.
"""

import operator
from functools import reduce

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Q
from django.db.models.functions import Lower
from django_filters.fields import ChoiceField

SEARCH_MAX_LENGTH = 200


def split_values(values):
    """['5,6', ' 7 '] → ['5', '6', '7']."""
    return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


class KeySelect(forms.Select):
    """A single drop-down on the site that still reads every value of the query string.

    A shared link may choose several values (`barrier=1,16`): the drop-down then becomes a
    multiple choice showing all of them, so applying the form again keeps them.
    """

    template_name = "forms/key_select.html"

    def get_context(self, name, value, attrs):
        self.allow_multiple_selected = len(self.format_value(value)) > 1
        return super().get_context(name, value, attrs)

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else [data.get(name, "")]
        return ",".join(value for value in values if value)

    def format_value(self, value):
        if isinstance(value, str):
            return split_values([value])
        return super().format_value(value)


class KeyChoiceField(forms.ModelMultipleChoiceField):
    """Records chosen by their natural key (`to_field_name`), e.g. barrier numbers."""

    def __init__(self, *args, noun, normalize=str, any_label="Any", **kwargs):
        kwargs.setdefault("widget", KeySelect)
        super().__init__(*args, **kwargs)
        self.noun = noun
        self.normalize = normalize
        self.empty_label = any_label  # the site's drop-down offers "no filter" first

    def clean(self, value):
        if value in self.empty_values:
            value = []
        elif isinstance(value, str):
            value = [value]
        keys = [self.normalize(key) for key in split_values(value)]
        if not keys and not self.required:
            # No choice, no filter. Django's answer, an empty QuerySet, is compiled anew each
            # time a filter asks whether anything was chosen.
            return []
        for key in keys:
            if self.out_of_range(key):
                raise self.unknown(key)
        try:
            return super().clean(keys)
        except ValidationError as error:
            # Django names the first unknown key; the message names every allowed one.
            if getattr(error, "code", None) not in {"invalid_choice", "invalid_pk_value"}:
                raise
            raise self.unknown(error.params.get("value", error.params.get("pk"))) from None

    def out_of_range(self, key):
        """Whether `key` is a number the key's column cannot hold: no record has it, and
        SQLite would fail on it rather than find nothing."""
        field = self.queryset.model._meta.get_field(self.to_field_name)
        limits = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type())
        if limits is None or not key.lstrip("-").isdigit():
            return False
        return not limits[0] <= int(key) <= limits[1]

    def unknown(self, key):
        return ValidationError(
            "Unknown %(noun)s “%(value)s”. Allowed: %(allowed)s.",
            code="invalid_choice",
            params={"noun": self.noun, "value": key, "allowed": self.allowed()},
        )

    def allowed(self):
        keys = self.queryset.values_list(self.to_field_name, flat=True)
        return ", ".join(str(key) for key in keys)


# A slug in any letter case (the key filters lower-case it), as Django's SlugField allows.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class KeyFilter(django_filters.ModelMultipleChoiceFilter):
    """Keeps the records related to any of the chosen ones through `field_name`.

    Matching goes through a subquery on primary keys, so a record related to several chosen
    ones appears once, and annotations on the list are not multiplied by a join. Subclasses
    name the records to choose from in `defaults` (queryset, to_field_name, noun, …); a
    declaration may override any of them.
    """

    field_class = KeyChoiceField
    defaults = {}
    # How the API's schema describes one key: its form and an example, never the keys that
    # exist, so that the schema (and every client generated from it) stays the same when an
    # editor adds a record.
    key_schema = {"type": "string", "pattern": SLUG_PATTERN}

    # As a facet (bases.facets): the field of the chosen records that labels a value, and
    # whether the key is shown before it ("5. Reimbursement Misalignment").
    facet_label_numbered = False

    def __init__(self, *args, **kwargs):
        options = {**self.defaults, **kwargs}
        self.facet_label_field = options.pop("facet_label", "name")
        super().__init__(*args, **options)

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(
            **{f"{self.field_name}__in": [chosen.pk for chosen in value]}
        )
        return qs.filter(pk__in=matching.values("pk"))


class ChoicesField(forms.MultipleChoiceField):
    """Values of a fixed set (a model's `TextChoices`), as `kind=a,b` or `kind=a&kind=b`; a
    single drop-down on the site. An unknown value is an error naming every allowed one."""

    widget = KeySelect

    def __init__(self, *args, noun, any_label="Any", **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.choices = [("", any_label), *self.choices]
        allowed = ", ".join(str(value) for value, _ in self.choices)
        self.error_messages["invalid_choice"] = (
            f"Unknown {noun} “%(value)s”. Allowed: {allowed.replace('%', '%%')}."
        )

    def to_python(self, value):
        return split_values([value] if isinstance(value, str) else value or [])


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """Keeps the records whose `field_name` (a column, or one across a relation) holds any
    of the chosen values; through a subquery on primary keys, as `KeyFilter` does, so that a
    record matching several values appears once."""

    field_class = ChoicesField
    facet_label_numbered = False

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(**{f"{self.field_name}__in": value})
        return qs.filter(pk__in=matching.values("pk"))


class YesNoFilter(django_filters.ChoiceFilter):
    """`true` or `false`; anything else is an error naming both."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "Yes"), ("false", "No")])
        kwargs.setdefault("empty_label", "Either")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "“%(value)s” is not allowed. Allowed: true, false."},
        )
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """The records the site's search finds for the text (every word required, matched as the
    search page matches it) when the search index holds the list's records; otherwise every
    word must appear, case-insensitively, in at least one of the FilterSet's `search_fields`.

    The search app registers its index here when it starts (search/apps.py), so that the apps
    whose lists it filters need not import it: `index(model, text)` gives the primary keys
    found, or None for a model the index does not hold."""

    index = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Text")
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("help_text", "Words to look for; every word must appear.")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        words = value.split()
        if not words:
            return qs
        found = self.index(qs.model, value) if self.index else None
        if found is not None:
            return qs.filter(pk__in=found)
        fields = self.parent.search_fields
        matching = qs.model._default_manager.all()
        for word in words:
            matching = matching.filter(
                reduce(operator.or_, (Q(**{f"{field}__icontains": word}) for field in fields))
            )
        return qs.filter(pk__in=matching.values("pk"))


class OrderingKeyField(ChoiceField):
    """One name of `ordering=a, -b`: spaces around a name do not make it unknown."""

    def to_python(self, value):
        return super().to_python(value).strip()


class KeyOrderingFilter(django_filters.OrderingFilter):
    """`ordering=-quote_count,number`: django-filter's ordering by public names, a leading
    `-` reversing one, where a name may sort by several model fields:
    `fields={("barrier__number", "order"): "barrier", "attribution": "attribution"}`.

    The model's own order (`Meta.ordering`, every list's natural order) follows the chosen
    names, so that ties keep one order and pages never overlap. An unknown name is an error
    that names those allowed."""

    field_class = OrderingKeyField

    def __init__(self, *args, fields, ignore_case=(), **kwargs):
        # Model fields compared in lower case, so that "mHealth" sorts among the Ms.
        self.ignore_case = set(ignore_case)
        names = list(self.normalize_fields(fields).values())
        kwargs.setdefault(
            "help_text",
            f"Sort by these keys, comma-separated; a leading - reverses one. Default: {names[0]}.",
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": f"Unknown ordering “%(value)s”. Allowed: {', '.join(names)}; "
                "prefix a name with - to reverse it."
            },
        )
        super().__init__(*args, fields=fields, **kwargs)

    def get_ordering_value(self, param):
        """The model fields of one name, e.g. "-barrier" → ["-barrier__number", "-order"]."""
        fields = self.param_map[param.removeprefix("-")]
        descending = param.startswith("-")
        return [
            self.ordered(field, descending)
            for field in ([fields] if isinstance(fields, str) else fields)
        ]

    def ordered(self, field, descending):
        if field in self.ignore_case:
            lower = Lower(field)
            return lower.desc() if descending else lower.asc()
        return f"{'-' if descending else ''}{field}"

    def filter(self, qs, value):
        if not value:
            return qs
        chosen = [field for param in value if param for field in self.get_ordering_value(param)]
        return qs.order_by(*chosen, *qs.model._meta.ordering)


class KnowledgeBaseFilterSet(django_filters.FilterSet):
    """A FilterSet with free-text `search` over the subclass's `search_fields`."""

    search_fields = ()

    search = SearchFilter()
