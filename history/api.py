"""/api/v1/changes/: every creation, update and deletion, oldest first, from a cursor.

A cursor is opaque to clients and names a place in the feed: the changes after it. Each
answer gives the cursor after its last change (`cursor`), so that a client keeps it and asks
again later from there, whether or not more pages follow; changes made since are appended
after it, never before, so a kept cursor stays good (docs/api.md, "For partners").
"""

import base64
import binascii

from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from bases.rest.pagination import whole_number

from .kinds import kind_named
from .models import Change

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
CURSOR_PREFIX = "after:"


def encode_cursor(change_id):
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{change_id}".encode()).decode().rstrip("=")


def decode_cursor(raw):
    """The id a cursor stands after, or a 400 naming the parameter."""
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    number = text.removeprefix(CURSOR_PREFIX)
    if not text.startswith(CURSOR_PREFIX) or not (number.isascii() and number.isdigit()):
        raise ValidationError(
            {"cursor": [f"“{raw}” is not a cursor this API gave: use a `cursor` it answered."]}
        )
    return int(number)


def latest_cursor():
    """The cursor after the latest change: where a client that holds everything now starts."""
    return encode_cursor(Change.objects.aggregate(latest=Max("id"))["latest"] or 0)


def api_url(request, change):
    """The resource's API entry; None for a deletion."""
    kind = kind_named(change.kind)
    if change.action == Change.Action.DELETED or kind is None:
        return None
    try:
        return request.build_absolute_uri(reverse(kind.api_detail, args=[change.key]))
    except NoReverseMatch:
        return None


class ChangeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The resource's entry; null once deleted.")

    class Meta:
        model = Change
        fields = ["kind", "key", "action", "time", "reason", "url"]

    def get_url(self, change) -> str | None:
        return api_url(self.context["request"], change)


class ChangesPageSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="The cursor after the last change of this page.")
    next = serializers.URLField(allow_null=True, help_text="The next page; null at the end.")
    results = ChangeSerializer(many=True)


class ChangesView(APIView):
    """Every creation, update and deletion of a record, oldest first: the resource's kind
    (its list's name, singular) and key, what happened, when and why. A change to what a
    resource shows of another record (a barrier's sub-section, a practice's kind) is an
    update of that resource. Keep `cursor` and ask with it later for what changed since."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "cursor", str, description="Changes after this place (a `cursor` answered)."
            ),
            OpenApiParameter(
                "page_size", int, description=f"1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE})."
            ),
        ],
        responses=ChangesPageSerializer,
    )
    def get(self, request):
        raw = request.query_params.get("cursor")
        after = decode_cursor(raw) if raw is not None else 0
        size = whole_number(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        changes = list(Change.objects.filter(id__gt=after).order_by("id")[: size + 1])
        more, changes = len(changes) > size, changes[:size]
        cursor = encode_cursor(changes[-1].id) if changes else encode_cursor(after)
        next_url = None
        if more:
            next_url = request.build_absolute_uri(f"{request.path}?cursor={cursor}")
            if "page_size" in request.query_params:
                next_url += f"&page_size={size}"
        context = {"request": request}
        results = ChangeSerializer(changes, many=True, context=context).data
        return Response({"cursor": cursor, "next": next_url, "results": results})
