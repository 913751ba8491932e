"""The shaped querysets the pages and the API read: counts agree with the records, and the
number of queries does not depend on how many rows there are."""

import pytest

from barriers.models import Barrier, Category
from practices.models import GoodPractice
from regions.models import Country, Region

pytestmark = pytest.mark.django_db


def test_region_counts_agree_with_the_records():
    for region in Region.objects.for_list():
        assert region.quote_count == region.quotes.count()
        assert region.challenge_count == region.challenges.count()
        quoted = set(region.quotes.values_list("barrier", flat=True))
        mapped = set(region.challenges.values_list("barrier_mappings__barrier", flat=True))
        assert region.barriers_raised_count == len((quoted | mapped) - {None})


def test_country_practice_counts_agree_with_the_records():
    for country in Country.objects.for_list():
        assert country.practice_count == country.practices.count()


def test_category_list_carries_barrier_counts(django_assert_num_queries):
    with django_assert_num_queries(2):
        categories = list(Category.objects.for_list())
        counts = {b.number: b.quote_count for c in categories for b in c.barriers.all()}
    assert counts == {b.number: b.quotes.count() for b in Barrier.objects.all()}


@pytest.mark.parametrize("number", [1, 5, 9])
def test_a_barrier_with_everything_it_shows_is_a_bounded_number_of_queries(
    number, django_assert_max_num_queries
):
    """At most one query per relation shown; a relation with no rows skips its query. (The
    page reads the quotes it shows itself: barriers.views.leading_quotes.)"""
    with django_assert_max_num_queries(6):
        barrier = Barrier.objects.for_detail().get(number=number)
        for listing in barrier.listings.all():
            [c.code for c in listing.practice.countries.all()]
        [r.url for c in barrier.comments.all() for r in c.references.all()]
        [s.heading for s in barrier.sections.all()]


def test_practice_list_is_a_fixed_number_of_queries(django_assert_num_queries):
    with django_assert_num_queries(4):
        for practice in GoodPractice.objects.for_list():
            [c.code for c in practice.countries.all()]
            [listing.barrier.number for listing in practice.listings.all()]
            [kind.kind for kind in practice.kinds.all()]


def test_region_detail_is_a_fixed_number_of_queries(django_assert_num_queries):
    with django_assert_num_queries(2):
        region = Region.objects.for_detail().get(slug="crete")
        [(c.title, c.source.slug) for c in region.challenges.all()]


def profile(practice):
    """A practice's transfer profile: its level and its kinds', actors' and preconditions'
    rows, as read from the prefetched relations (or queried, without a prefetch)."""
    return (
        practice.level,
        [(kind.kind, kind.rationale) for kind in practice.kinds.all()],
        [(actor.name, actor.rationale) for actor in practice.actors.all()],
        [(p.text, p.rationale) for p in practice.preconditions.all()],
    )


def test_a_practices_relations_are_read_in_one_query_each(django_assert_num_queries):
    with django_assert_num_queries(8):
        practices = list(GoodPractice.objects.for_detail())
        read = {
            practice.slug: (
                [c.code for c in practice.countries.all()],
                [listing.barrier.number for listing in practice.table_listings],
                [listing.rationale for listing in practice.editorial_listings],
                [r.text for r in practice.references.all()],
                [part.slug for part in practice.parts.all()],
                profile(practice),
            )
            for practice in practices
        }
    assert read == {
        practice.slug: (
            [c.code for c in practice.countries.all()],
            [listing.barrier.number for listing in practice.listings.filter(order__isnull=False)],
            [listing.rationale for listing in practice.listings.filter(order__isnull=True)],
            [r.text for r in practice.references.all()],
            [part.slug for part in practice.parts.all()],
            profile(practice),
        )
        for practice in GoodPractice.objects.all()
    }
