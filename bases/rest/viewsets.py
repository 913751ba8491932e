"""The base of every resource's viewset."""

from django.db import transaction
from rest_framework import viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.routers import APIRootView

from .concurrency import IfMatchMixin
from .pagination import whole_table
from .renderers import streamed_csv


class KnowledgeBaseViewSet(IfMatchMixin, viewsets.ModelViewSet):
    """Reads for anyone, writes for staff (see the settings' permission class). A write is
    one transaction, and its response shows the record as a read would, through the same
    shaped queryset; a write to a record sends its ETag in If-Match (concurrency.py). A list
    asked for as CSV answers whole, streamed (bases.rest.renderers)."""

    def list(self, request, *args, **kwargs):
        if whole_table(request):
            records = self.filter_queryset(self.get_queryset())
            return streamed_csv(request, self.get_serializer(), records)
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        self.save_and_reread(serializer)

    def perform_update(self, serializer):
        self.save_and_reread(serializer)

    def save_and_reread(self, serializer):
        with transaction.atomic():
            record = serializer.save()
        serializer.instance = self.get_queryset().get(pk=record.pk)


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
