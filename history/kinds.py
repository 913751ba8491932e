"""Which resource each record's change is a change of: its kind and key in the API.

A record the API shows as a resource of its own (a barrier, a quote, …) is changed itself; a
record the API only shows inside another (a barrier's sub-section, a practice's kind or
reference, a mapping) is a change of that one, which its `modified` time then shows too.
"""

from dataclasses import dataclass

from barriers.models import (
    Barrier,
    BarrierSection,
    Category,
    ChallengeMapping,
    CommentReference,
    FindingMapping,
    PolicyComment,
    Quote,
)
from practices.models import (
    GoodPractice,
    PracticeActor,
    PracticeKind,
    PracticeListing,
    PracticePrecondition,
    PracticeReference,
)
from provenance.models import DataNote, ReportSection, Source
from regions.models import Country, NationalFinding, Region, RegionalChallenge


@dataclass(frozen=True)
class Kind:
    name: str  # the API's resource name, singular: "barrier"
    key: str  # the attribute that is its key in the API
    api_detail: str  # the URL name of its API entry
    history_page: str | None = None  # the URL name of its site page's history, if it has one


KINDS = {
    Category: Kind("category", "slug", "api:category-detail", "category-history"),
    Barrier: Kind("barrier", "number", "api:barrier-detail", "barrier-history"),
    Quote: Kind("quote", "key", "api:quote-detail", "quote-history"),
    PolicyComment: Kind("comment", "key", "api:comment-detail", "policycomment-history"),
    GoodPractice: Kind("practice", "slug", "api:practice-detail", "goodpractice-history"),
    Region: Kind("region", "slug", "api:region-detail", "region-history"),
    RegionalChallenge: Kind(
        "challenge", "key", "api:challenge-detail", "regionalchallenge-history"
    ),
    NationalFinding: Kind("finding", "key", "api:finding-detail", "nationalfinding-history"),
    Country: Kind("country", "code", "api:country-detail"),
    Source: Kind("source", "slug", "api:source-detail"),
}

# Records shown inside another resource: the foreign key to it.
SHOWN_IN = {
    BarrierSection: "barrier",
    CommentReference: "comment",
    ChallengeMapping: "challenge",
    FindingMapping: "finding",
    PracticeListing: "practice",
    PracticeKind: "practice",
    PracticeActor: "practice",
    PracticePrecondition: "practice",
    PracticeReference: "practice",
    ReportSection: "source",
    DataNote: "source",
}


def resource_of(record):
    """(the resource record whose change this is, whether it is the record itself), or
    (None, False) for a record shown in no resource."""
    model = type(record)
    if model in KINDS:
        return record, True
    if model in SHOWN_IN:
        return getattr(record, SHOWN_IN[model]), False
    return None, False


def kind_and_key(resource):
    kind = KINDS[type(resource)]
    return kind.name, str(getattr(resource, kind.key))


def kind_named(name):
    return next((kind for kind in KINDS.values() if kind.name == name), None)
