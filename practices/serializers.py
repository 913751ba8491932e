"""API representation of good practices.

`country_label` is the table's Country column exactly as printed; `countries` are the ISO
codes it names (EU for an EU-level initiative); `barriers` are the numbers of the barriers
under whose tables it is printed. `key_players`, `impact` and `transferability` follow the
report's regional template and stay "" where the report is silent.
"""

from rest_framework import serializers

from preciseu_kb.rest.fields import KeysThroughField, PrintedUrlField, SiteUrlField
from provenance.serializers import (
    PROVENANCE_FIELDS,
    FootnoteReferenceSerializer,
    ProvenanceSerializer,
)
from regions.models import Country
from regions.serializers import CountrySummarySerializer

from .models import GoodPractice


class ListingBarrierSerializer(serializers.Serializer):
    """A barrier whose table lists the practice, shown as a summary of the barrier."""

    number = serializers.IntegerField(source="barrier.number", read_only=True)
    title = serializers.CharField(source="barrier.title", read_only=True)
    url = serializers.HyperlinkedRelatedField(
        source="barrier", view_name="api:barrier-detail", lookup_field="number", read_only=True
    )


class PracticeSerializer(ProvenanceSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:practice-detail", lookup_field="slug")
    site_url = SiteUrlField()
    countries = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Country.objects.all(),
        help_text="ISO 3166-1 alpha-2 codes of the Country column; EU for EU-level.",
    )
    countries_detail = CountrySummarySerializer(source="countries", many=True, read_only=True)
    barriers = KeysThroughField(
        source="listings",
        path="barrier.number",
        child=serializers.IntegerField(),
        help_text="Numbers of the barriers whose good-practice tables list it.",
    )
    barriers_detail = ListingBarrierSerializer(source="listings", many=True, read_only=True)
    link = PrintedUrlField(
        max_length=500, allow_blank=True, required=False, help_text="The main URL, as printed."
    )
    references = FootnoteReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = GoodPractice
        fields = [
            "url",
            "site_url",
            "slug",
            "name",
            "description",
            "country_label",
            "countries",
            "countries_detail",
            "locality",
            "link",
            "barriers",
            "barriers_detail",
            "key_players",
            "impact",
            "transferability",
            "references",
            *PROVENANCE_FIELDS,
        ]
