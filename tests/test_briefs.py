"""Briefs: a barrier or a region on one or two printed pages, for a meeting. What each shows,
checked against the report's data; the rule that picks a barrier's quotes; links, 404s and
query counts. Their printing (page counts) is in tests/browser/test_briefs.py."""

import re

import pytest
from django.utils.html import escape

from barriers.models import Barrier, Quote
from barriers.views import BRIEF_QUOTE_RULE
from practices.matching import barriers_raised_by, best_practices_from_elsewhere
from regions.models import Region
from regions.views import BRIEF_MATCHES

pytestmark = pytest.mark.django_db

# The barrier with its sections, comments, table listings (+ practice, source) and the
# practices' countries; the regions quoted on it, the regions whose challenges are mapped to
# it; its quotes' regions in printed order, then the chosen quotes (barrier 5 has no comment,
# whose references would be one more).
BARRIER_BRIEF_QUERIES = 9
# The region with its challenges; the barriers it raised; the ranked candidates, the shown
# practices, their countries and their profile kinds.
REGION_BRIEF_QUERIES = 7


def brief(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(page, heading_id):
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def quotes_in(page):
    """The orders of the quotes a barrier brief shows, from their reference lines' links."""
    return re.findall(r'class="quote-reference">.*?/quotes/\d+-(\d+)/"', section(page, "quotes"))


# ---------- A barrier's brief ----------


def test_a_barrier_brief_has_its_category_summary_regions_and_permalink(client):
    page = brief(client, "/barriers/5/brief/")
    barrier = Barrier.objects.get(number=5)
    assert "<h1>5. Reimbursement Misalignment</h1>" in page
    assert "Financial barriers" in page
    assert escape(barrier.introduction.split("\n")[0]) in page
    assert 'Permalink: <a href="/barriers/5/">http://testserver/barriers/5/</a>' in page
    raised = page.split("<dt>Raised by</dt>")[1].split("</dd>")[0]
    # The 8 regions quoted on it, in the order of Tab. 3, with their number of quotes.
    assert [name.split("</a>")[0].split(">")[-1] for name in raised.split("<a ")[1:]] == [
        "Flanders",
        "Sofia",
        "Catalonia",
        "Baden-Württemberg",
        "Crete",
        "Emilia-Romagna",
        "Netherlands",
        "Västra Götaland",
    ]
    assert "Emilia-Romagna</a> (2 quotes)" in raised
    assert "Mapped from fact sheets" in page
    assert "Editorial" in page


def test_a_barrier_brief_quotes_each_regions_first_quote_in_printed_order(client):
    # Barrier 5 prints Emilia-Romagna's two quotes first (1, 2), then the Netherlands' (3)
    # and Västra Götaland's (4): the rule takes 1, 3 and 4.
    page = brief(client, "/barriers/5/brief/")
    assert quotes_in(page) == ["1", "3", "4"]
    assert escape(BRIEF_QUOTE_RULE) in page
    assert "3 of 9." in page
    first = Quote.objects.get(barrier__number=5, order=1)
    assert escape(first.text) in section(page, "quotes")
    assert f"— {first.attribution} (Emilia-Romagna)" in page


def test_with_fewer_regions_than_quotes_shown_the_next_printed_quotes_fill_in(client):
    # Barrier 17 without Emilia-Romagna's and the Netherlands' quotes keeps Västra
    # Götaland's two (2 and 3): its first, then the next in printed order.
    Quote.objects.filter(
        barrier__number=17, region__slug__in=["emilia-romagna", "netherlands"]
    ).delete()
    assert quotes_in(brief(client, "/barriers/17/brief/")) == ["2", "3"]


def test_each_quote_of_a_brief_carries_its_reference_line(client):
    page = brief(client, "/barriers/5/brief/")
    quote = Quote.objects.select_related("source").get(barrier__number=5, order=3)
    reference = (
        f'<p class="quote-reference"><cite>{quote.source.short_title}</cite>, '
        f"{escape(quote.section)}. "
        f'<a href="/quotes/5-3/">http://testserver/quotes/5-3/</a></p>'
    )
    assert reference in page


def test_a_barrier_brief_lists_its_tables_practices_one_line_each(client):
    page = section(brief(client, "/barriers/5/brief/"), "practices")
    barrier = Barrier.objects.for_detail().get(number=5)
    names = [listing.practice.name for listing in barrier.table_listings]
    assert len(names) == 7
    assert page.count("<li>") == 7
    positions = [page.index(escape(name)) for name in names]
    assert positions == sorted(positions)
    assert "— Catalonia, Spain · Catalonia</li>" in page


def test_every_barrier_has_a_brief(client):
    for number in Barrier.objects.values_list("number", flat=True):
        page = brief(client, f"/barriers/{number}/brief/")
        assert f"http://testserver/barriers/{number}/" in page


def test_the_barrier_page_links_to_its_brief(client):
    page = brief(client, "/barriers/5/")
    assert '<a href="/barriers/5/brief/">Brief for a meeting (print)</a>' in page


def test_an_unknown_barriers_brief_is_404(client):
    assert client.get("/barriers/99/brief/").status_code == 404
    assert client.get("/barriers/0/brief/").status_code == 404


def test_a_barrier_brief_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(BARRIER_BRIEF_QUERIES):
        brief(client, "/barriers/5/brief/")


# ---------- A region's brief ----------


def test_a_region_brief_has_its_fact_sheet_in_short(client):
    region = Region.objects.get(slug="crete")
    page = brief(client, "/regions/crete/brief/")
    assert "<h1>Crete</h1>" in page
    assert "Fact sheet: “Crete, Greece”" in page
    assert escape(region.overview.split("\n")[0]) in page
    facts = section(page, "fact-sheet")
    assert facts.count('href="/challenges/crete-') == region.challenges.count() == 14
    assert "<dd>10 (Tab. 3)</dd>" in facts
    assert "29 participants, online, organised by FORTH-ICS (Tab. 4)" in facts
    assert 'Permalink: <a href="/regions/crete/">http://testserver/regions/crete/</a>' in page


def test_a_region_without_a_workshop_says_how_it_validated(client):
    region = Region.objects.get(engagement=Region.Engagement.CONSULTATIONS)
    page = brief(client, f"/regions/{region.slug}/brief/")
    assert "One-on-one expert consultations instead of a workshop (Tab. 4)" in page


def test_a_region_brief_lists_the_barriers_it_raised_and_how(client):
    region = Region.objects.get(slug="crete")
    raised = section(brief(client, "/regions/crete/brief/"), "raised")
    barriers = barriers_raised_by(region)
    assert raised.count("<li>") == len(barriers) == 11
    for barrier in barriers:
        assert f'<a href="/barriers/{barrier.number}/">{barrier.number}. ' in raised
    # Barrier 2: a mapped challenge only, linked to the region page's challenges.
    assert (
        '2. Health data governance</a> (in its <a href="/regions/crete/#challenges">fact '
        "sheet</a>, as the editors read it"
    ) in raised


def test_a_region_brief_lists_the_best_ranked_practices_from_elsewhere(client):
    region = Region.objects.get(slug="crete")
    elsewhere = section(brief(client, "/regions/crete/brief/"), "elsewhere")
    matches, count = best_practices_from_elsewhere(region, barriers_raised_by(region), None)
    assert count == 31
    shown = matches[:BRIEF_MATCHES]
    assert elsewhere.count("<li>") == BRIEF_MATCHES
    positions = [elsewhere.index(f'href="{m.practice.get_absolute_url()}"') for m in shown]
    assert positions == sorted(positions)
    assert f'href="{matches[BRIEF_MATCHES].practice.get_absolute_url()}"' not in elsewhere
    assert f"the first {BRIEF_MATCHES} of 31." in elsewhere
    assert "Greece" not in [m.practice.country_label for m in shown]


def test_every_region_has_a_brief(client):
    for slug in Region.objects.values_list("slug", flat=True):
        assert f"http://testserver/regions/{slug}/" in brief(client, f"/regions/{slug}/brief/")


def test_the_region_page_links_to_its_brief(client):
    page = brief(client, "/regions/crete/")
    assert '<a href="/regions/crete/brief/">Brief for a meeting (print)</a>' in page


def test_an_unknown_regions_brief_is_404(client):
    assert client.get("/regions/atlantis/brief/").status_code == 404


def test_a_region_brief_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(REGION_BRIEF_QUERIES):
        brief(client, "/regions/crete/brief/")


# ---------- The pages' print: a group's source said once ----------


def test_the_barrier_page_names_its_quotes_source_once_for_print(client):
    page = brief(client, "/barriers/5/")
    quotes = section(page, "quotes")
    assert quotes.count('<p class="provenance print-only">Source of these quotes:') == 1
    practices = section(page, "practices")
    assert practices.count('<p class="provenance print-only">Source of these practices:') == 1
    assert '<ol class="stack print-sources-once">' in practices


def test_the_region_page_names_each_barriers_quotes_source_once_for_print(client):
    page = brief(client, "/regions/crete/")
    quotes = section(page, "quotes")
    groups = quotes.count('<div class="quote-group"')
    assert groups == 9  # the barriers Crete is quoted on
    assert quotes.count("Source of these quotes:") == groups
