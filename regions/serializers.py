"""API representations of countries, partner regions and their fact-sheet challenges.

`interviews` (Tab. 3) and `workshop` (Tab. 4) group the region's figures as the report's
tables do; `workshop` is null for a region that held expert consultations instead
(`engagement` says which, `engagement_note` what the report says about it).
"""

from django.apps import apps
from rest_framework import serializers

from bases.rest.fields import (
    ChildKeyField,
    ChildKeyUrlField,
    FilteredListUrlField,
    SiteUrlField,
)
from bases.rest.serializers import RuleCheckedSerializer
from provenance.serializers import PROVENANCE_FIELDS, ProvenanceSerializer

from .models import CHALLENGE_KEY, INTERVIEW_GROUP_LABELS, Country, Region, RegionalChallenge


class CountrySummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:country-detail", lookup_field="code")

    class Meta:
        model = Country
        fields = ["code", "name", "url"]


class RegionSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="slug")

    class Meta:
        model = Region
        fields = ["slug", "name", "url"]


class CountrySerializer(RuleCheckedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:country-detail", lookup_field="code")
    site_url = SiteUrlField(help_text="The site's list of good practices from the country.")
    partner_region = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The country's partner region, null if it has none (set on the region).",
    )
    partner_region_detail = RegionSummarySerializer(
        source="partner_region", read_only=True, allow_null=True
    )
    practice_count = serializers.IntegerField(read_only=True)
    practices_url = FilteredListUrlField("api:practice-list", "country", "code")

    class Meta:
        model = Country
        fields = [
            "url",
            "site_url",
            "code",
            "name",
            "partner_region",
            "partner_region_detail",
            "practice_count",
            "practices_url",
        ]


def interview_group_field(group):
    """One stakeholder group's column of Tab. 3; null where the report leaves it blank."""
    return serializers.IntegerField(
        source=f"interviews_{group}",
        min_value=0,
        allow_null=True,
        required=False,
        help_text=f"{INTERVIEW_GROUP_LABELS[group]}.",
    )


class InterviewsSerializer(serializers.Serializer):
    """Tab. 3: interviews in all and per stakeholder group; null where the cell is blank."""

    total = serializers.IntegerField(source="interviews_total", min_value=0)
    industry = interview_group_field("industry")
    healthcare = interview_group_field("healthcare")
    research = interview_group_field("research")
    public = interview_group_field("public")


NO_WORKSHOP = {"workshop_participants": None, "workshop_format": "", "workshop_organizers": ""}


class WorkshopSerializer(serializers.Serializer):
    """Tab. 4: the region's validation workshop; null when it held none."""

    participants = serializers.IntegerField(source="workshop_participants", min_value=0)
    format = serializers.ChoiceField(
        source="workshop_format", choices=Region.WorkshopFormat.choices
    )
    organizers = serializers.CharField(
        source="workshop_organizers", max_length=300, trim_whitespace=False
    )

    def to_representation(self, region):
        if region.engagement != Region.Engagement.WORKSHOP:
            return None
        return super().to_representation(region)

    def validate_empty_values(self, data):
        # Writing null clears the workshop's figures (for a region with consultations).
        if data is None:
            return True, dict(NO_WORKSHOP)
        return super().validate_empty_values(data)


class ChallengeInRegionSerializer(serializers.ModelSerializer):
    key = ChildKeyField(CHALLENGE_KEY)
    url = ChildKeyUrlField(CHALLENGE_KEY, "api:challenge-detail")

    class Meta:
        model = RegionalChallenge
        fields = ["key", "url", "order", "title", "text"]


class RaisedBarrierSerializer(serializers.Serializer):
    """A barrier a region raised (or one chosen for it), and how the region raised it."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    quoted = serializers.BooleanField(help_text="The region is quoted on it.")
    mapped = serializers.BooleanField(
        help_text="A challenge of its fact sheet is mapped to it (editorial)."
    )


def with_barriers_raised(regions):
    """`regions` (a list), each with `barriers_raised` (`BarrierQuerySet.raised_by`), read in
    one query for all of them."""
    # The barriers app's models import this app's: named, not imported.
    barriers = apps.get_model("barriers", "Barrier").objects
    missing = [region for region in regions if not hasattr(region, "barriers_raised")]
    raised = barriers.raised_by_each(missing)
    for region in missing:
        region.barriers_raised = raised[region.pk]
    return regions


class RegionListSerializer(serializers.ListSerializer):
    """A page of regions: the barriers each raised, read in one query for the whole page."""

    def to_representation(self, data):
        regions = list(data.all() if hasattr(data, "all") else data)
        return super().to_representation(with_barriers_raised(regions))


class RegionSerializer(ProvenanceSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="slug")
    site_url = SiteUrlField()
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    country_detail = CountrySummarySerializer(source="country", read_only=True)
    attributions = serializers.ListField(
        child=serializers.CharField(max_length=100),
        help_text="The names its quotes are attributed to, e.g. Greece and Crete.",
    )
    variants = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        help_text="The other forms in which the report prints the region's name; the note "
        "says where.",
    )
    interviews = InterviewsSerializer(source="*")
    workshop = WorkshopSerializer(source="*", allow_null=True)
    challenges = ChallengeInRegionSerializer(many=True, read_only=True)
    challenge_count = serializers.IntegerField(read_only=True)
    quote_count = serializers.IntegerField(read_only=True)
    barriers_raised_count = serializers.IntegerField(
        read_only=True,
        help_text="How many barriers the region raised: quoted on them, or a fact-sheet "
        "challenge of the region mapped to them (editorial). The site shows the same figure.",
    )
    barriers_raised = RaisedBarrierSerializer(
        many=True,
        read_only=True,
        help_text="The barriers the region raised, in number order, and how.",
    )
    quotes_url = FilteredListUrlField("api:quote-list", "region", "slug")
    barriers_url = FilteredListUrlField("api:barrier-list", "region", "slug")
    practices_url = FilteredListUrlField("api:practice-list", "region", "slug")

    class Meta:
        model = Region
        fields = [
            "url",
            "site_url",
            "slug",
            "name",
            "country",
            "country_detail",
            "order",
            "attributions",
            "factsheet_label",
            "variants",
            "overview",
            "interviews",
            "engagement",
            "workshop",
            "engagement_note",
            "challenges",
            "challenge_count",
            "quote_count",
            "barriers_raised_count",
            "barriers_raised",
            "quotes_url",
            "barriers_url",
            "practices_url",
            *PROVENANCE_FIELDS,
        ]
        list_serializer_class = RegionListSerializer

    def to_representation(self, region):
        # A page of regions has them already (RegionListSerializer); one region, one query.
        with_barriers_raised([region])
        return super().to_representation(region)

    def prepare_records(self, regions):
        """For a whole list asked for as CSV (bases.rest.renderers.streamed_csv)."""
        return with_barriers_raised(regions)


class ChallengeSerializer(ProvenanceSerializer):
    url = ChildKeyUrlField(CHALLENGE_KEY, "api:challenge-detail")
    key = ChildKeyField(CHALLENGE_KEY)
    site_url = SiteUrlField()
    region = serializers.SlugRelatedField(slug_field="slug", queryset=Region.objects.all())
    region_detail = RegionSummarySerializer(source="region", read_only=True)

    class Meta:
        model = RegionalChallenge
        fields = [
            "url",
            "key",
            "site_url",
            "region",
            "region_detail",
            "order",
            "title",
            "text",
            *PROVENANCE_FIELDS,
        ]
