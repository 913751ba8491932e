"""FilterSets of the barriers app, shared by the site lists and the API lists."""

from preciseu_kb.filtering import KeyFilter, KnowledgeBaseFilterSet
from provenance.filters import SourceKeyFilter
from regions.filters import RegionKeyFilter

from .models import Barrier, Category, PolicyComment, Quote


class BarrierKeyFilter(KeyFilter):
    """Barriers by the report's number."""

    defaults = {
        "queryset": Barrier.objects.order_by("number"),
        "to_field_name": "number",
        "noun": "barrier number",
        "label": "Barrier",
        "any_label": "Any barrier",
    }


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


class CategoryFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
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

    search_fields = ("title", "introduction", "sections__heading", "sections__text")

    class Meta:
        model = Barrier
        fields = ["category", "region", "source"]


class QuoteFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    region = RegionKeyFilter(field_name="region")
    barrier = BarrierKeyFilter(field_name="barrier")
    category = CategoryKeyFilter(field_name="barrier__category")

    search_fields = ("text", "attribution")

    class Meta:
        model = Quote
        fields = ["region", "barrier", "category", "source"]


class CommentFilter(KnowledgeBaseFilterSet):
    source = SourceKeyFilter()
    barrier = BarrierKeyFilter(field_name="barrier")

    search_fields = ("text",)

    class Meta:
        model = PolicyComment
        fields = ["barrier", "source"]
