"""Property-based fuzzing of the site's query strings and path segments (hypothesis): real
parameter names with real keys, wrong keys, huge numbers, unicode, empty and repeated values,
commas, NUL bytes and broken percent-encoding. No answer may be a server error: only
200, 301, 302, 400 or 404, and a 400 says what was wrong.

Bounded and derandomized (the same examples on every run, so a failure can be replayed);
`pytest tests/test_site_fuzz.py` runs it alone in a few seconds.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from barriers.models import Barrier, Category, PolicyComment, Quote
from provenance.models import Source
from regions.models import Country, NationalFinding, Region, RegionalChallenge
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

ALLOWED_STATUSES = {200, 301, 302, 400, 404}

run = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Every page that reads its query string, with the parameters it reads.
FILTERS = ["search", "source", "page"]
PAGES = {
    "/barriers/": [*FILTERS, "category", "region"],
    "/quotes/": [*FILTERS, "region", "barrier", "category"],
    "/practices/": [*FILTERS, "barrier", "category", "country", "partner", "region"],
    "/regions/": [*FILTERS],
    "/search/": ["q", "kind", "category", "region", "page"],
    "/map/": ["category"],
    "/map/evidence-map.csv": ["category"],
    "/map/evidence-map.svg": ["category"],
    "/compare/": ["regions"],
    "/api/v1/practices/": [*FILTERS, "page_size", "barrier", "country", "partner", "format"],
    "/api/v1/quotes/": [*FILTERS, "page_size", "region", "barrier", "ordering", "format"],
    "/api/v1/findings/": [*FILTERS, "page_size", "barrier", "country", "area", "kind"],
    "/api/v1/search/": ["q", "kind", "category", "region", "page", "page_size", "format"],
    "/api/v1/evidence-map/": ["category", "format"],
}
# Pages keyed by a path segment.
KEYED = [
    "/barriers/{}/",
    "/categories/{}/",
    "/practices/{}/",
    "/regions/{}/",
    "/quotes/{}/",
    "/quotes/{}/cite.bib",
    "/comments/{}/",
    "/comments/{}/cite.json",
    "/challenges/{}/",
    "/challenges/{}/cite.ris",
    "/findings/{}/",
    "/findings/{}/cite.bib",
    "/barriers/{}/cite.ris",
    "/practices/{}/cite.json",
    "/regions/{}/cite.bib",
    "/api/v1/regions/{}/recommended-practices/",
    "/api/v1/barriers/{}/",
]

# Values that break naive parsing (as they appear in the URL, some percent-encoded).
GARBAGE = [
    "",
    " ",
    "9" * 30,
    str(2**63),
    str(-(2**63) - 1),
    *[
        ",",
        ",,",
        "-1",
        "0",
        "1.5",
        "1e9",
        "true",
        "TRUE",
        "yes",
        "null",
        "None",
        "[]",
        "{}",
        "%",
        "%ZZ",
        "%C3%28",
        "%FF%FE",
        "%00",
        "a%00b",
        "%E2%80%AE",
        "+",
        "%2C",
        "..%2F..",
        "%3Cscript%3E",
        "%27%22",
        "%0D%0ASet-Cookie:x",
    ],
]


# Records at a key of their own ("5-3", "crete-2"), a few of each in the keys the fuzzer uses.
KEYED_MODELS = [Quote, PolicyComment, RegionalChallenge, NationalFinding]


def real_keys():
    """Keys that exist, so that the fuzzer also reaches past validation into the queries."""
    return [
        *(str(number) for number in Barrier.objects.values_list("number", flat=True)),
        *Category.objects.values_list("slug", flat=True),
        *Region.objects.values_list("slug", flat=True),
        *Country.objects.values_list("code", flat=True),
        *Source.objects.values_list("slug", flat=True),
        *SearchEntry.Kind.values,
        *(record.key for model in KEYED_MODELS for record in model.objects.all()[:20]),
    ]


def encoded(text):
    return quote(text, safe="")


def values(keys):
    """One query value, as it would appear in the URL (percent-encoded or deliberately not)."""
    real = st.sampled_from(keys)
    return st.one_of(
        real,
        st.lists(real, min_size=2, max_size=4).map(",".join),
        st.sampled_from(GARBAGE),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(max_size=30).map(encoded),  # any unicode, NUL and controls included
        st.text(alphabet="%,&=+;#?/\\ab0", max_size=12),  # raw punctuation, unencoded
        st.just(encoded("word " * 60)),  # longer than the search's limit
    )


def query_strings(names, keys):
    """A query string of known and unknown names, keys possibly repeated or empty."""
    name = st.one_of(st.sampled_from(names), st.sampled_from(["", "x", "%00", "q%5B%5D"]))
    pair = st.tuples(name, values(keys))
    return st.lists(pair, max_size=6).map(
        lambda pairs: "&".join(f"{key}={value}" for key, value in pairs)
    )


def segments(keys):
    return st.one_of(
        st.sampled_from(keys),
        st.sampled_from(GARBAGE).filter(bool),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(min_size=1, max_size=40).map(encoded),
    )


def assert_handled(response, url):
    assert response.status_code in ALLOWED_STATUSES, (url, response.status_code)
    if response.status_code == 400:
        assert_says_what_was_wrong(response, url)


def assert_says_what_was_wrong(response, url):
    content_type = response["Content-Type"]
    if content_type.startswith("application/json"):
        assert response.json(), url  # the field and its message, or `detail`
    elif content_type.startswith("text/html"):
        assert b'class="error" role="alert"' in response.content, url
    else:
        assert response.content.strip(), url  # the CSV and SVG downloads answer in plain text


@pytest.fixture
def fuzz_client(client, unthrottled):
    return client


@pytest.mark.parametrize("page", PAGES)
def test_query_strings_never_cause_a_server_error(fuzz_client, page):
    keys = real_keys()

    @run
    @given(query=query_strings(PAGES[page], keys))
    def check(query):
        url = f"{page}?{query}"
        assert_handled(fuzz_client.get(url), url)

    check()


@pytest.mark.parametrize("pattern", KEYED)
def test_path_segments_never_cause_a_server_error(fuzz_client, pattern):
    keys = real_keys()

    @run
    @given(segment=segments(keys))
    def check(segment):
        url = pattern.format(segment)
        assert_handled(fuzz_client.get(url), url)

    check()
