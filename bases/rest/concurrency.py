"""Optimistic concurrency for API writes: `If-Match` against the record's `ETag`.

A record's tag names its representation's data (a hash of the serialized fields in the
format asked for, whatever the encoding), so the tag a detail `GET` answers is the one a write
must send back. A write compares it with the record as it is now, under a row lock held
until the write commits: of two writes sent with the same tag, the second waits for the
first, then finds the tag changed and answers 412. Staff writes to a record without
`If-Match` answer 428: a write that cannot say which version it changes could overwrite
an edit it never saw. `If-Match: *` overwrites whatever version is current, on purpose.
See docs/api.md, "Writes that do not overwrite".
"""

import hashlib
import json
from contextlib import contextmanager

from django.db import router, transaction
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.utils.encoders import JSONEncoder

HOW_TO_GET_THE_TAG = (
    "GET the record first and send its ETag header back in If-Match "
    "(or If-Match: * to overwrite whatever version is current)."
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it: " + HOW_TO_GET_THE_TAG
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428  # RFC 6585
    default_detail = "A write to a record needs If-Match: " + HOW_TO_GET_THE_TAG
    default_code = "precondition_required"


def etag_of(data, format):
    """The strong tag of a record's serialized data in one format (JSON, CSV…): a format's
    representation is another, and so has another tag."""
    canonical = json.dumps([format, data], cls=JSONEncoder, sort_keys=True, ensure_ascii=False)
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


def requested_tags(header):
    """The tags of an If-Match header; a weak tag (`W/"…"`, a compressed answer's) names the
    same data as its strong form, since the tag is of the data, not of the bytes sent."""
    tags = set()
    for tag in header.split(","):
        tag = tag.strip()
        tags.add(tag.removeprefix("W/"))
    return tags - {""}


class IfMatchMixin:
    """For a ModelViewSet: detail reads carry the record's tag; PUT, PATCH and DELETE check
    `If-Match` against it in the write's own transaction, the row locked."""

    def tagged(self, response):
        """`response` (a record's read, or the answer to its write) with the record's tag."""
        response["ETag"] = etag_of(response.data, self.request.accepted_renderer.format)
        return response

    def retrieve(self, request, *args, **kwargs):
        return self.tagged(super().retrieve(request, *args, **kwargs))

    def update(self, request, *args, **kwargs):
        with self.precondition_checked():
            response = super().update(request, *args, **kwargs)
        if response.status_code == 200:  # the tag of the version written, for the next write
            self.tagged(response)
        return response

    def destroy(self, request, *args, **kwargs):
        with self.precondition_checked():
            return super().destroy(request, *args, **kwargs)

    @contextmanager
    def precondition_checked(self):
        """The write's transaction, entered once `If-Match` holds for the locked row."""
        header = self.request.headers.get("If-Match")
        if header is None:
            self.get_object()  # a missing record is a 404, not a 428
            raise PreconditionRequired()
        model = self.get_queryset().model
        with transaction.atomic(using=router.db_for_write(model)):
            record = self.get_object()
            # The lock first, then the read that is compared: a write committed meanwhile
            # is seen, and one that comes after waits for this one to commit.
            model._default_manager.select_for_update().filter(pk=record.pk).exists()
            tags = requested_tags(header)
            if "*" not in tags and not tags & self.current_tags():
                raise PreconditionFailed()
            yield

    def current_tags(self):
        """The record's tag as JSON and the browsable API show it (a CSV's links keep their
        `?format=csv`, so its data differ): either names this version."""
        data = self.get_serializer(self.get_object()).data
        return {etag_of(data, renderer.format) for renderer in self.get_renderers()}
