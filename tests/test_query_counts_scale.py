"""Every page and endpoint runs as many queries on ten times the data as on the real data:
no query per row, whatever the size (the synthetic data of synth_kb); and the barrier and
region pages show a bounded part of their quotes and practices, linking to the rest."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from barriers.models import Quote
from barriers.views import SHOWN_PER_SECTION
from regions.views import SHOWN_MATCHES

PAGES = [
    "/",
    "/about/",
    "/barriers/",
    "/barriers/?category=financial-barriers&region=crete",
    "/barriers/5/",
    "/barriers/5/brief/",
    "/categories/financial-barriers/",
    "/quotes/",
    "/quotes/?barrier=5",
    "/practices/",
    "/practices/?barrier=5&partner=true",
    "/practices/?level=regional,national&kind=service,infrastructure",
    "/practices/findata/",
    "/regions/",
    "/regions/crete/",
    "/regions/crete/brief/",
    "/search/?q=data",
    "/search/?q=data&kind=quote",
    "/map/",
    "/map/evidence-map.csv",
    "/compare/",
]
API = [
    "/api/v1/",
    "/api/v1/categories/",
    "/api/v1/categories/financial-barriers/",
    "/api/v1/barriers/",
    "/api/v1/barriers/5/",
    "/api/v1/practices/",
    "/api/v1/practices/?barrier=5&country=FI",
    "/api/v1/practices/?level=national&kind=network-or-partnership,training",
    "/api/v1/practices/findata/",
    "/api/v1/regions/",
    "/api/v1/regions/crete/",
    "/api/v1/countries/",
    "/api/v1/countries/GR/",
    "/api/v1/quotes/",
    "/api/v1/quotes/?region=crete",
    "/api/v1/quotes/5-1/",
    "/api/v1/comments/",
    "/api/v1/challenges/",
    "/api/v1/challenges/crete-1/",
    "/api/v1/sources/",
    "/api/v1/quotes/?format=csv",
    "/api/v1/evidence-map/",
    "/api/v1/search/?q=data",
]


def query_counts(client, paths):
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def shown_on_barrier_page(client, number):
    page = client.get(f"/barriers/{number}/").content.decode()
    practices = page.split('id="practices"')[1].split("</section>")[0]
    return page.count('<figure class="quote"'), practices.count('<li class="card">'), page


@pytest.mark.django_db
def test_query_counts_are_the_same_at_ten_times_the_data(client, tmp_path, unthrottled):
    real = query_counts(client, PAGES + API)
    quotes = Quote.objects.count()
    quotes_shown, practices_shown, _ = shown_on_barrier_page(client, 5)
    call_command("synth_kb", scale=10, output=tmp_path / "kb-10x", verbosity=0)
    call_command("load_kb", fixtures=tmp_path / "kb-10x", verbosity=0)
    assert Quote.objects.count() == 10 * quotes
    assert query_counts(client, PAGES + API) == real

    # One load of the larger data for both checks: the barrier page is bounded.
    quotes_at_scale, practices_at_scale, page = shown_on_barrier_page(client, 5)
    assert quotes_shown < quotes_at_scale <= SHOWN_PER_SECTION
    assert practices_shown < practices_at_scale <= SHOWN_PER_SECTION
    assert 'href="/quotes/?barrier=5"' in page
    assert 'href="/practices/?barrier=5"' in page
    region_page = client.get("/regions/crete/").content.decode()
    elsewhere = region_page.split('id="elsewhere"')[1].split("</section>")[0]
    assert elsewhere.count('<li class="card">') == SHOWN_MATCHES
    assert '/recommended-practices/">all of them in the API</a>' in elsewhere
