"""API representation of good practices.

`country_label` is the table's Country column exactly as printed; `countries` are the ISO
codes it names (EU for an EU-level initiative); `barriers` are the numbers of the barriers
under whose tables it is printed. `key_players`, `impact` and `transferability` follow the
report's regional template and stay "" where the report is silent. `transfer_profile` is the
editors' reading of the practice (`TRANSFER_PROFILE_NOTE`): each value with the words of the
practice it quotes, or "not stated" (a level `not-stated`, an empty list).
"""

from rest_framework import serializers

from bases.rest.fields import KeysThroughField, PrintedUrlField, SiteUrlField
from provenance.serializers import (
    PROVENANCE_FIELDS,
    FootnoteReferenceSerializer,
    ProvenanceSerializer,
)
from regions.models import Country
from regions.serializers import CountrySummarySerializer

from .models import TRANSFER_PROFILE_NOTE, GoodPractice, Kind, Level


class ListingBarrierSerializer(serializers.Serializer):
    """A barrier whose table lists the practice, shown as a summary of the barrier."""

    number = serializers.IntegerField(source="barrier.number", read_only=True)
    title = serializers.CharField(source="barrier.title", read_only=True)
    url = serializers.HyperlinkedRelatedField(
        source="barrier", view_name="api:barrier-detail", lookup_field="number", read_only=True
    )


class EditorialLinkSerializer(ListingBarrierSerializer):
    """A barrier the editors link the practice to, with why (not a printed table row)."""

    rationale = serializers.CharField(read_only=True)


RATIONALE_HELP = "The practice's own words it rests on, quoted exactly."


class ProfileLevelSerializer(serializers.Serializer):
    value = serializers.ChoiceField(
        source="level", choices=Level.choices, read_only=True, help_text="not-stated if none."
    )
    label = serializers.CharField(source="get_level_display", read_only=True)
    rationale = serializers.CharField(
        source="level_rationale", read_only=True, help_text=f'{RATIONALE_HELP} "" if not stated.'
    )


class ProfileKindSerializer(serializers.Serializer):
    value = serializers.ChoiceField(source="kind", choices=Kind.choices, read_only=True)
    label = serializers.CharField(source="get_kind_display", read_only=True)
    rationale = serializers.CharField(read_only=True, help_text=RATIONALE_HELP)


class ProfileActorSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="As printed in the practice's text.")
    rationale = serializers.CharField(read_only=True, help_text=RATIONALE_HELP)


class ProfilePreconditionSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True, help_text="The precondition, in a short phrase.")
    rationale = serializers.CharField(read_only=True, help_text=RATIONALE_HELP)


class TransferProfileSerializer(serializers.Serializer):
    """The editors' transfer profile of a practice; empty lists where its text states none."""

    level = ProfileLevelSerializer(source="*", read_only=True, help_text="The scale it works at.")
    kinds = ProfileKindSerializer(many=True, read_only=True, help_text="What it is.")
    actors = ProfileActorSerializer(
        many=True, read_only=True, help_text="Who runs, funds, leads or takes part in it."
    )
    preconditions = ProfilePreconditionSerializer(
        many=True, read_only=True, help_text="What its text says it rests on or needs."
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
        source="table_listings",
        path="barrier.number",
        child=serializers.IntegerField(),
        help_text="Numbers of the barriers whose good-practice tables list it.",
    )
    barriers_detail = ListingBarrierSerializer(source="table_listings", many=True, read_only=True)
    link = PrintedUrlField(
        max_length=500, allow_blank=True, required=False, help_text="The main URL, as printed."
    )
    references = FootnoteReferenceSerializer(many=True, read_only=True)
    barrier_links = EditorialLinkSerializer(
        source="editorial_listings",
        many=True,
        read_only=True,
        help_text="Barriers the editors link it to, with why; editorial, not the report's.",
    )
    part_of = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=GoodPractice.objects.all(),
        allow_null=True,
        required=False,
        help_text="Slug of the measure it is an action of, or null.",
    )
    parts = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of its actions."
    )
    transfer_profile = TransferProfileSerializer(
        source="*", read_only=True, help_text=TRANSFER_PROFILE_NOTE
    )

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
            "responsible_body",
            "objectives",
            "part_of",
            "parts",
            "barrier_links",
            "transfer_profile",
            *PROVENANCE_FIELDS,
        ]
