"""The quotes explorer: every quote, the filters checked against the Quote table, bad values,
pages and query counts."""

import re

import pytest

from barriers.models import Quote

pytestmark = pytest.mark.django_db

LIST_URL = "/quotes/"
# The form's 4 drop-downs (region, barrier, category, source), the count and the page of quotes with
# their barrier, category, region, country and source joined.
LIST_QUERIES = 6


def quotes_shown(client, query=""):
    """(barrier number, order) of every quote the explorer shows for `query`, over all pages."""
    first = client.get(f"{LIST_URL}?{query}")
    assert first.status_code == 200
    shown = []
    for number in first.context["page_obj"].paginator.page_range:
        page = client.get(f"{LIST_URL}?{query}&page={number}").content.decode()
        shown += [
            (int(barrier), int(order))
            for barrier, order in re.findall(r'href="/barriers/(\d+)/#quote-(\d+)"', page)
        ]
    assert len(shown) == len(set(shown)), "a quote is shown twice"
    return set(shown)


def keys(quotes):
    return set(quotes.values_list("barrier__number", "order"))


def test_explorer_shows_all_92_quotes_over_its_pages(client):
    page = client.get(LIST_URL).content.decode()
    assert "92 quotes" in page
    assert 'rel="next"' in page
    assert quotes_shown(client) == keys(Quote.objects.all())
    assert Quote.objects.count() == 92


def test_a_quote_is_a_blockquote_with_its_attribution_region_and_barrier(client):
    quote = Quote.objects.get(barrier__number=5, region__slug="crete")
    page = client.get(f"{LIST_URL}?region=crete&barrier=5").content.decode()
    assert f"<blockquote><p>{quote.text}</p></blockquote>" in page
    assert '<figcaption>— Greece (<a href="/regions/crete/">Crete</a>), on ' in page
    assert f'<a href="/barriers/5/#quote-{quote.order}">barrier 5: Reimbursement' in page
    assert f"{quote.section}</p>" in page


@pytest.mark.parametrize("slug", ["crete", "catalonia"])
def test_region_filter(client, slug):
    expected = keys(Quote.objects.filter(region__slug=slug))
    assert expected
    assert quotes_shown(client, f"region={slug}") == expected


def test_barrier_filter_with_several_numbers(client):
    expected = keys(Quote.objects.filter(barrier__number__in=[1, 16]))
    assert expected > keys(Quote.objects.filter(barrier__number=1))
    assert quotes_shown(client, "barrier=1,16") == expected


def test_category_filter(client):
    expected = keys(Quote.objects.filter(barrier__category__slug="financial-barriers"))
    assert expected > keys(Quote.objects.filter(barrier__number=5))
    assert quotes_shown(client, "category=financial-barriers") == expected


def test_text_filter_matches_words_case_insensitively(client):
    expected = {
        (quote.barrier.number, quote.order)
        for quote in Quote.objects.select_related("barrier")
        if "reimbursement" in quote.text.lower() and "patients" in quote.text.lower()
    }
    assert expected
    assert quotes_shown(client, "search=Reimbursement+PATIENTS") == expected


def test_filters_combine_and_are_summarised(client):
    expected = keys(Quote.objects.filter(region__slug="emilia-romagna", barrier__number=5))
    assert len(expected) > 1
    assert quotes_shown(client, "region=emilia-romagna&barrier=5") == expected
    page = client.get(f"{LIST_URL}?region=emilia-romagna&barrier=5").content.decode()
    assert f"{len(expected)} quotes match these filters" in page
    assert "<strong>Region:</strong> Emilia-Romagna" in page
    assert 'href="/quotes/?barrier=5">Remove' in page
    assert '<a href="/api/v1/quotes/?region=emilia-romagna&amp;barrier=5">' in page


def test_pages_keep_the_filters(client):
    categories = ["health-data-accessibility", "financial-barriers"]
    assert Quote.objects.filter(barrier__category__slug__in=categories).count() > 20
    page = client.get(f"{LIST_URL}?category={','.join(categories)}").content.decode()
    assert 'href="?category=health-data-accessibility%2Cfinancial-barriers&amp;page=2" ' in page


def test_no_match_explains_and_offers_to_clear(client):
    response = client.get(f"{LIST_URL}?search=zebra")
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 quotes match these filters" in page
    assert "No quote matches these filters." in page
    assert 'href="/quotes/">Clear the filters and show all quotes</a>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=atlantis", "Unknown region “atlantis”. Allowed: flanders, sofia"),
        ("barrier=0", "Unknown barrier number “0”."),
        ("category=nope", "Unknown category “nope”."),
    ],
)
def test_bad_values_give_400_with_the_filters_message(client, query, message):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<blockquote>" not in page


def test_explorer_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for query in ["", "page=5", "search=data"]:
        with django_assert_num_queries(LIST_QUERIES):
            client.get(f"{LIST_URL}?{query}")
    # Each region, barrier or category value given is checked by one query.
    with django_assert_num_queries(LIST_QUERIES + 2):
        client.get(f"{LIST_URL}?region=crete&barrier=1,5")
