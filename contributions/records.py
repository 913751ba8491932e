"""The records a reader can suggest a correction to, by the short name their URL uses."""

from barriers.models import Barrier, Category, PolicyComment, Quote
from practices.models import GoodPractice
from regions.models import NationalFinding, Region, RegionalChallenge

KINDS = {
    "barrier": Barrier,
    "quote": Quote,
    "comment": PolicyComment,
    "practice": GoodPractice,
    "region": Region,
    "challenge": RegionalChallenge,
    "finding": NationalFinding,
    "category": Category,
}
