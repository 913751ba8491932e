"""The base of every resource's viewset."""

from django.db import transaction
from django.db.models import Max
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import APIRootView

from bases.facets import facet_counts
from bases.history import REASON_MAX_LENGTH, change_reason, versions_of

from .concurrency import IfMatchMixin
from .filtering import facets_asked_for
from .pagination import whole_table
from .renderers import streamed_csv

REASON_HEADER = "X-Change-Reason"
DEFAULT_API_REASON = "Edited through the API"

REASON_PARAMETER = OpenApiParameter(
    REASON_HEADER,
    str,
    OpenApiParameter.HEADER,
    description="Why the record changes: shown publicly with the change on its history "
    f"(at most {REASON_MAX_LENGTH} characters; “{DEFAULT_API_REASON}” when not given).",
)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name in the database.")
    label = serializers.CharField(help_text="What the field is called.")
    old = serializers.JSONField(required=False, help_text="Absent for a link to a record.")
    new = serializers.JSONField(required=False, help_text="Absent for a link to a record.")


class VersionSerializer(serializers.Serializer):
    date = serializers.DateTimeField()
    action = serializers.ChoiceField(["created", "updated", "deleted"])
    changes = FieldChangeSerializer(many=True, help_text="Empty for the first version.")
    reason = serializers.CharField()
    by = serializers.ChoiceField(
        ["staff", "system"], help_text="An editor (never named), or a load of the fixtures."
    )


def last_modified(queryset):
    """When the records of `queryset` last changed, deletions of the model's records
    included (a deletion changes a list); None for an empty table never written to."""
    model = queryset.model
    times = [
        queryset.aggregate(latest=Max("modified"))["latest"],
        model.history.filter(history_type="-").aggregate(latest=Max("history_date"))["latest"],
    ]
    times = [time for time in times if time is not None]
    return max(times) if times else None


def with_last_modified(response, time):
    """`Last-Modified`, which `ConditionalGetMiddleware` answers If-Modified-Since with."""
    if time is not None:
        response["Last-Modified"] = http_date(time.timestamp())
    return response


class KnowledgeBaseViewSet(IfMatchMixin, viewsets.ModelViewSet):
    """Reads for anyone, writes for staff (see the settings' permission class). A write is
    one transaction, and its response shows the record as a read would, through the same
    shaped queryset; a write to a record sends its ETag in If-Match (concurrency.py). A list
    asked for as CSV answers whole, streamed (bases.rest.renderers). Every write is a version
    of the record, with the reason the `X-Change-Reason` header gives (bases.history); lists
    and entries say when they last changed (`Last-Modified`)."""

    def list(self, request, *args, **kwargs):
        facets = facets_asked_for(request, getattr(self, "filterset_class", None))
        if whole_table(request):
            records = self.filter_queryset(self.get_queryset())
            return streamed_csv(request, self.get_serializer(), records)
        records = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(records)
        if page is None:
            response = Response(self.get_serializer(records, many=True).data)
        else:
            response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        if facets and isinstance(response.data, dict):
            # One query per facet, beside the page (bases.facets).
            response.data["facets"] = facet_counts(self.filterset, facets)
        return with_last_modified(response, last_modified(records))

    def retrieve(self, request, *args, **kwargs):
        # ModelViewSet's read, keeping the record for its time; tagged as IfMatchMixin does.
        record = self.get_object()
        response = self.tagged(Response(self.get_serializer(record).data))
        return with_last_modified(response, record.modified)

    @extend_schema(
        responses=VersionSerializer(many=True),
        summary="The record's versions, newest first",
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, *args, **kwargs):
        """Every version of the record: when, what happened, the fields changed and why."""
        record = self.get_object()
        data = VersionSerializer(versions_of(record), many=True).data
        return with_last_modified(Response(data), record.modified)

    @extend_schema(parameters=[REASON_PARAMETER])
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(parameters=[REASON_PARAMETER])
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(parameters=[REASON_PARAMETER])
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(parameters=[REASON_PARAMETER])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer):
        self.save_and_reread(serializer)

    def perform_update(self, serializer):
        self.save_and_reread(serializer)

    def perform_destroy(self, instance):
        with transaction.atomic(), change_reason(self.change_reason()):
            instance.delete()

    def save_and_reread(self, serializer):
        with transaction.atomic(), change_reason(self.change_reason()):
            record = serializer.save()
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def change_reason(self):
        reason = self.request.headers.get(REASON_HEADER, "").strip()
        if len(reason) > REASON_MAX_LENGTH:
            raise ValidationError(
                {REASON_HEADER: [f"At most {REASON_MAX_LENGTH} characters, not {len(reason)}."]}
            )
        return reason or DEFAULT_API_REASON


class ChildKeyViewSet(KnowledgeBaseViewSet):
    """A resource keyed by `child_key` (a `ChildKey`), e.g. /quotes/5-3/; subclasses set
    `lookup_value_regex = child_key.pattern` for the router."""

    child_key = None
    lookup_field = "key"

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        record = get_object_or_404(queryset, **self.child_key.lookup(self.kwargs["key"]))
        self.check_object_permissions(self.request, record)
        return record


class KnowledgeBaseRootView(APIRootView):
    """The PRECISEU knowledge base: barriers to personalised medicine in Europe, the
    regions that raised them and the good practices that address them. Each link below is
    a resource; /api/docs/ documents them all."""
