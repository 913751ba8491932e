"""The shared FilterSets as an API filter backend, and their parameters in the schema.

The FilterSets themselves live in each app's `filters.py` (the site uses them too); an
invalid one becomes a 400 problem naming the parameter (bases.rest.exceptions), e.g.
`"errors": {"barrier": ["Unknown barrier number “99”. Allowed: 1, 2, …"]}`.
"""

import datetime
import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import CharFilter, IsoDateTimeFilter
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from rest_framework.exceptions import ValidationError

from bases.facets import FACETS_PARAMETER, accepted, requested_facets
from bases.filters import KeyFilter


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, in UTC: PostgreSQL refuses offsets Python accepts (-23:46 was a 500),
    and a time whose UTC is out of range is a 400."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise DjangoValidationError("Enter a time within years 1 to 9999.") from None


class SinceFilter(IsoDateTimeFilter):
    field_class = UTCDateTimeField


def sync_filters():
    """The API's filters for keeping a copy in sync (docs/api.md, "For partners"), beside
    each resource's own: the site's lists, which share the FilterSets, have no use for them."""
    return {
        "modified_since": SinceFilter(
            field_name="modified",
            lookup_expr="gte",
            help_text="Only the records created or modified at or after this time (ISO 8601, "
            "e.g. 2026-12-01T00:00:00Z). Deletions are in /api/v1/changes/.",
        )
    }


class KnowledgeBaseFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with the sync filters; a subclass so that the schema
    extension below applies. The valid FilterSet stays on the view (`view.filterset`), for
    its facet counts."""

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None or "modified" not in {
            f.name for f in filterset_class._meta.model._meta.fields
        }:
            return filterset_class
        return with_sync_filters(filterset_class)

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        view.filterset = filterset
        return filterset.qs


class KnowledgeBaseFilterExtension(DjangoFilterExtension):
    """Adds what the generic extension cannot know: the form of the keys a `KeyFilter`
    accepts (a pattern and an example, not the keys that exist: the schema must not change
    when an editor adds a record) and the length limit of text filters."""

    target_class = KnowledgeBaseFilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        filterset_class = getattr(auto_schema.view, "filterset_class", None)
        if accepted(filterset_class):
            parameters.append(facets_parameter(filterset_class))
        return parameters

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            if isinstance(filter_field, KeyFilter):
                parameter["schema"]["items"] = dict(filter_field.key_schema)
                if parameter.get("description") in (None, "", filter_field.label):
                    noun = filter_field.extra["noun"]
                    parameter["description"] = (
                        f"Only records of any of these: one {noun} or several (repeated, or "
                        "comma-separated). An unknown one is a 400 listing those there are."
                    )
            elif isinstance(filter_field, CharFilter) and filter_field.extra.get("max_length"):
                parameter["schema"]["maxLength"] = filter_field.extra["max_length"]
        return parameters


@functools.cache
def with_sync_filters(filterset_class):
    """`filterset_class` with the sync filters (one class each, made once)."""
    return type(filterset_class.__name__, (filterset_class,), sync_filters())


def facets_asked_for(request, filterset_class):
    """The facet names of `?facets=`, or a 400 naming the facets the list accepts."""
    raw = request.query_params.getlist(FACETS_PARAMETER)
    try:
        return requested_facets(filterset_class, raw)
    except DjangoValidationError as error:
        raise ValidationError({FACETS_PARAMETER: error.messages}) from None


def facets_parameter(filterset_class):
    """The `facets` query parameter of a list whose FilterSet declares facets, for the schema."""
    names = list(accepted(filterset_class))
    return {
        "name": FACETS_PARAMETER,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "items": {"type": "string", "enum": names}},
        "description": "Count the records per value of these filters, comma-separated: the "
        "response's `facets` gives, for each, every value with records and how many, counting "
        "with the other filters chosen but not the facet's own. An unknown name is a 400.",
    }


def facets_schema(filterset_class):
    """The `facets` object of a list's response, as a schema component's body."""
    model = filterset_class._meta.model._meta.verbose_name
    return {
        "type": "object",
        "description": f"Per facet asked for with `facets`: each value (the key the filter "
        f"takes) → the number of {model} records the list would hold with it, the other "
        "filters kept. Values without records are left out.",
        # One shared type for every facet's counts (bases.rest.schema.FACET_COUNTS), not a
        # model per facet in a generated client.
        "properties": {
            name: {
                "$ref": "#/components/schemas/FacetCounts",
                "description": f"{name} → count, as `?{name}=` takes it.",
            }
            for name in accepted(filterset_class)
        },
    }
