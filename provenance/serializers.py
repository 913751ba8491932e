"""API representations of sources, and the provenance every transcribed record shows.

Convention of the whole API: a field naming another record holds that record's key
(`source`: "d6-1"), and `<field>_detail` holds a summary of it (its key, name and `url`), so
a client can show a list without following links.
"""

from rest_framework import serializers

from bases.rest.fields import PrintedUrlField
from bases.rest.serializers import RuleCheckedSerializer

from .models import Source

PROVENANCE_FIELDS = ["source", "source_detail", "section", "note"]


class SourceSerializer(RuleCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")

    class Meta:
        model = Source
        fields = [
            "url",
            "slug",
            "title",
            "title_note",
            "short_title",
            "publisher",
            "published",
            "identifier",
            "language",
            "description",
            "order",
        ]


class SourceSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")

    class Meta:
        model = Source
        fields = ["slug", "short_title", "url"]


class ProvenanceSerializer(RuleCheckedSerializer):
    """Where a record comes from: `source` (the document's slug), `source_detail`, `section`
    (where in the document) and `note` (the transcription note, "" when there is none).
    Subclasses list PROVENANCE_FIELDS in their fields."""

    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all())
    source_detail = SourceSummarySerializer(source="source", read_only=True)


class FootnoteReferenceSerializer(serializers.Serializer):
    """A footnote the report prints for a record (read-only)."""

    footnote = serializers.IntegerField(read_only=True, allow_null=True)
    text = serializers.CharField(read_only=True)
    url = PrintedUrlField(read_only=True)
