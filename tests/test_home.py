"""The home page: what the knowledge base is, its counts, the categories with their barriers,
and an entry point for each kind of user."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from barriers.models import Barrier, Category, Quote
from practices.models import GoodPractice
from regions.models import Country, Region

pytestmark = pytest.mark.django_db

# Categories and their barriers (2), regions, and the quote, practice and country counts.
HOME_QUERIES = 6


def home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def stat(page, label):
    match = re.search(
        rf'<span class="stats__value">(\d+)</span> <span class="stats__label">{label}</span>', page
    )
    assert match, f"no count of {label}"
    return int(match.group(1))


def test_home_says_what_the_knowledge_base_is_and_where_it_comes_from(client):
    page = home_page(client)
    assert "<title>PRECISEU knowledge base</title>" in page
    assert "<h1>PRECISEU knowledge base</h1>" in page
    assert "<cite>PRECISEU D6.1 Cross-Regional Report</cite>" in page
    assert "Horizon Europe grant 101161301" in page


def test_home_counts_agree_with_the_database(client):
    page = home_page(client)
    assert stat(page, "barriers") == Barrier.objects.count() == 17
    assert stat(page, "stakeholder quotes") == Quote.objects.count() == 92
    assert stat(page, "good practices") == GoodPractice.objects.count() == 52
    assert stat(page, "partner regions") == Region.objects.count() == 10
    assert stat(page, "countries") == Country.objects.exclude(code="EU").count()


def test_home_lists_the_6_categories_with_their_barriers_and_counts(client):
    page = home_page(client)
    categories = page[page.index('id="barriers-by-category"') :]
    for category in Category.objects.all():
        assert f'<a href="/categories/{category.slug}/">{escape(category.name)}</a></h3>' in page
    links = re.findall(r'class="barrier-list__title" href="/barriers/(\d+)/"', categories)
    shown = [int(number) for number in links]
    expected = Barrier.objects.order_by("category__order", "number")
    assert shown == list(expected.values_list("number", flat=True))
    assert "Reimbursement Misalignment" in page
    assert "9 quotes from 8 regions · 7 good practices" in page


def test_home_has_an_entry_point_for_each_kind_of_user(client):
    page = home_page(client)
    assert f'<a href="{reverse("barrier-list")}">Browse the barriers</a>' in page
    for region in Region.objects.all():
        assert f'<a class="badge" href="/regions/{region.slug}/">{escape(region.name)}</a>' in page
    assert f'href="{reverse("region-list")}"' in page
    assert f'<a href="{reverse("api:api-root")}">Use the API</a>' in page
    assert f'<a href="{reverse("api:docs")}">API documentation</a>' in page


def test_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(HOME_QUERIES):
        home_page(client)


def test_home_without_data_says_how_to_load_it():
    request = RequestFactory().get("/")
    counts = dict.fromkeys(["barriers", "quotes", "practices", "regions", "countries"], 0)
    context = {"categories": [], "regions": [], "counts": counts}
    page = render_to_string("home.html", context, request=request)
    assert "No data is loaded yet." in page
    assert "python manage.py load_kb" in page
    assert 'class="barrier-list"' not in page
