"""Reads without DRF's per-field overhead: the same representation, planned once per request.

Without the response cache, an API list spends most of its time not in SQL but in Python:
DRF looks up every field of every record anew (source attributes, `is_simple_callable`,
the context through `root`) and builds every hyperlink with `reverse()`, about 240 of them
per page of 50 practices. A `ReadPlan` walks a serializer's readable fields once and keeps,
for each, a function from record to value; links to detail views are built from the first
one `reverse()` gives in this request, with the key replaced; a relation prefetched as a
list (`bases.querysets.prefetch_list`) is read from that list.

The output is DRF's own, field for field: a field whose class overrides how DRF reads or
represents it is read through its own methods, and the plan applies only to serializers
whose `to_representation` is DRF's (tests/test_api_representation.py compares the two over
every resource).
"""

from collections.abc import Mapping
from operator import attrgetter
from urllib.parse import quote

from django.db.models.manager import BaseManager
from django.utils.http import RFC3986_SUBDELIMS
from rest_framework import serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.relations import (
    HyperlinkedRelatedField,
    ManyRelatedField,
    PKOnlyObject,
    RelatedField,
)

from bases.querysets import prefetched_name

# What reverse() leaves unquoted in a path (django.urls.resolvers).
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
UNKNOWN = object()


class Links:
    """The API's URLs for one request. A detail URL is its view's first URL in this request
    with the key replaced: every router route ends in `<key>/`, and the key is quoted as
    reverse() quotes it. A view whose URL does not end so is reversed link by link."""

    def __init__(self):
        self.templates = {}
        self.lists = {}

    def detail(self, view, key, resolve):
        """The URL of `key` in `view` (any hashable naming the view and format);
        `resolve(key)` is the slow way, called once per view."""
        template = self.templates.get(view, UNKNOWN)
        if template is UNKNOWN:
            url = resolve(key)
            self.templates[view] = split_at_key(url, key)
            return url
        if template is None:
            return resolve(key)
        head, tail = template
        return head + quote(str(key), safe=PATH_SAFE) + tail

    def list(self, view, resolve):
        """A URL without a key, e.g. a list's, resolved once per request."""
        if view not in self.lists:
            self.lists[view] = resolve()
        return self.lists[view]


def split_at_key(url, key):
    """(head, tail) around the key's path segment in `url`, or None."""
    if url is None:
        return None
    path, mark, query = url.partition("?")
    segment = "/" + quote(str(key), safe=PATH_SAFE) + "/"
    if not path.endswith(segment):
        return None
    return path[: len(path) - len(segment) + 1], "/" + mark + query


def links_of(context):
    """The `Links` of a serializer's context (one per request)."""
    links = context.get("links")
    if links is None:
        links = context["links"] = Links()
    return links


class PlannedReadsMixin:
    """A serializer whose reads go through a `ReadPlan`, built on first use and kept for
    the rest of the request (a list's child serializer represents every record)."""

    def to_representation(self, instance):
        plan = self.__dict__.get("_read_plan")
        if plan is None:
            plan = self._read_plan = ReadPlan(self, links_of(self.context))
        return plan.represent(instance)


def plannable(serializer):
    """Whether DRF's `Serializer.to_representation` is the one in use."""
    method = type(serializer).to_representation
    return method in (serializers.Serializer.to_representation, PlannedReadsMixin.to_representation)


class ReadPlan:
    def __init__(self, serializer, links):
        self.serializer, self.links = serializer, links
        self.readers = [
            (field.field_name, self.reader(field)) for field in serializer._readable_fields
        ]

    def represent(self, record):
        if isinstance(record, Mapping):  # DRF reads keys of a mapping, not attributes
            return serializers.Serializer.to_representation(self.serializer, record)
        result = {}
        for name, read in self.readers:
            try:
                result[name] = read(record)
            except SkipField:
                continue
        return result

    def reader(self, field):
        get = self.getter(field)
        convert = self.converter(field)

        def read(record):
            value = get(record)
            if value is None or (isinstance(value, PKOnlyObject) and value.pk is None):
                return None
            return convert(value)

        return read

    def getter(self, field):
        """record → attribute, as `field.get_attribute` gives it; a relation's records
        from the list `prefetch_list` made, when the queryset made one."""
        get = self.attribute_getter(field)
        many = isinstance(field, (ManyRelatedField, serializers.ListSerializer))
        if not (many and len(field.source_attrs) == 1):
            return get
        prefetched = prefetched_name(field.source_attrs[0])

        def get_related(record):
            try:
                return record.__dict__[prefetched]
            except (AttributeError, KeyError):
                return get(record)

        return get_related

    def attribute_getter(self, field):
        overridden = type(field).get_attribute not in (
            serializers.Field.get_attribute,
            RelatedField.get_attribute,
        )
        uses_pk_only = isinstance(field, RelatedField) and field.use_pk_only_optimization()
        if overridden or uses_pk_only or isinstance(field, ManyRelatedField):
            return field.get_attribute
        if not field.source_attrs:  # source="*": the record itself
            return lambda record: record
        fast = attrgetter(".".join(field.source_attrs))

        def get(record):
            try:
                value = fast(record)
            except Exception:  # a missing or failing attribute: DRF decides
                return field.get_attribute(record)
            return field.get_attribute(record) if is_simple_callable(value) else value

        return get

    def converter(self, field):
        """attribute → representation, as `field.to_representation` gives it."""
        kind = type(field)
        if (
            isinstance(field, serializers.ListSerializer)
            and plannable(field.child)
            and kind.to_representation is serializers.ListSerializer.to_representation
        ):
            return self.list_converter(ReadPlan(field.child, self.links))
        if isinstance(field, serializers.Serializer) and plannable(field):
            return ReadPlan(field, self.links).represent
        if isinstance(field, ManyRelatedField) and (
            kind.to_representation is ManyRelatedField.to_representation
        ):
            child = self.converter(field.child_relation)
            return lambda related: [child(item) for item in related]
        if isinstance(field, HyperlinkedRelatedField) and (
            kind.to_representation is HyperlinkedRelatedField.to_representation
            and kind.get_url is HyperlinkedRelatedField.get_url
        ):
            return self.link_converter(field)
        return field.to_representation

    @staticmethod
    def list_converter(plan):
        def convert(related):
            items = related.all() if isinstance(related, BaseManager) else related
            return [plan.represent(item) for item in items]

        return convert

    def link_converter(self, field):
        """DRF's hyperlink to a record (`HyperlinkedRelatedField.to_representation`)."""
        context = field.context
        request, format = context["request"], context.get("format")
        if format and field.format and field.format != format:
            format = field.format
        view = (field.view_name, field.lookup_url_kwarg, format)

        def resolve(key):
            kwargs = {field.lookup_url_kwarg: key}
            return field.reverse(field.view_name, kwargs=kwargs, request=request, format=format)

        def convert(record):
            if hasattr(record, "pk") and record.pk in (None, ""):
                return None
            url = self.links.detail(view, getattr(record, field.lookup_field), resolve)
            return serializers.Hyperlink(url, record)

        return convert
