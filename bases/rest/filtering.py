"""The shared FilterSets as an API filter backend, and their parameters in the schema.

The FilterSets themselves live in each app's `filters.py` (the site uses them too); an
invalid one becomes a 400 whose body is keyed by parameter, e.g.
{"barrier": ["Unknown barrier number “99”. Allowed: 1, 2, …"]}.
"""

import functools

from django.db import DatabaseError
from django_filters import CharFilter, IsoDateTimeFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from bases.filters import KeyFilter


def sync_filters():
    """The API's filters for keeping a copy in sync (docs/api.md, "For partners"), beside
    each resource's own: the site's lists, which share the FilterSets, have no use for them."""
    return {
        "modified_since": IsoDateTimeFilter(
            field_name="modified",
            lookup_expr="gte",
            help_text="Only the records created or modified at or after this time (ISO 8601, "
            "e.g. 2026-12-01T00:00:00Z). Deletions are in /api/v1/changes/.",
        )
    }


class KnowledgeBaseFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with the sync filters; a subclass so that the schema
    extension below applies."""

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None or "modified" not in {
            f.name for f in filterset_class._meta.model._meta.fields
        }:
            return filterset_class
        return with_sync_filters(filterset_class)


class KnowledgeBaseFilterExtension(DjangoFilterExtension):
    """Adds what the generic extension cannot know: the keys a `KeyFilter` accepts (read
    from the database, so the schema lists the records that exist) and the length limit of
    text filters."""

    target_class = KnowledgeBaseFilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            if isinstance(filter_field, KeyFilter):
                self.add_keys(parameter["schema"], allowed_keys(filter_field))
            elif isinstance(filter_field, CharFilter) and filter_field.extra.get("max_length"):
                parameter["schema"]["maxLength"] = filter_field.extra["max_length"]
        return parameters

    @staticmethod
    def add_keys(schema, keys):
        if keys:  # an empty database has none, and OpenAPI forbids an empty enum
            schema["items"] = {"type": schema["items"]["type"], "enum": keys}


@functools.cache
def with_sync_filters(filterset_class):
    """`filterset_class` with the sync filters (one class each, made once)."""
    return type(filterset_class.__name__, (filterset_class,), sync_filters())


def allowed_keys(key_filter):
    """The keys that exist; none before the database is migrated, so that the schema (and
    `check --deploy`, which builds it) works on a new deployment before `migrate`."""
    queryset = key_filter.extra["queryset"]
    try:
        return list(queryset.values_list(key_filter.extra["to_field_name"], flat=True))
    except DatabaseError:
        return []
