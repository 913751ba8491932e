"""FilterSets of the barriers app, shared by the site lists and the API lists."""

import django_filters

from bases.filters import KeyFilter, KeyOrderingFilter, KnowledgeBaseFilterSet, YesNoFilter
from provenance.filters import SourceKeyFilter
from regions.filters import CountryKeyFilter, RegionKeyFilter
from regions.models import NationalFinding

from .models import Barrier, Category, PolicyComment, Quote


class BarrierKeyFilter(KeyFilter):
    """Barriers by the report's number."""

    defaults = {
        "queryset": Barrier.objects.order_by("number"),
        "to_field_name": "number",
        "noun": "barrier number",
        "label": "Barrier",
        "any_label": "Any barrier",
        "facet_label": "title",
    }
    key_schema = {"type": "integer", "minimum": 1, "example": 5}
    facet_label_numbered = True


class CategoryKeyFilter(KeyFilter):
    """Categories by slug."""

    defaults = {
        "queryset": Category.objects.order_by("order"),
        "to_field_name": "slug",
        "noun": "category",
        "label": "Category",
        "normalize": str.lower,
        "any_label": "Any category",
    }
    key_schema = {**KeyFilter.key_schema, "example": "financial-barriers"}


class CategoryFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    ordering = KeyOrderingFilter(fields={"order": "order", "name": "name"})

    search_fields = ("name", "barriers__title")

    class Meta:
        model = Category
        fields = ["source"]


class BarrierFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    category = CategoryKeyFilter(field_name="category")
    region = RegionKeyFilter(
        field_name="quotes__region", help_text="Barriers the region raised (it is quoted on them)."
    )
    has_practices = YesNoFilter(
        method="filter_has_practices",
        label="Has good practices",
        help_text="Yes (true): barriers at least one good practice is listed under (the report's "
        "table or an editorial link); no (false): the gaps, barriers without any.",
    )

    ordering = KeyOrderingFilter(
        fields={
            "number": "number",
            "title": "title",
            "category__order": "category",
            "quote_count": "quote_count",
            "region_count": "region_count",
            "practice_count": "practice_count",
        }
    )

    search_fields = ("title", "introduction", "sections__heading", "sections__text")

    class Meta:
        model = Barrier
        fields = ["category", "region", "has_practices", "source"]

    def filter_has_practices(self, queryset, name, value):
        # Listings belong to the practices app, whose models import these: named, not imported.
        with_practices = Barrier.objects.filter(listings__isnull=False).values("pk")
        if value == "true":
            return queryset.filter(pk__in=with_practices)
        return queryset.exclude(pk__in=with_practices)


class QuoteFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    region = RegionKeyFilter(field_name="region")
    barrier = BarrierKeyFilter(field_name="barrier")
    category = CategoryKeyFilter(field_name="barrier__category")

    ordering = KeyOrderingFilter(
        fields={
            ("barrier__number", "order"): "barrier",
            "region__order": "region",
            "attribution": "attribution",
        },
        field_labels={"barrier": "Barrier", "region": "Region", "attribution": "Attribution"},
        label="Sort by",
    )

    search_fields = ("text", "attribution")
    facets = ("barrier", "category", "region", "source")

    class Meta:
        model = Quote
        fields = ["region", "barrier", "category", "source"]


class CommentFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    barrier = BarrierKeyFilter(field_name="barrier")

    ordering = KeyOrderingFilter(fields={("barrier__number", "order"): "barrier"})

    search_fields = ("text",)

    class Meta:
        model = PolicyComment
        fields = ["barrier", "source"]


class AreaFilter(django_filters.AllValuesFilter):
    """An area heading exactly as printed; an unknown one is an error naming those loaded."""

    @property
    def field(self):
        field = super().field
        allowed = ", ".join(str(value) for value, _ in field.choices if value)
        field.error_messages["invalid_choice"] = (
            "Unknown area “%(value)s”. Allowed: " + allowed.replace("%", "%%") + "."
        )
        return field


class FindingFilter(KnowledgeBaseFilterSet):
    barrier = BarrierKeyFilter(
        field_name="barriers", help_text="Findings mapped (editorially) to the barrier."
    )
    country = CountryKeyFilter(field_name="country")
    area = AreaFilter(label="Area", empty_label="Any area")
    kind = django_filters.ChoiceFilter(
        choices=NationalFinding.Kind.choices,
        empty_label="Any kind",
        error_messages={
            "invalid_choice": "Unknown kind “%(value)s”. "
            "Allowed: strength, challenge, recommendation."
        },
    )
    source = SourceKeyFilter()

    ordering = KeyOrderingFilter(
        fields={("source__order", "order"): "source", ("country__name", "order"): "country"}
    )

    search_fields = ("text", "heading", "area")

    class Meta:
        model = NationalFinding
        fields = ["barrier", "country", "area", "kind", "source"]
