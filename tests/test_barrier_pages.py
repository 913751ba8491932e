"""Barrier pages: the list by category and its filters, a category page, a barrier page, the
slug redirect, 404s and query counts, checked against the report's data."""

import re

import pytest
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from barriers.models import Barrier, Category, PolicyComment, Quote
from practices.models import PracticeListing
from regions.models import Region

pytestmark = pytest.mark.django_db

LIST_URL = "/barriers/"
# The form's 3 drop-downs (category, region, source), the count and the barriers with their counts,
# and one more for each region or category filter given: checking its values.
LIST_QUERIES = 5
# The barrier; its sections, comments, table listings (+ practice, source) and the practices'
# countries; its quotes counted by region, then those shown (+ region, source); the national
# findings mapped to it; the previous and the next barrier; the comments' references when it
# has comments.
DETAIL_QUERIES_WITHOUT_COMMENTS = 10
DETAIL_QUERIES_WITH_COMMENTS = 11


def listed_numbers(page):
    """The barrier numbers a list page shows, in page order."""
    links = re.findall(r'class="barrier-list__title" href="/barriers/(\d+)/"', page)
    return [int(number) for number in links]


def barrier_page(client, number):
    response = client.get(f"/barriers/{number}/")
    assert response.status_code == 200
    return response.content.decode()


def section(page, heading_id):
    """The HTML of the page's <section> labelled by `heading_id`."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def numbers_in_category_order(barriers):
    return list(barriers.order_by("category__order", "number").values_list("number", flat=True))


# ---------- The list and its filters ----------


def test_list_shows_the_17_barriers_in_their_6_categories(client):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert listed_numbers(page) == numbers_in_category_order(Barrier.objects.all())
    assert len(listed_numbers(page)) == 17
    assert "17 barriers" in page
    for category in Category.objects.all():
        count = category.barriers.count()
        assert f'<a href="/categories/{category.slug}/">{escape(category.name)}</a></h2>' in page
        assert f"{count} barrier{'s' if count > 1 else ''}</span>" in page


def test_list_shows_each_barriers_counts(client):
    page = client.get(LIST_URL).content.decode()
    barrier = Barrier.objects.get(number=5)
    quotes = barrier.quotes.count()
    regions = barrier.quotes.values("region").distinct().count()
    practices = barrier.listings.count()
    assert (quotes, regions, practices) == (9, 8, 7)
    assert "9 quotes from 8 regions · 7 good practices" in page


@pytest.mark.parametrize("slug", ["financial-barriers", "health-data-accessibility"])
def test_category_filter_keeps_that_categorys_barriers(client, slug):
    page = client.get(f"{LIST_URL}?category={slug}").content.decode()
    expected = numbers_in_category_order(Barrier.objects.filter(category__slug=slug))
    assert expected
    assert listed_numbers(page) == expected
    other = Category.objects.exclude(slug=slug).first()
    assert f'id="category-{other.slug}"' not in page


def test_category_filter_takes_comma_separated_slugs(client):
    query = "category=financial-barriers,regulatory-barriers"
    page = client.get(f"{LIST_URL}?{query}").content.decode()
    chosen = Barrier.objects.filter(
        category__slug__in=["financial-barriers", "regulatory-barriers"]
    )
    assert listed_numbers(page) == numbers_in_category_order(chosen)


@pytest.mark.parametrize("slug", ["crete", "flanders", "catalonia"])
def test_region_filter_keeps_the_barriers_the_region_is_quoted_on(client, slug):
    page = client.get(f"{LIST_URL}?region={slug}").content.decode()
    raised = set(Quote.objects.filter(region__slug=slug).values_list("barrier__number", flat=True))
    assert 0 < len(raised) < 17, "the filter must narrow the list for the test to mean anything"
    assert sorted(listed_numbers(page)) == sorted(raised)


def test_search_filter_keeps_the_barriers_whose_text_has_the_words(client):
    page = client.get(f"{LIST_URL}?search=ATMP").content.decode()
    has_word = (
        Q(title__icontains="ATMP")
        | Q(introduction__icontains="ATMP")
        | Q(sections__heading__icontains="ATMP")
        | Q(sections__text__icontains="ATMP")
    )
    expected = numbers_in_category_order(Barrier.objects.filter(has_word).distinct())
    assert 0 < len(expected) < 17
    assert listed_numbers(page) == expected


def test_filters_combine(client):
    page = client.get(f"{LIST_URL}?region=crete&category=financial-barriers").content.decode()
    expected = numbers_in_category_order(
        Barrier.objects.filter(
            category__slug="financial-barriers", quotes__region__slug="crete"
        ).distinct()
    )
    assert listed_numbers(page) == expected
    assert f"{len(expected)} barrier" in page
    assert "match" in page


def test_filtered_list_keeps_the_form_values_and_offers_a_way_back(client):
    page = client.get(f"{LIST_URL}?region=crete").content.decode()
    assert '<option value="crete" selected>Crete</option>' in page
    assert f'<a class="filter-form__clear" href="{LIST_URL}">Clear filters</a>' in page
    assert 'method="get"' in page


def test_no_match_gives_an_empty_state_that_helps(client):
    response = client.get(f"{LIST_URL}?search=xylophone")
    assert response.status_code == 200
    page = response.content.decode()
    assert listed_numbers(page) == []
    assert "No barrier matches these filters." in page
    assert f'<a href="{LIST_URL}">Clear the filters and show all barriers</a>' in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("region=atlantis", "Unknown region “atlantis”. Allowed: flanders, sofia,"),
        ("category=weather", "Unknown category “weather”. Allowed: health-data-accessibility,"),
        ("region=crete,atlantis", "Unknown region “atlantis”."),
    ],
)
def test_bad_filter_values_give_400_with_the_message(client, query, message):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert listed_numbers(page) == []


@pytest.mark.parametrize(
    "query, key_filters",
    [
        ("", 0),
        ("search=data", 0),
        ("region=crete", 1),
        ("region=crete,flanders,sofia", 1),
        ("category=financial-barriers&region=crete&search=data", 2),
    ],
)
def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, query, key_filters):
    with django_assert_num_queries(LIST_QUERIES + key_filters):
        assert client.get(f"{LIST_URL}?{query}").status_code == 200


# ---------- Category page ----------


def test_category_page_lists_its_barriers_and_neighbours(client, django_assert_max_num_queries):
    category = Category.objects.get(slug="financial-barriers")
    with django_assert_max_num_queries(4):
        response = client.get("/categories/financial-barriers/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{category.name}</h1>" in page
    assert listed_numbers(page) == list(
        category.barriers.order_by("number").values_list("number", flat=True)
    )
    assert '<a href="/categories/health-data-accessibility/" rel="prev">' in page
    assert '<a href="/categories/regulatory-barriers/" rel="next">' in page
    assert f"{category.section}</p>" in page


def test_unknown_category_is_404(client):
    assert client.get("/categories/weather/").status_code == 404


# ---------- Barrier page ----------


def test_barrier_page_has_number_title_category_and_breadcrumb(client):
    page = barrier_page(client, 5)
    assert "<title>Barrier 5: Reimbursement Misalignment – PRECISEU knowledge base</title>" in page
    assert "<h1>5. Reimbursement Misalignment</h1>" in page
    assert '<a href="/categories/financial-barriers/">Financial barriers</a>' in page
    assert '<li aria-current="page">Barrier 5</li>' in page


def test_barrier_texts_are_shown_whole_in_paragraphs(client):
    barrier = Barrier.objects.get(number=5)
    page = barrier_page(client, 5)
    paragraphs = barrier.introduction.split("\n\n")
    assert len(paragraphs) > 1
    for paragraph in paragraphs:
        assert f"<p>{escape(paragraph)}</p>" in page
    for sub_section in barrier.sections.all():
        assert f">{escape(sub_section.heading)}</h2>" in page
        for paragraph in sub_section.text.split("\n\n"):
            assert f"<p>{escape(paragraph)}</p>" in page


def test_barrier_5_lists_its_7_practices_in_table_order(client):
    page = barrier_page(client, 5)
    practices = section(page, "practices")
    shown = re.findall(r'<h3><a href="/practices/([^/]+)/">', practices)
    expected = list(
        PracticeListing.objects.filter(barrier__number=5)
        .order_by("order")
        .values_list("practice__slug", flat=True)
    )
    assert len(expected) == 7
    assert shown == expected
    for listing in PracticeListing.objects.filter(barrier__number=5).select_related("practice"):
        assert escape(listing.practice.country_label) in practices


def test_barrier_5_shows_its_9_quotes_grouped_by_region_in_region_order(client):
    page = barrier_page(client, 5)
    quotes = section(page, "quotes")
    groups = quotes.split('<div class="quote-group">')[1:]
    shown = {}
    for group in groups:
        region = re.search(r'<h3><a href="/regions/([^/]+)/">', group).group(1)
        shown[region] = [int(order) for order in re.findall(r'id="quote-(\d+)"', group)]
    expected = {}
    for quote in Quote.objects.filter(barrier__number=5).order_by("region__order", "order"):
        expected.setdefault(quote.region.slug, []).append(quote.order)
    assert sum(len(orders) for orders in expected.values()) == 9
    assert list(shown) == list(expected), "groups in the regions' order"
    assert shown == expected
    for quote in Quote.objects.filter(barrier__number=5):
        assert f"<blockquote><p>{escape(quote.text)}</p></blockquote>" in quotes
        assert f"<figcaption>— {escape(quote.attribution)}</figcaption>" in quotes


def test_barrier_page_names_the_regions_that_raised_it(client):
    page = barrier_page(client, 5)
    raised_by = page[page.index('id="raised-by"') :]
    shown = re.findall(r'<li><a href="/regions/([^/]+)/">', raised_by)
    expected = list(
        Region.objects.filter(quotes__barrier__number=5)
        .distinct()
        .order_by("order")
        .values_list("slug", flat=True)
    )
    assert len(expected) == 8
    assert shown == expected


def test_barrier_1_shows_the_ehds_comment_with_its_safe_reference(client):
    comment = PolicyComment.objects.get(barrier__number=1)
    reference = comment.references.get()
    page = barrier_page(client, 1)
    eu_context = section(page, "eu-context")
    assert "European Health Data Space (EHDS)" in eu_context
    assert f"<p>{escape(comment.text)}</p>" in eu_context
    assert f'<a href="{reference.url}" rel="noopener noreferrer">' in eu_context
    assert f"Footnote {reference.footnote}" in eu_context


def test_a_barrier_without_comments_has_no_eu_context_section(client):
    assert not PolicyComment.objects.filter(barrier__number=5).exists()
    assert 'id="eu-context"' not in barrier_page(client, 5)


def test_every_record_on_the_page_shows_its_source_and_note(client):
    barrier = Barrier.objects.get(number=12)
    page = barrier_page(client, 12)
    assert f"Source: <cite>{barrier.source.short_title}</cite>, {escape(barrier.section)}" in page
    noted = Quote.objects.filter(barrier=barrier).exclude(note="")
    assert noted.count() == 2
    for quote in noted:
        assert escape(quote.note) in page
    assert page.count("Transcription note") == noted.count() + (1 if barrier.note else 0) + sum(
        1 for listing in barrier.listings.select_related("practice") if listing.practice.note
    )


def test_barrier_note_is_shown(client):
    barrier = Barrier.objects.get(number=2)
    assert barrier.note
    page = barrier_page(client, 2)
    assert '<p class="note__label">Transcription note</p>' in page
    assert escape(barrier.note).split("\n")[0] in page


@pytest.mark.parametrize("number, previous, following", [(1, None, 2), (5, 4, 6), (17, 16, None)])
def test_previous_and_next_barrier(client, number, previous, following):
    page = barrier_page(client, number)
    assert ('rel="prev"' in page) == (previous is not None)
    assert ('rel="next"' in page) == (following is not None)
    if previous:
        assert f'<a href="/barriers/{previous}/" rel="prev">' in page
    if following:
        assert f'<a href="/barriers/{following}/" rel="next">' in page


def test_barrier_page_links_to_the_same_barrier_in_the_api(client):
    try:
        api_url = reverse("api:barrier-detail", args=[5])
    except NoReverseMatch:
        pytest.fail("the API names barrier-detail in the api namespace")
    assert f'<a href="{api_url}">' in barrier_page(client, 5)


@pytest.mark.parametrize("path", ["/barriers/0/", "/barriers/18/", "/barriers/99999/"])
def test_unknown_barrier_number_is_404(client, path):
    assert client.get(path).status_code == 404


def test_slug_redirects_permanently_to_the_number(client):
    response = client.get("/barriers/reimbursement-misalignment/")
    assert response.status_code == 301
    assert response["Location"] == "/barriers/5/"


def test_unknown_slug_is_404(client):
    assert client.get("/barriers/no-such-barrier/").status_code == 404


@pytest.mark.parametrize(
    "numbers, queries",
    [((5, 17), DETAIL_QUERIES_WITHOUT_COMMENTS), ((1, 7), DETAIL_QUERIES_WITH_COMMENTS)],
)
def test_barrier_page_runs_the_same_queries_whatever_the_barrier(
    client, django_assert_num_queries, numbers, queries
):
    for number in numbers:
        with django_assert_num_queries(queries):
            barrier_page(client, number)
