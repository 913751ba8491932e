"""The FilterSet of sources, and the `source` filter of every list whose records carry one."""

from bases.filters import KeyFilter, KeyOrderingFilter, KnowledgeBaseFilterSet

from .models import Source


class SourceKeyFilter(KeyFilter):
    """Records by the slug of the document they were transcribed from (`source=d6-1`)."""

    defaults = {
        "field_name": "source",
        "queryset": Source.objects.order_by("order"),
        "to_field_name": "slug",
        "noun": "source",
        "label": "Source",
        "normalize": str.lower,
        "any_label": "Any source",
        "facet_label": "short_title",
        "help_text": "The document the records were transcribed from.",
    }
    key_schema = {**KeyFilter.key_schema, "example": "d6-1"}


class SourceFilter(KnowledgeBaseFilterSet):
    ordering = KeyOrderingFilter(fields={"order": "order", "short_title": "short_title"})

    search_fields = ("title", "short_title", "publisher", "description")

    class Meta:
        model = Source
        fields = []
