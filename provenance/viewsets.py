from bases.rest.viewsets import KnowledgeBaseViewSet

from .filters import SourceFilter
from .models import Source
from .serializers import SourceSerializer


class SourceViewSet(KnowledgeBaseViewSet):
    """The documents the knowledge base is transcribed from."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    lookup_field = "slug"
