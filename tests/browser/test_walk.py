"""A visitor's walk through the site, by clicking the links the pages show."""

import pytest
from django.urls import reverse

from barriers.models import Barrier
from regions.models import Region

from .browsing import follow, heading, path_of, visit

pytestmark = pytest.mark.browser


def test_home_to_category_to_barrier_to_practice_to_region(page):
    """Barrier 5 (Reimbursement Misalignment), its first practice (a Greek national framework
    for biomarker reimbursement), and Flanders, which raised barrier 5 and could adopt it."""
    barrier = Barrier.objects.select_related("category").get(number=5)
    category = barrier.category
    practice = barrier.listings.order_by("order").first().practice
    region = regions_that_could_adopt(practice).first()
    assert practice.slug == "national-framework-for-biomarker-reimbursement"
    assert region.slug == "flanders"

    visit(page, reverse("home"))
    assert path_of(page) == "/"

    follow(page, reverse("category-detail", kwargs={"slug": category.slug}))
    assert category.name in heading(page)

    follow(page, reverse("barrier-detail", kwargs={"number": barrier.number}))
    assert barrier.title in heading(page)

    follow(page, reverse("practice-detail", kwargs={"slug": practice.slug}))
    assert practice.name in heading(page)

    follow(page, reverse("region-detail", kwargs={"slug": region.slug}))
    assert region.name in heading(page)


def regions_that_could_adopt(practice):
    """Partner regions that raised a barrier the practice addresses, outside its countries."""
    return (
        Region.objects.filter(quotes__barrier__in=practice.barriers.all())
        .exclude(country__in=practice.countries.all())
        .distinct()
        .order_by("order")
    )
