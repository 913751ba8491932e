"""The good-practice list (filters, counts, empty state, bad values, pages) and a practice's
page, against the report's data. Expectations are computed from the tables directly, not
through the FilterSet the pages use."""

import re

import pytest
from django.utils.html import escape

from barriers.models import ChallengeMapping, Quote
from practices.models import GoodPractice, PracticeListing
from regions.models import Region

pytestmark = pytest.mark.django_db

LIST_URL = "/practices/"
FHIN = "federated-health-innovation-network"
# Queries of the list page: one per facet (barrier, category, country, region, level, kind,
# source: bases.facets), the count, the page, and the page's countries, listings (with
# barriers) and kinds.
LIST_QUERIES = 12


def practices_shown(client, query=""):
    """The slugs of every practice the list shows for `query`, walking all its pages."""
    first = client.get(f"{LIST_URL}?{query}")
    assert first.status_code == 200
    slugs = []
    for number in first.context["page_obj"].paginator.page_range:
        page = client.get(f"{LIST_URL}?{query}&page={number}")
        slugs += re.findall(r'<h2><a href="/practices/([\w-]+)/">', page.content.decode())
    assert len(slugs) == len(set(slugs)), "a practice is shown twice"
    return set(slugs)


def listed_under(*numbers):
    return set(
        PracticeListing.objects.filter(barrier__number__in=numbers).values_list(
            "practice__slug", flat=True
        )
    )


def from_partner_countries():
    partner_codes = set(Region.objects.values_list("country__code", flat=True))
    return {
        practice.slug
        for practice in GoodPractice.objects.prefetch_related("countries")
        if any(country.code in partner_codes for country in practice.countries.all())
    }


def all_slugs():
    return set(GoodPractice.objects.values_list("slug", flat=True))


def test_list_shows_all_52_practices_over_its_pages(client):
    # 47 of the report, 5 of Spain's PERTE Salud de Vanguardia measure.
    response = client.get(LIST_URL)
    page = response.content.decode()
    assert "52 practices" in page
    assert response.context["page_obj"].paginator.num_pages > 1
    assert 'rel="next"' in page
    assert practices_shown(client) == all_slugs()
    assert len(all_slugs()) == 52


def test_a_row_shows_country_as_printed_locality_barriers_and_an_excerpt(client):
    page = client.get(f"{LIST_URL}?country=US").content.decode()
    assert '<span class="badge badge--country">USA</span> · New Jersey</p>' in page
    practice = GoodPractice.objects.get(slug="padris-program")
    page = client.get(f"{LIST_URL}?search=PADRIS").content.decode()
    # The printed label already names the locality: it is not repeated.
    assert '<span class="badge badge--country">Catalonia, Spain</span></p>' in page
    assert 'href="/barriers/2/">2. Health data governance</a>' in page
    excerpt = re.search(r'<p class="card__summary">(.*?)</p>', page, re.S).group(1)
    words = practice.description.split()
    assert len(words) > 28, "the excerpt must be shorter than the description"
    assert excerpt.split() == words[:28] + ["…"]


@pytest.mark.parametrize("number", [5, 15])
def test_barrier_filter_gives_the_practices_of_that_barriers_table(client, number):
    expected = listed_under(number)
    assert 0 < len(expected) < len(all_slugs())
    assert practices_shown(client, f"barrier={number}") == expected


def test_several_barriers_comma_separated_or_repeated_give_either(client):
    expected = listed_under(1, 16)
    assert expected > listed_under(1) and expected > listed_under(16)
    assert practices_shown(client, "barrier=1,16") == expected
    assert practices_shown(client, "barrier=1&barrier=16") == expected


def test_category_filter_gives_the_practices_of_its_barriers(client):
    expected = set(
        PracticeListing.objects.filter(barrier__category__slug="financial-barriers").values_list(
            "practice__slug", flat=True
        )
    )
    assert listed_under(5) < expected
    assert practices_shown(client, "category=financial-barriers") == expected


@pytest.mark.parametrize("code", ["SE", "se"])
def test_country_filter_gives_the_practices_naming_that_country(client, code):
    expected = set(GoodPractice.objects.filter(countries__code="SE").values_list("slug", flat=True))
    assert len(expected) > 1
    assert practices_shown(client, f"country={code}") == expected


def test_a_practice_of_several_countries_is_found_by_each(client):
    for code in ["AT", "BE", "IE", "LU", "NL"]:
        assert "beneluxa-initiative" in practices_shown(client, f"country={code}")


def test_partner_true_and_false_partition_the_practices(client):
    partner = practices_shown(client, "partner=true")
    others = practices_shown(client, "partner=false")
    assert partner == from_partner_countries()
    assert partner and others and not partner & others
    assert partner | others == all_slugs()
    assert "findata" in others and "fda-catt-program" in others  # Finland, United States


def test_text_filter_matches_name_description_and_country_case_insensitively(client):
    expected = {
        practice.slug
        for practice in GoodPractice.objects.all()
        if "genomic"
        in " ".join(
            [practice.name, practice.description, practice.country_label, practice.locality]
        ).lower()
    }
    assert len(expected) > 1
    assert practices_shown(client, "search=GENOMIC") == expected


def test_filters_combine(client):
    expected = (listed_under(5) | listed_under(15)) - from_partner_countries()
    assert expected and expected < listed_under(5) | listed_under(15)
    assert practices_shown(client, "barrier=5,15&partner=false") == expected


def test_active_filters_are_summarised_each_with_a_link_without_it(client):
    page = client.get(f"{LIST_URL}?country=SE&barrier=15").content.decode()
    count = len(listed_under(15) & practices_shown(client, "country=SE"))
    assert f"{count} practices match these filters" in page
    assert "<strong>Country:</strong> Sweden" in page
    assert "<strong>Barrier:</strong> 15. Barriers to scalability" in page
    assert 'href="/practices/?barrier=15">Remove' in page
    assert 'href="/practices/?country=SE">Remove' in page
    # The same selection in the API, without the site's page number.
    page = client.get(f"{LIST_URL}?country=SE&page=1").content.decode()
    assert '<p class="api-link"><a href="/api/v1/practices/?country=SE">' in page


def test_pages_keep_the_filters(client):
    assert len(from_partner_countries()) > 20, "needs a filtered list of more than one page"
    page = client.get(f"{LIST_URL}?partner=true").content.decode()
    assert 'href="?partner=true&amp;page=2" rel="next"' in page
    second = client.get(f"{LIST_URL}?partner=true&page=2").content.decode()
    assert 'href="?partner=true&amp;page=1" rel="prev"' in second


def test_no_match_explains_and_offers_to_clear(client):
    response = client.get(f"{LIST_URL}?country=US&barrier=1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 practices match these filters" in page
    assert "No good practice matches these filters." in page
    assert 'href="/practices/">Clear the filters and show all good practices</a>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("barrier=99", "Unknown barrier number “99”. Allowed: 1, 2, 3"),
        ("barrier=abc", "Unknown barrier number “abc”."),
        ("barrier=5,99", "Unknown barrier number “99”."),
        ("country=ZZ", "Unknown country code “ZZ”. Allowed: AT, BE"),
        ("category=nope", "Unknown category “nope”. Allowed: health-data-accessibility"),
        ("partner=maybe", "“maybe” is not allowed. Allowed: true, false."),
    ],
)
def test_bad_values_give_400_with_the_filters_message(client, query, message):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert "<h2><a href=" not in page, "no practice is listed for an invalid selection"


def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for query in ["", "page=3", "partner=true", "partner=false&search=data"]:
        with django_assert_num_queries(LIST_QUERIES):
            client.get(f"{LIST_URL}?{query}")
    # Each barrier, category or country value given is checked by one query.
    for query in ["barrier=5", "barrier=1,16&partner=true", "country=NL"]:
        with django_assert_num_queries(LIST_QUERIES + 1):
            client.get(f"{LIST_URL}?{query}")


def test_practice_listed_under_two_barriers_shows_both(client):
    listings = PracticeListing.objects.filter(practice__slug=FHIN)
    assert set(listings.values_list("barrier__number", flat=True)) == {1, 16}
    page = client.get(f"/practices/{FHIN}/").content.decode()
    assert '<span class="visually-hidden">Barrier 1: </span>Health data fragmentation</a>' in page
    assert 'href="/barriers/16/"><span class="visually-hidden">Barrier 16: </span>' in page
    assert "in the good-practice table of 2 barriers" in page


def test_practice_page_shows_its_record(client):
    practice = GoodPractice.objects.get(slug=FHIN)
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{practice.name}</h1>" in page
    assert f"<p>{practice.description}</p>" in page
    assert '<a href="https://www.fhin.be/" rel="noopener noreferrer">' in page
    assert "(www.fhin.be)" in page
    assert "Footnote 5:" in page and "Footnote 42:" in page
    assert "<dt>Country, as printed</dt>\n      <dd>Belgium</dd>" in page
    assert 'href="/practices/?country=BE"' in page
    assert f"{practice.section}</p>" in page
    assert practice.note and escape(practice.note) in page
    assert '<li aria-current="page">Federated Health Innovation Network (FHIN)</li>' in page
    assert f'<p class="api-link"><a href="/api/v1/practices/{FHIN}/">' in page


def test_practice_page_shows_locality(client):
    page = client.get("/practices/nj-acts/").content.decode()
    assert "<dt>Locality</dt><dd>New Jersey</dd>" in page


def test_template_sections_say_when_the_report_does_not_give_them(client):
    url = f"/practices/{FHIN}/"
    assert client.get(url).content.decode().count("The report does not say.") == 3
    GoodPractice.objects.filter(slug=FHIN).update(key_players="Nine hospitals.", transferability="")
    page = client.get(url).content.decode()
    assert "<dt>Key players</dt>\n          <dd>Nine hospitals.</dd>" in page
    assert page.count("The report does not say.") == 2


def adopters_expected(slug):
    """Regions that raised the practice's barriers (quoted on them, or a fact-sheet challenge
    mapped to them), and those of them in the practice's own countries."""
    practice = GoodPractice.objects.get(slug=slug)
    quoted = Quote.objects.filter(barrier__practices=practice).values_list("region__slug")
    mapped = ChallengeMapping.objects.filter(barrier__practices=practice).values_list(
        "challenge__region__slug"
    )
    raised = {slug for (slug,) in [*quoted, *mapped]}
    own = set(Region.objects.filter(country__practices=practice).values_list("slug", flat=True))
    return raised, own & raised


def raised_only_by_mapping():
    """(practice slug, region slug, barrier number) where the region has a challenge mapped to
    one of the practice's barriers but no quote on it, and is not of the practice's countries."""
    for mapping in ChallengeMapping.objects.select_related("challenge__region", "barrier"):
        region, barrier = mapping.challenge.region, mapping.barrier
        if Quote.objects.filter(region=region, barrier=barrier).exists():
            continue
        practices = GoodPractice.objects.filter(listings__barrier=barrier).exclude(
            countries=region.country_id
        )
        for practice in practices.order_by("slug"):
            return practice.slug, region.slug, barrier.number
    return None


def adopters_shown(page):
    section = page.split('id="adopters"', 1)[1].split("</section>", 1)[0]
    return set(re.findall(r'<li><a href="/regions/([\w-]+)/">', section)), section


@pytest.mark.parametrize("slug", [FHIN, "beneluxa-initiative"])
def test_who_could_adopt_it_lists_regions_quoted_on_its_barriers_except_its_own(client, slug):
    quoted, own = adopters_expected(slug)
    assert own, "the practice's own region is quoted on its barriers: the test needs it"
    shown, _ = adopters_shown(client.get(f"/practices/{slug}/").content.decode())
    assert shown == quoted - own
    assert "flanders" not in shown


def test_who_could_adopt_it_gives_the_barriers_in_common_most_first(client):
    _, section = adopters_shown(client.get(f"/practices/{FHIN}/").content.decode())
    both = {
        slug
        for slug in Region.objects.values_list("slug", flat=True)
        if {1, 16}
        <= set(Quote.objects.filter(region__slug=slug).values_list("barrier__number", flat=True))
    } - {"flanders"}
    assert both == {"crete"}
    assert section.index("/regions/crete/") < section.index("/regions/sofia/")
    crete = section.split("/regions/crete/", 1)[1].split("</li>", 1)[0]
    assert "raised barriers" in crete
    assert 'href="/barriers/1/" title="Health data fragmentation">1' in crete
    assert 'href="/barriers/16/"' in crete
    assert "(in its quotes)" in crete


def test_who_could_adopt_it_counts_a_mapped_challenge_as_the_region_page_does(client):
    found = raised_only_by_mapping()
    assert found, "the data has a region raising a barrier only by a mapped challenge"
    practice, region, number = found
    shown, section = adopters_shown(client.get(f"/practices/{practice}/").content.decode())
    assert region in shown
    item = section.split(f"/regions/{region}/", 1)[1].split("</li>", 1)[0]
    reason = item.split(f'href="/barriers/{number}/"', 1)[1].split("</a>", 1)[1]
    assert reason.startswith(" (in its fact sheet, as the editors read it)")
    # The region page counts the same barrier as raised by the same region.
    region_page = client.get(f"/regions/{region}/").content.decode()
    assert f'href="/barriers/{number}/">{number}.' in region_page.split("Barriers raised:", 1)[1]


def test_unknown_practice_is_404(client):
    assert client.get("/practices/no-such-practice/").status_code == 404


def test_practice_pages_run_the_same_fixed_number_of_queries(client, django_assert_num_queries):
    # The practice with source, its countries, listings (with barriers), references, its
    # actions (for a measure), its profile's kinds, actors and preconditions, and the quotes
    # on its barriers for "who could adopt it".
    for slug in [FHIN, "findata", "beneluxa-initiative"]:
        with django_assert_num_queries(9):
            assert client.get(f"/practices/{slug}/").status_code == 200
