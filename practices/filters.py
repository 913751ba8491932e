"""The FilterSet of good practices, shared by the site list and the API list."""

from barriers.filters import BarrierKeyFilter, CategoryKeyFilter
from bases.filters import ChoicesFilter, KeyOrderingFilter, KnowledgeBaseFilterSet, YesNoFilter
from provenance.filters import SourceKeyFilter
from regions.filters import CountryKeyFilter, RegionKeyFilter

from .models import GoodPractice, Kind, Level


class PracticeFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    barrier = BarrierKeyFilter(field_name="barriers")
    category = CategoryKeyFilter(field_name="barriers__category")
    country = CountryKeyFilter(field_name="countries")
    partner = YesNoFilter(
        method="filter_partner",
        label="From a partner country",
        help_text="Yes (true): from a country with a partner region. "
        "No (false): only from other countries and the EU.",
    )
    region = RegionKeyFilter(
        field_name="countries__partner_region",
        help_text="Practices from the region's country.",
    )

    level = ChoicesFilter(
        choices=Level.choices,
        noun="level",
        label="Level (editorial)",
        any_label="Any level",
        help_text="The scale it works at, in its transfer profile (editorial).",
    )
    kind = ChoicesFilter(
        field_name="kinds__kind",
        choices=Kind.choices,
        noun="kind",
        label="Kind (editorial)",
        any_label="Any kind",
        help_text="What it is, in its transfer profile (editorial): any of the kinds chosen.",
    )

    ordering = KeyOrderingFilter(
        fields={"name": "name", "slug": "slug", "country_label": "country_label"},
        field_labels={"name": "Name", "slug": "Slug", "country_label": "Country"},
        ignore_case=("name", "country_label"),
        label="Sort by",
    )

    search_fields = ("name", "description", "country_label", "locality")
    facets = ("barrier", "category", "country", "region", "level", "kind", "source")

    class Meta:
        model = GoodPractice
        fields = ["barrier", "category", "country", "partner", "region", "level", "kind", "source"]

    def filter_partner(self, queryset, name, value):
        from_partner = GoodPractice.objects.filter(countries__partner_region__isnull=False)
        pks = from_partner.values("pk")
        return queryset.filter(pk__in=pks) if value == "true" else queryset.exclude(pk__in=pks)
