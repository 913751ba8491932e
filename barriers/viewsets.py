from django.db.models import Prefetch

from bases.rest.viewsets import ChildKeyViewSet, KnowledgeBaseViewSet
from regions.models import FINDING_KEY, NationalFinding, Region

from .filters import BarrierFilter, CategoryFilter, CommentFilter, FindingFilter, QuoteFilter
from .models import (
    COMMENT_KEY,
    QUOTE_KEY,
    Barrier,
    Category,
    FindingMapping,
    PolicyComment,
    Quote,
)
from .serializers import (
    BarrierListSerializer,
    BarrierSerializer,
    CategorySerializer,
    CommentSerializer,
    FindingSerializer,
    QuoteSerializer,
)


class CategoryViewSet(KnowledgeBaseViewSet):
    """The six categories of barriers."""

    queryset = Category.objects.for_list()
    serializer_class = CategorySerializer
    filterset_class = CategoryFilter
    lookup_field = "slug"


class BarrierViewSet(KnowledgeBaseViewSet):
    """The report's 17 barriers, looked up by number."""

    # Each region quoted on a barrier once, however often it is quoted there.
    queryset = Barrier.objects.for_detail().prefetch_related(
        Prefetch("regions_quoted", queryset=Region.objects.distinct())
    )
    serializer_class = BarrierSerializer
    filterset_class = BarrierFilter
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return Barrier.objects.with_parts()
        return super().get_queryset()

    def get_serializer_class(self):
        return BarrierListSerializer if self.action == "list" else BarrierSerializer


class QuoteViewSet(ChildKeyViewSet):
    """What the regions said about each barrier, verbatim; keyed "<barrier>-<order>"."""

    queryset = Quote.objects.for_list()
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilter
    child_key = QUOTE_KEY
    lookup_value_regex = QUOTE_KEY.pattern


class CommentViewSet(ChildKeyViewSet):
    """The boxed EU-level policy comments printed beside barriers; keyed
    "<barrier>-<order>"."""

    queryset = PolicyComment.objects.for_list()
    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    child_key = COMMENT_KEY
    lookup_value_regex = COMMENT_KEY.pattern


class FindingViewSet(ChildKeyViewSet):
    """Country-level findings of national sources (strengths, challenges, recommendations),
    verbatim, each with the barriers the editors map it to; keyed "<source slug>-<order>"."""

    mappings = FindingMapping.objects.with_barrier()
    queryset = (
        NationalFinding.objects.for_list()
        .select_related("country__partner_region")
        .prefetch_related(Prefetch("barrier_mappings", queryset=mappings))
    )
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    child_key = FINDING_KEY
    lookup_value_regex = FINDING_KEY.pattern
