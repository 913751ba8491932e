from bases.rest.viewsets import ChildKeyViewSet, KnowledgeBaseViewSet

from .filters import ChallengeFilter, CountryFilter, RegionFilter
from .models import CHALLENGE_KEY, Country, Region, RegionalChallenge
from .serializers import (
    ChallengeSerializer,
    CountrySerializer,
    RegionSerializer,
)


class CountryViewSet(KnowledgeBaseViewSet):
    """Countries named by the report (ISO codes; EU for EU-level initiatives)."""

    queryset = Country.objects.for_list()
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_object(self):
        # Codes are stored in capitals; /countries/se/ finds Sweden as the filters do.
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


class RegionViewSet(KnowledgeBaseViewSet):
    """The ten partner regions, with their interview and workshop figures and their
    fact-sheet challenges."""

    queryset = Region.objects.for_detail()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "slug"


class ChallengeViewSet(ChildKeyViewSet):
    """The challenges of the regions' fact sheets, keyed "<region slug>-<order>"."""

    queryset = RegionalChallenge.objects.for_list()
    serializer_class = ChallengeSerializer
    filterset_class = ChallengeFilter
    child_key = CHALLENGE_KEY
    lookup_value_regex = CHALLENGE_KEY.pattern
