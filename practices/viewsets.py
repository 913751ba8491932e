from bases.rest.viewsets import KnowledgeBaseViewSet

from .filters import PracticeFilter
from .models import GoodPractice
from .serializers import PracticeSerializer


class PracticeViewSet(KnowledgeBaseViewSet):
    """Good practices, with the barriers whose tables list them."""

    queryset = GoodPractice.objects.for_detail()
    serializer_class = PracticeSerializer
    filterset_class = PracticeFilter
    lookup_field = "slug"
