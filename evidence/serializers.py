"""The evidence map and a region's recommended practices as DRF serializers, so the schema
types every field (docs/api.md describes them)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from barriers.models import EDITORIAL_MAPPING_NOTE
from bases.rest.fields import SiteUrlField
from practices.models import GoodPractice
from regions.serializers import RaisedBarrierSerializer

from .evidence_map import STRENGTH_BANDS


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.CharField):
    """A path of the site (`source` gives it) as an absolute URL of this request."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, path):
        return self.context["request"].build_absolute_uri(path)


class StrengthBandSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    at_least = serializers.IntegerField(help_text="Quotes + mapped challenges, at least.")
    label = serializers.CharField()


class RegionTotalSerializer(serializers.Serializer):
    slug = serializers.CharField(source="region.slug")
    name = serializers.CharField(source="region.name")
    country = serializers.CharField(source="region.country.code")
    url = SiteUrlField(source="region")
    barriers_raised_count = serializers.IntegerField(
        help_text="How many barriers the region raised in all (quoted on them, or a "
        "fact-sheet challenge mapped to them), whatever the category filter: the region's "
        "figure everywhere."
    )
    quotes = serializers.IntegerField()
    mapped_challenges = serializers.IntegerField(source="challenges")
    practices_from_country = serializers.IntegerField(source="practices")
    national_findings = serializers.IntegerField(source="findings")


class CellSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.slug")
    quotes = serializers.IntegerField()
    mapped_challenges = serializers.IntegerField(source="challenges")
    practices_from_country = serializers.IntegerField(source="practices")
    national_findings = serializers.IntegerField(source="findings")
    strength = serializers.IntegerField(help_text="The strength band's level.")
    strength_label = serializers.CharField()
    quotes_url = AbsoluteUrlField()
    challenges_url = AbsoluteUrlField()
    practices_url = AbsoluteUrlField()
    findings_url = AbsoluteUrlField()


class MapRowSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="barrier.number")
    title = serializers.CharField(source="barrier.title")
    url = SiteUrlField(source="barrier")
    regions_raising = serializers.IntegerField(source="region_count")
    quotes = serializers.IntegerField()
    mapped_challenges = serializers.IntegerField(source="challenges")
    practices_from_partner_countries = serializers.IntegerField(source="practices")
    national_findings = serializers.IntegerField(source="findings")
    cells = CellSerializer(many=True)


class MapCategorySerializer(serializers.Serializer):
    slug = serializers.CharField(source="category.slug")
    name = serializers.CharField(source="category.name")
    barriers = MapRowSerializer(source="rows", many=True)


class EvidenceMapSerializer(serializers.Serializer):
    editorial_note = serializers.SerializerMethodField()
    strength_bands = serializers.SerializerMethodField()
    region_count = serializers.IntegerField(
        help_text="How many partner regions there are, on every page."
    )
    next = serializers.URLField(allow_null=True, help_text="The next page of regions, or null.")
    previous = serializers.URLField(
        allow_null=True, help_text="The previous page of regions, or null."
    )
    regions = RegionTotalSerializer(
        source="totals", many=True, help_text="This page's regions: the map's columns."
    )
    categories = MapCategorySerializer(source="groups", many=True)

    def get_editorial_note(self, evidence) -> str:
        return EDITORIAL_MAPPING_NOTE

    @extend_schema_field(StrengthBandSerializer(many=True))
    def get_strength_bands(self, evidence):
        bands = [
            {"level": level, "at_least": lowest, "label": label}
            for lowest, level, label in STRENGTH_BANDS
        ]
        return StrengthBandSerializer(bands, many=True).data


class RecommendedPracticeSerializer(serializers.ModelSerializer):
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:practice-detail", lookup_field="slug")

    class Meta:
        model = GoodPractice
        fields = ["slug", "name", "countries", "url"]


class PracticeMatchSerializer(serializers.Serializer):
    """`instance`: a `RankedMatch`."""

    rank = serializers.IntegerField()
    count = serializers.IntegerField(
        source="match.count",
        help_text="How many of the barriers in question (raised, or chosen) it addresses.",
    )
    reason = serializers.CharField()
    barriers = RaisedBarrierSerializer(source="match.barriers", many=True)
    practice = RecommendedPracticeSerializer(source="match.practice")


class RecommendationsSerializer(serializers.Serializer):
    """`instance`: a `Recommendations`."""

    region = serializers.CharField(source="region.slug")
    region_url = serializers.HyperlinkedRelatedField(
        source="region", view_name="api:region-detail", lookup_field="slug", read_only=True
    )
    ranking = serializers.CharField()
    editorial_note = serializers.CharField()
    barriers_raised = RaisedBarrierSerializer(source="raised", many=True)
    barriers_chosen = RaisedBarrierSerializer(
        source="chosen",
        many=True,
        help_text="The barriers of `barrier=`, which the ranking then uses instead of those "
        "raised (whether the region raised each one, and how); empty when none were chosen.",
    )
    count = serializers.IntegerField(help_text="How many practices match, on every page.")
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null.")
    results = PracticeMatchSerializer(many=True)
