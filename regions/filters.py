"""FilterSets of the regions app, shared by the site lists and the API lists."""

from bases.filters import KeyFilter, KeyOrderingFilter, KnowledgeBaseFilterSet, YesNoFilter
from provenance.filters import SourceKeyFilter

from .models import Country, Region, RegionalChallenge


class CountryKeyFilter(KeyFilter):
    """Countries by ISO code, in any letter case. The drop-down, which may list hundreds,
    reads only the code and the name its options show."""

    defaults = {
        "queryset": Country.objects.only("code", "name").order_by("code"),
        "to_field_name": "code",
        "noun": "country code",
        "label": "Country",
        "normalize": str.upper,
        "any_label": "Any country",
    }
    # ISO 3166-1 alpha-2 (and "EU"), in any letter case.
    key_schema = {"type": "string", "pattern": "^[A-Za-z]{2}$", "example": "ES"}


class RegionKeyFilter(KeyFilter):
    """Partner regions by slug. The drop-down, which may list hundreds, reads only the slug
    and the name its options show, not the regions' texts."""

    defaults = {
        "queryset": Region.objects.only("slug", "name").order_by("order"),
        "to_field_name": "slug",
        "noun": "region",
        "label": "Region",
        "normalize": str.lower,
        "any_label": "Any region",
    }
    key_schema = {**KeyFilter.key_schema, "example": "catalonia"}


class CountryFilter(KnowledgeBaseFilterSet):
    partner = YesNoFilter(
        method="filter_partner",
        label="Partner country",
        help_text="Yes (true): countries with a partner region. No (false): the others.",
    )

    ordering = KeyOrderingFilter(
        fields={"name": "name", "code": "code", "practice_count": "practice_count"}
    )

    search_fields = ("code", "name")

    class Meta:
        model = Country
        fields = ["partner"]

    def filter_partner(self, queryset, name, value):
        return queryset.filter(partner_region__isnull=(value == "false"))


class RegionFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    country = CountryKeyFilter(
        field_name="country",
        queryset=Country.objects.filter(partner_region__isnull=False)
        .only("code", "name")
        .order_by("code"),
    )

    ordering = KeyOrderingFilter(
        fields={
            "order": "order",
            "name": "name",
            "quote_count": "quote_count",
            "barriers_raised_count": "barriers_raised_count",
            "challenge_count": "challenge_count",
        }
    )

    search_fields = ("name", "factsheet_label", "overview", "country__name", "challenges__title")

    class Meta:
        model = Region
        fields = ["country", "source"]


class ChallengeFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    region = RegionKeyFilter(field_name="region")

    ordering = KeyOrderingFilter(fields={("region__order", "order"): "region", "title": "title"})

    search_fields = ("title", "text")

    class Meta:
        model = RegionalChallenge
        fields = ["region", "source"]
