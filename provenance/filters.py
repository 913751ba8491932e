"""The FilterSet of sources."""

from preciseu_kb.filtering import KnowledgeBaseFilterSet

from .models import Source


class SourceFilter(KnowledgeBaseFilterSet):
    search_fields = ("title", "short_title", "publisher", "description")

    class Meta:
        model = Source
        fields = []
