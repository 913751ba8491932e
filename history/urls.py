from django.urls import path

from barriers.models import COMMENT_KEY, QUOTE_KEY, Barrier, Category, PolicyComment, Quote
from practices.models import GoodPractice
from regions.models import CHALLENGE_KEY, FINDING_KEY, NationalFinding, Region, RegionalChallenge

from . import views


def by(field):
    return lambda kwargs: {field: kwargs[field]}


def by_key(child_key):
    return lambda kwargs: child_key.lookup(kwargs["key"])


# Each record page's "Changes to this record", at `<record page>history/`.
RECORD_PAGES = [
    ("categories/<slug:slug>/", Category, by("slug")),
    ("barriers/<int:number>/", Barrier, by("number")),
    ("quotes/<str:key>/", Quote, by_key(QUOTE_KEY)),
    ("comments/<str:key>/", PolicyComment, by_key(COMMENT_KEY)),
    ("practices/<slug:slug>/", GoodPractice, by("slug")),
    ("regions/<slug:slug>/", Region, by("slug")),
    ("challenges/<str:key>/", RegionalChallenge, by_key(CHALLENGE_KEY)),
    ("findings/<str:key>/", NationalFinding, by_key(FINDING_KEY)),
]

urlpatterns = [
    path(
        f"{page}history/",
        views.record_history,
        {"model": model, "lookup": lookup},
        name=f"{model._meta.model_name}-history",
    )
    for page, model, lookup in RECORD_PAGES
] + [path("changes/feed/", views.ChangesFeed(), name="changes-feed")]
