"""The pages of one quote, EU comment, fact-sheet challenge and national finding, each at its
API key: what they show, their neighbours in printed order, their 404s, and the links to them
from the pages where a reader meets the record."""

import pytest
from django.utils.html import escape

from barriers.models import PolicyComment, Quote
from regions.models import NationalFinding, RegionalChallenge

pytestmark = pytest.mark.django_db

# Each kind: its model, the URL of its pages, and the records that sit beside one another.
KINDS = {
    "quote": (Quote, "/quotes/{}/", "barrier"),
    "comment": (PolicyComment, "/comments/{}/", "barrier"),
    "challenge": (RegionalChallenge, "/challenges/{}/", "region"),
    "finding": (NationalFinding, "/findings/{}/", "source"),
}


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def provenance_line(record):
    return (
        f'<p class="provenance">Source: <cite>{escape(record.source.short_title)}</cite>, '
        f"{escape(record.section)}</p>"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_record_has_a_page_at_its_api_key(client, kind):
    model, url, _ = KINDS[kind]
    records = list(model.objects.all())
    assert records
    for record in records:
        assert record.get_absolute_url() == url.format(record.key)
        html = page(client, url.format(record.key))
        assert provenance_line(record) in html
        api = client.get(f"/api/v1/{kind}s/{record.key}/").json()
        assert api["key"] == record.key
        assert api["site_url"] == f"http://testserver{url.format(record.key)}"


def test_a_quote_page_shows_its_text_attribution_barrier_region_and_source(client):
    quote = Quote.objects.select_related("barrier", "region__country").get(
        barrier__number=5, order=3
    )
    html = page(client, "/quotes/5-3/")
    assert quote.attribution == "The Netherlands"
    assert f"<blockquote><p>{escape(quote.text)}</p></blockquote>" in html
    assert "<figcaption>— The Netherlands</figcaption>" in html
    assert '<a href="/regions/netherlands/">Netherlands</a></dd>' in html  # its country too
    assert '<a href="/barriers/5/">5. Reimbursement Misalignment</a>' in html
    assert 'href="/barriers/5/#quote-3"' in html  # the same quote among its barrier's
    assert provenance_line(quote) in html
    assert 'href="/api/v1/quotes/5-3/"' in html
    assert "<title>Quote 5-3: The Netherlands on barrier 5" in html


def test_a_quote_with_a_transcription_note_shows_it(client):
    quote = Quote.objects.exclude(note="").select_related("barrier").first()
    html = page(client, quote.get_absolute_url())
    assert '<p class="note__label">Transcription note</p>' in html
    assert escape(quote.note).split("\n")[0] in html


def test_a_comment_page_shows_its_text_references_and_barrier(client):
    comment = PolicyComment.objects.select_related("barrier").get(barrier__number=7, order=1)
    html = page(client, "/comments/7-1/")
    assert escape(comment.text.split("\n")[0]) in html
    for reference in comment.references.all():
        assert escape(reference.url) in html
    assert f'<a href="/barriers/7/">7. {escape(comment.barrier.title)}</a>' in html
    assert 'href="/barriers/7/#comment-1"' in html
    assert provenance_line(comment) in html


def test_a_challenge_page_shows_its_text_region_and_editorial_mappings(client):
    challenge = RegionalChallenge.objects.select_related("region").get(
        region__slug="crete", order=2
    )
    html = page(client, "/challenges/crete-2/")
    assert f"<h1>{escape(challenge.title)}</h1>" in html
    assert escape(challenge.text.split("\n")[0]) in html
    assert '<a href="/regions/crete/">Crete</a>' in html
    assert 'href="/regions/crete/#challenge-2"' in html
    for mapping in challenge.barrier_mappings.select_related("barrier"):
        assert f'href="/barriers/{mapping.barrier.number}/"' in html
        assert escape(mapping.rationale) in html
    if challenge.barrier_mappings.exists():
        assert '<span class="badge">Editorial</span>' in html
    assert provenance_line(challenge) in html


def test_a_finding_page_shows_its_text_country_list_and_editorial_kind(client):
    finding = NationalFinding.objects.get(source__slug="es-cancer-factsheet", order=3)
    html = page(client, "/findings/es-cancer-factsheet-3/")
    assert f"<p>{escape(finding.text)}</p>" in html
    assert escape(finding.area) in html and escape(finding.heading) in html
    assert 'partner region: <a href="/regions/catalonia/">Catalonia</a>' in html
    assert "the editors' reading of the list's heading" in html.replace("&#x27;", "'")
    assert f'href="/regions/catalonia/#finding-{finding.order}"' in html
    assert provenance_line(finding) in html


@pytest.mark.parametrize("kind", KINDS)
def test_neighbours_are_the_records_printed_before_and_after_within_the_parent(client, kind):
    model, url, parent = KINDS[kind]
    for record in model.objects.all():
        siblings = model.objects.filter(**{parent: getattr(record, f"{parent}_id")})
        before = siblings.filter(order__lt=record.order).order_by("-order").first()
        after = siblings.filter(order__gt=record.order).order_by("order").first()
        html = page(client, url.format(record.key))
        if before:
            assert f'<a href="{url.format(before.key)}" rel="prev">' in html
        else:
            assert 'rel="prev"' not in html
        if after:
            assert f'<a href="{url.format(after.key)}" rel="next">' in html
        else:
            assert 'rel="next"' not in html


def test_quote_neighbours_follow_the_printed_order_of_the_barrier(client):
    html = page(client, "/quotes/5-3/")
    assert '<a href="/quotes/5-2/" rel="prev">' in html
    assert '<a href="/quotes/5-4/" rel="next">' in html
    first = page(client, "/quotes/5-1/")
    assert 'rel="prev"' not in first  # not barrier 4's last quote: neighbours stay in 5


@pytest.mark.parametrize(
    "url",
    [
        "/quotes/5-999/",
        "/quotes/99-1/",
        "/quotes/5/",
        "/quotes/five-3/",
        "/quotes/5-99999999999999999999/",
        "/quotes/5-%C2%B3/",  # a superscript three is a digit to str.isdigit, not to a key
        "/comments/5-1/",  # barrier 5 has no boxed comment
        "/comments/7-2/",
        "/challenges/crete-999/",
        "/challenges/nowhere-1/",
        "/challenges/crete/",
        "/findings/es-cancer-factsheet-999/",
        "/findings/d6-1-1/",
        "/findings/-1/",
    ],
)
def test_an_unknown_key_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_the_barrier_page_keeps_its_quote_anchors_and_links_each_to_its_page(client):
    html = page(client, "/barriers/5/")
    for quote in Quote.objects.filter(barrier__number=5):
        figure = html[html.index(f'id="quote-{quote.order}"') :]
        figure = figure[: figure.index("</figure>")]
        assert f'<a href="/quotes/5-{quote.order}/">Link to this quote' in figure


def test_the_barrier_page_links_its_eu_comments_to_their_pages(client):
    html = page(client, "/barriers/7/")
    comment = html[html.index('id="comment-1"') :]
    assert '<a href="/comments/7-1/">Link to this comment' in comment[: comment.index("</div>")]


def test_the_quote_list_links_every_quote_to_its_page(client):
    html = page(client, "/quotes/?barrier=5")
    for quote in Quote.objects.filter(barrier__number=5):
        assert f'<a href="/quotes/{quote.key}/">Link to this quote' in html


def test_the_region_page_links_its_challenges_and_quotes_to_their_pages(client):
    html = page(client, "/regions/crete/")
    for challenge in RegionalChallenge.objects.filter(region__slug="crete"):
        item = html[html.index(f'id="challenge-{challenge.order}"') :]
        assert f'<a href="/challenges/{challenge.key}/">Link to this challenge' in item
    for quote in Quote.objects.filter(region__slug="crete").select_related("barrier"):
        assert f'<a href="/quotes/{quote.key}/">Link to this quote' in html


def test_the_spanish_findings_link_to_their_pages(client):
    html = page(client, "/regions/catalonia/")
    findings = NationalFinding.objects.filter(country__code="ES").select_related("source")
    assert findings.count() == 22
    for finding in findings:
        item = html[html.index(f'id="finding-{finding.order}"') :]
        assert f'<a href="/findings/{finding.key}/">Link to this finding' in item


# The record, its neighbours (two), and the citation's source, already joined: a fixed number
# of queries, whatever the record.
PAGE_QUERIES = {
    "/quotes/5-3/": 3,
    "/comments/7-1/": 4,  # + its references
    "/challenges/crete-2/": 4,  # + its barrier mappings
    "/findings/es-cancer-factsheet-3/": 4,  # + its barrier mappings
}


@pytest.mark.parametrize("url, queries", PAGE_QUERIES.items())
def test_a_record_page_runs_a_fixed_number_of_queries(
    client, url, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
