"""The search page and the search box in every page's header, against the report's data."""

import re

import pytest

from barriers.models import Quote

pytestmark = pytest.mark.django_db

SEARCH_URL = "/search/"
# Before a search, the form's category and region drop-downs read their choices; after one,
# they are facets, one query each with the kind's (bases.facets).
FORM_QUERIES = 2
FACET_QUERIES = 3


def page(client, query="", status=200):
    response = client.get(f"{SEARCH_URL}?{query}")
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def hit_links(html):
    return re.findall(r'<h[23] class="search-hit__title"><a href="([^"]+)">', html)


@pytest.mark.parametrize("path", ["/", "/barriers/5/", "/practices/", "/regions/crete/", "/about/"])
def test_every_page_has_a_search_box_in_its_header(client, path):
    html = client.get(path).content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert '<form class="site-search" role="search" method="get" action="/search/">' in header
    assert '<label class="visually-hidden" for="site-search">Search the knowledge base</label>' in (
        header
    )
    assert '<input type="search" id="site-search" name="q" maxlength="200" required>' in header


def test_an_empty_search_shows_the_form_examples_and_where_to_browse(client):
    html = page(client)
    assert '<input type="search" name="q"' in html
    assert '<a class="badge" href="?q=reimbursement">reimbursement</a>' in html
    assert '<a href="/barriers/">The 17 barriers, by category</a>' in html
    assert "result" not in html.lower().split("<main", 1)[1].split("try a search")[0]


def test_results_are_grouped_by_kind_with_counts_and_links_to_all(client):
    html = page(client, "q=reimbursement")
    groups = re.findall(r'<h2 id="kind-(\w+)">([^<]+) <span class="count">(\d+)</span></h2>', html)
    assert groups == [
        ("barrier", "Barriers", "2"),
        ("quote", "Quotes", "9"),
        ("practice", "Good practices", "3"),
        ("region", "Regions", "2"),
        ("challenge", "Regional challenges", "12"),
        ("finding", "National findings", "1"),
    ]
    assert "29 results for “reimbursement”" in html
    assert hit_links(html)[0] == "/barriers/5/"
    assert '<a href="?q=reimbursement&amp;kind=quote">All 9 quotes</a>' in html
    assert '<a href="?q=reimbursement&amp;kind=barrier">Barriers <span class="count">2</span>' in (
        html
    )
    kinds = html[html.index('aria-label="Results by kind"') :]
    assert "EU comments" not in kinds, "a kind without hits is not offered"


def test_a_kind_shows_all_its_hits_ranked_with_links_to_their_pages(client):
    html = page(client, "q=GDPR&kind=quote")
    expected = {
        quote.get_absolute_url()
        for quote in Quote.objects.filter(text__icontains="GDPR").select_related("barrier")
    }
    assert set(hit_links(html)) == expected and len(expected) == 7
    assert hit_links(html)[0].startswith("/quotes/3-")
    assert '<a href="?q=GDPR&amp;kind=quote" aria-current="page">Quotes' in html
    assert "<mark>GDPR</mark>" in html


def test_snippets_show_the_text_escaped_and_only_mark_as_markup(client):
    html = page(client, "q=HNPM&kind=practice")
    snippets = re.findall(r'<p class="search-hit__snippet">(.*?)</p>', html, re.S)
    assert snippets and "<mark>HNPM</mark>" in snippets[0] and "&quot;" in snippets[0]
    for snippet in snippets:
        assert not re.search(r"<(?!/?mark>)", snippet)


def test_region_and_category_filters_narrow_the_search(client):
    html = page(client, "q=data&region=crete&kind=quote")
    crete = {q.get_absolute_url() for q in Quote.objects.filter(region__slug="crete")}
    assert hit_links(html) and set(hit_links(html)) <= crete
    html = page(client, "q=data&category=financial-barriers&kind=barrier")
    assert set(hit_links(html)) <= {"/barriers/5/", "/barriers/6/", "/barriers/7/"}
    assert hit_links(html)


def test_pages_of_one_kind_keep_the_search(client):
    html = page(client, "q=data&kind=challenge")
    assert "24 results for “data”" in html
    assert 'href="?q=data&amp;kind=challenge&amp;page=2" rel="next"' in html
    second = page(client, "q=data&kind=challenge&page=2")
    assert len(hit_links(second)) == 4
    assert not set(hit_links(second)) & set(hit_links(html))


def test_nothing_found_explains_and_suggests(client):
    html = page(client, "q=xylophone")
    assert "Nothing matches “xylophone”." in html
    assert '<a class="badge" href="?q=GDPR">GDPR</a>' in html
    assert '<a href="/practices/">Good practices</a>' in html


def test_a_misspelling_shows_the_results_for_the_word_meant(client):
    html = page(client, "q=reimbursemnt")
    assert "Nothing matches “reimbursemnt”. Showing results for <strong>reimbursement</strong>" in (
        html
    )
    assert hit_links(html)[0] == "/barriers/5/"


def test_the_header_search_box_keeps_the_query(client):
    html = page(client, "q=reimbursemnt")
    header = html.split("</header>", 1)[0]
    assert '<input type="search" id="site-search" name="q" maxlength="200" required ' in header
    assert 'value="reimbursemnt"' in header


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("q=a%00b", "Null characters are not allowed."),
        ("q=%25%25", "“%%” has no word to search for"),
        ("q=data&kind=poem", "Unknown kind “poem”. Allowed: barrier, quote, practice"),
        ("q=data&region=atlantis", "Unknown region “atlantis”."),
    ],
)
def test_bad_parameters_give_400_with_the_message(client, query, message):
    html = page(client, query, status=400)
    assert message in html
    assert 'role="alert"' in html
    assert hit_links(html) == []


@pytest.mark.parametrize(
    "text",
    [
        "' OR 1=1 --",
        '"gdpr',
        "100%",
        "gdpr*",
        "NEAR(gdpr)",
        "title:gdpr",
        "-gdpr",
        "gdpr OR",
        "<script>alert(1)</script>",
        "x" * 200,
        "健康",
    ],
)
def test_hostile_text_is_searched_as_words(client, text):
    response = client.get(SEARCH_URL, {"q": text})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("text", ['"', "'", "%_%", "\\", "--", "*"])
def test_text_without_a_word_is_refused_with_a_message(client, text):
    response = client.get(SEARCH_URL, {"q": text})
    assert response.status_code == 400
    assert "has no word to search for: type letters or digits." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        ("", FORM_QUERIES),
        ("q=reimbursement", FACET_QUERIES + 2),  # the counts, the best of each kind
        ("q=data&kind=quote&page=2", FACET_QUERIES + 2),  # the counts, the page
        # One more to check each filter's values, however many.
        ("q=data&region=crete,flanders&category=financial-barriers", FACET_QUERIES + 4),
    ],
)
def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, query, queries):
    with django_assert_num_queries(queries):
        client.get(f"{SEARCH_URL}?{query}")
