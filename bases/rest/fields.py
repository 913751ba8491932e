"""Serializer fields for links and keys, read from what the shaped querysets already loaded
(no field here runs a query of its own)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_attribute
from rest_framework.reverse import reverse
from rest_framework.utils.urls import replace_query_param


@extend_schema_field(OpenApiTypes.STR)
class ChildKeyField(serializers.Field):
    """The `ChildKey` of a record, e.g. "5-3"."""

    def __init__(self, child_key, **kwargs):
        self.child_key = child_key
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return self.child_key.of(record)


@extend_schema_field(OpenApiTypes.URI)
class ChildKeyUrlField(serializers.Field):
    """The absolute URL of a record keyed by `ChildKey`."""

    def __init__(self, child_key, view_name, **kwargs):
        self.child_key, self.view_name = child_key, view_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        request = self.context.get("request")
        return reverse(self.view_name, args=[self.child_key.of(record)], request=request)


@extend_schema_field(OpenApiTypes.URI)
class SiteUrlField(serializers.Field):
    """The record's page on the site (its `get_absolute_url`), as an absolute URL; the
    serialized record's own unless `source` names another."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, record):
        request = self.context.get("request")
        path = record.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


@extend_schema_field(OpenApiTypes.URI)
class FilteredListUrlField(serializers.Field):
    """A list of the API filtered to this record, e.g. a barrier's `quotes_url`
    (…/quotes/?barrier=5)."""

    def __init__(self, view_name, parameter, key, **kwargs):
        self.view_name, self.parameter, self.key = view_name, parameter, key
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        url = reverse(self.view_name, request=self.context.get("request"))
        # The URL may already carry `?format=…` (links keep the format asked for).
        return replace_query_param(url, self.parameter, getattr(record, self.key))


class KeysThroughField(serializers.ListField):
    """The keys of records reached through a prefetched relation, in its order, e.g. a
    barrier's practices (slugs) through the rows of its good-practice table:
    `KeysThroughField(source="listings", path="practice.slug")`."""

    def __init__(self, path, **kwargs):
        self.path = path.split(".")
        kwargs.setdefault("child", serializers.CharField())
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, related):
        items = related.all() if hasattr(related, "all") else related  # a manager or a list
        return [self.child.to_representation(get_attribute(item, self.path)) for item in items]


class PrintedUrlField(serializers.CharField):
    """A URL as the report prints it. The schema promises a string, not a strict RFC 3986
    URI: some printed URLs are not (a `|` in a fragment). Writes are still checked by the
    model's URL validation (`full_clean`)."""
