"""Spain's national evidence where users look: the cancer-care factsheet's findings and the
PERTE Salud de Vanguardia measure on Catalonia's page, the barrier pages, the practice pages,
search, the evidence map and the API, against the loaded data."""

import csv
import io
import re

import pytest

from barriers.models import FindingMapping
from practices.models import GoodPractice, PracticeListing
from provenance.models import ReportSection
from regions.models import NationalFinding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

WORKFORCE = "Workforce capacity remains a limiting factor for wider NGS adoption."
MEASURE = "perte-salud-de-vanguardia-digital-health"
DATA_LAKE = "healthcare-data-lake"
HEALTH_DATA = "Revolutionising Health Data Uptake"


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status
    return response.content.decode()


def section(html, anchor):
    """The HTML of the <section> whose heading has id `anchor`."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


# Catalonia's page


def test_catalonia_shows_spains_national_context_beside_its_fact_sheet(client):
    html = page(client, "/regions/catalonia/")
    national = section(html, "national-context")
    assert "National context: Spain" in national
    assert "Spain as a whole, not for Catalonia alone" in national
    finding = NationalFinding.objects.get(text=WORKFORCE)
    item = national[national.index(f'id="finding-{finding.order}"') :]
    item = item[: item.index('<p class="provenance">')]
    assert WORKFORCE in item
    assert '<a href="/barriers/10/">10. ' in item
    provenance = f"Source: <cite>{finding.source.short_title}</cite>, {finding.section}"
    assert national.count(provenance) == 1  # once for the finding's whole list
    assert html.index('id="challenges"') < html.index('id="national-context"')


def test_catalonia_groups_the_findings_by_area_and_list_in_printed_order(client):
    national = section(page(client, "/regions/catalonia/"), "national-context")
    headings = re.findall(r"<h3>(.*?)</h3>", national)
    assert headings[:2] == [
        "Revolutionising Health Data Uptake",
        "Revolutionising Molecular Diagnostics",
    ]
    lists = re.findall(r'<h4><span class="badge">(\w+)</span> (.*?)</h4>', national)
    assert [kind for kind, _ in lists] == ["Strength", "Challenge", "Recommendation"] * 2
    assert lists[3][1] == "Current strengths:"
    findings = NationalFinding.objects.filter(country__code="ES").order_by("order")
    shown = [int(order) for order in re.findall(r'id="finding-(\d+)"', national)]
    assert shown == [finding.order for finding in findings] and len(shown) == 22


def test_catalonia_shows_spains_national_initiatives_with_their_responsible_body(client):
    national = section(page(client, "/regions/catalonia/"), "national-context")
    initiatives = national[national.index('id="national-initiatives"') :]
    perte = GoodPractice.objects.filter(source__slug="perte-salud-de-vanguardia")
    assert perte.count() == 5
    for practice in perte:
        assert f'<a href="{practice.get_absolute_url()}">{practice.name}</a>' in initiatives
    assert initiatives.count("Responsible body: Ministerio de Sanidad") == 5
    assert initiatives.count("Action of <a href=") == 4


def test_perte_practices_are_not_repeated_among_the_reports_practices_from_spain(client):
    home = section(page(client, "/regions/catalonia/"), "home-practices")
    assert DATA_LAKE not in home


@pytest.mark.parametrize("slug", ["crete", "vastra-gotaland", "baden-wurttemberg"])
def test_regions_of_countries_without_national_evidence_show_nothing_extra(client, slug):
    html = page(client, f"/regions/{slug}/")
    assert "National context" not in html
    assert 'id="finding-' not in html


def test_catalonia_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # Crete's 17, + the findings' mappings.
    with django_assert_num_queries(18):
        page(client, "/regions/catalonia/")


# Barrier pages


def test_barrier_page_shows_the_national_findings_mapped_to_it_as_editorial(client):
    html = page(client, "/barriers/10/")
    findings = section(html, "national-findings")
    assert WORKFORCE in findings
    finding = NationalFinding.objects.get(text=WORKFORCE)
    assert f'<a href="/findings/{finding.key}/">{WORKFORCE}</a>' in findings
    assert "Editorial" in findings and "Spain" in findings
    mapping = FindingMapping.objects.get(finding=finding, barrier__number=10)
    assert mapping.rationale in findings
    count = FindingMapping.objects.filter(barrier__number=10).count()
    assert findings.count('<li class="card">') == count


def test_the_printed_table_stays_as_printed_and_editorial_links_show_apart(client):
    html = page(client, "/barriers/1/")
    table = section(html, "practices")
    printed = PracticeListing.objects.filter(barrier__number=1, order__isnull=False)
    assert table.count('<li class="card">') == printed.count() == 3
    assert DATA_LAKE not in table
    linked = section(html, "linked-practices")
    assert f'href="/practices/{DATA_LAKE}/"' in linked
    assert "bringing fragmented health data together." in linked
    assert "3 good practices" in html


def test_barriers_without_findings_or_links_show_neither_section(client):
    numbers = set(FindingMapping.objects.values_list("barrier__number", flat=True))
    numbers |= set(
        PracticeListing.objects.filter(order__isnull=True).values_list("barrier__number", flat=True)
    )
    number = min(set(range(1, 18)) - numbers)
    html = page(client, f"/barriers/{number}/")
    assert 'id="national-findings"' not in html and 'id="linked-practices"' not in html


# Practice list and practice page


def test_practice_list_filtered_by_source_shows_the_five_perte_practices(client):
    html = page(client, "/practices/?source=perte-salud-de-vanguardia")
    shown = set(re.findall(r'href="/practices/([\w-]+)/"', html)) - {"propose"}  # the form
    perte = GoodPractice.objects.filter(source__slug="perte-salud-de-vanguardia")
    assert shown == {practice.slug for practice in perte}
    assert len(shown) == 5


def test_practice_cards_mark_the_editors_links_apart_from_the_printed_tables(client):
    html = page(client, "/practices/?source=perte-salud-de-vanguardia")
    cards = html.split('<li class="card card--compact">')[1:]
    assert len(cards) == 5
    for card in cards:
        slug = re.search(r'href="/practices/([\w-]+)/"', card).group(1)
        links = PracticeListing.objects.filter(practice__slug=slug, order__isnull=True)
        numbers = [int(n) for n in re.findall(r'href="/barriers/(\d+)/">\d+\. ', card)]
        assert numbers == sorted(link.barrier.number for link in links)
        assert ("Linked by the editors to" in card) == links.exists()
        assert "Addresses " not in card  # no printed table lists them
    report = page(client, "/practices/?source=d6-1").split('<li class="card card--compact">')[1:]
    assert report and all("Addresses " in card for card in report)
    # no editorial barrier links (their transfer profile is editorial, and marked so)
    assert not any("Linked by the editors" in card for card in report)


def test_measure_page_shows_responsible_body_objectives_actions_and_source(client):
    measure = GoodPractice.objects.get(slug=MEASURE)
    html = page(client, measure.get_absolute_url())
    assert "<dt>Responsible body</dt><dd>Ministerio de Sanidad</dd>" in html
    objectives = section(html, "objectives")
    assert len(measure.objectives) == 4
    for objective in measure.objectives:
        assert f"<li>{objective}</li>" in objectives
    actions = section(html, "actions")
    for part in measure.parts.all():
        assert f'<a href="{part.get_absolute_url()}">{part.name}</a>' in actions
    assert actions.count("<li>") == 4
    assert f"Source: <cite>{measure.source.short_title}</cite>, {measure.section}" in html


def test_action_page_shows_its_measure_and_its_editorial_barrier_links(client):
    html = page(client, f"/practices/{DATA_LAKE}/")
    measure = GoodPractice.objects.get(slug=MEASURE)
    assert (
        f'<dt>Part of</dt><dd><a href="{measure.get_absolute_url()}">{measure.name}</a></dd>'
        in html
    )
    barriers = section(html, "barriers")
    assert "The report lists this practice" not in barriers
    assert "Editorial</span> Linked by the editors to 2 barriers" in barriers
    assert '<a href="/barriers/1/">1. ' in barriers and '<a href="/barriers/2/">2. ' in barriers
    assert "bringing fragmented health data together." in barriers


def test_report_practice_page_shows_no_editorial_or_measure_sections(client):
    html = page(client, "/practices/findata/")
    assert "Responsible body" not in html and 'id="objectives"' not in html
    assert 'id="actions"' not in html and "Linked by the editors" not in html


def test_perte_practice_pages_run_the_same_queries_as_the_reports(
    client, django_assert_num_queries
):
    with django_assert_num_queries(9):
        page(client, f"/practices/{DATA_LAKE}/")
    with django_assert_num_queries(9):
        page(client, f"/practices/{MEASURE}/")
    crisis = "increase-in-healthcare-crisis-response-capabilities-digitalization"
    with django_assert_num_queries(8):  # an action with no barrier: no quotes to look for
        page(client, f"/practices/{crisis}/")


# The API


def api(client, path, status=200, **params):
    response = client.get(f"/api/v1/{path}", params)
    assert response.status_code == status, response.content[:300]
    return response.json()


def finding_keys(client, **params):
    body = api(client, "findings/", page_size=100, **params)
    assert body["next"] is None
    return [record["key"] for record in body["results"]]


def test_finding_record_has_its_text_provenance_and_editorial_mappings(client):
    finding = NationalFinding.objects.get(text=WORKFORCE)
    key = f"es-cancer-factsheet-{finding.order}"
    record = api(client, f"findings/{key}/")
    assert record["key"] == key
    assert record["text"] == WORKFORCE
    assert record["country"] == "ES" and record["kind"] == "challenge"
    assert record["area"] == "Revolutionising Molecular Diagnostics"
    assert record["heading"] == "Ongoing challenges:"
    assert record["site_url"] == f"http://testserver/findings/{finding.key}/"
    assert record["source"] == "es-cancer-factsheet" and record["section"] == finding.section
    mapping = FindingMapping.objects.get(finding=finding)
    assert record["barriers"] == [10]
    assert record["barrier_mappings"] == [
        {
            "number": 10,
            "title": mapping.barrier.title,
            "url": "http://testserver/api/v1/barriers/10/",
            "rationale": mapping.rationale,
        }
    ]


def expected_keys(findings):
    return [f"{finding.source.slug}-{finding.order}" for finding in findings.order_by("order")]


@pytest.mark.parametrize(
    "params, lookup",
    [
        ({"barrier": "10"}, {"barriers__number": 10}),
        ({"country": "es"}, {"country__code": "ES"}),
        (
            {"area": "Revolutionising Health Data Uptake"},
            {"area": "Revolutionising Health Data Uptake"},
        ),
        ({"kind": "recommendation"}, {"kind": "recommendation"}),
        ({"source": "es-cancer-factsheet"}, {"source__slug": "es-cancer-factsheet"}),
        ({"search": "workforce"}, {"text__icontains": "workforce"}),
    ],
)
def test_findings_filters(client, params, lookup):
    findings = NationalFinding.objects.filter(**lookup).select_related("source").distinct()
    assert findings.exists()
    assert finding_keys(client, **params) == expected_keys(findings)


def test_findings_of_barrier_10_are_the_two_workforce_and_awareness_challenges(client):
    texts = [api(client, f"findings/{key}/")["text"] for key in finding_keys(client, barrier="10")]
    assert WORKFORCE in texts
    assert "Moderate awareness of NGS applications among healthcare professionals." in texts


@pytest.mark.parametrize(
    "params, parameter, message",
    [
        ({"kind": "weakness"}, "kind", "Allowed: strength, challenge, recommendation."),
        ({"area": "Nowhere"}, "area", "Unknown area “Nowhere”. Allowed: Revolutionising"),
        ({"country": "XX"}, "country", "Unknown country code “XX”."),
        ({"barrier": "18"}, "barrier", "Unknown barrier number “18”."),
        ({"source": "nope"}, "source", "Unknown source “nope”."),
    ],
)
def test_findings_bad_filter_is_400_naming_the_parameter(client, params, parameter, message):
    errors = api(client, "findings/", status=400, **params)["errors"]
    assert list(errors) == [parameter]
    assert message in errors[parameter][0]


@pytest.mark.parametrize("key", ["es-cancer-factsheet-99", "d6-1-1", "es-cancer-factsheet"])
def test_unknown_finding_is_404(client, key):
    api(client, f"findings/{key}/", status=404)


def test_practice_record_has_the_new_fields(client):
    action = api(client, f"practices/{DATA_LAKE}/")
    assert action["responsible_body"] == "Ministerio de Sanidad"
    assert action["part_of"] == MEASURE
    assert action["objectives"] == [] and action["parts"] == []
    assert action["barriers"] == [] and action["barriers_detail"] == []  # no printed table
    assert action["barrier_links"] == [
        {
            "number": 1,
            "title": action["barrier_links"][0]["title"],
            "url": "http://testserver/api/v1/barriers/1/",
            "rationale": "“collect the information from the different existing information "
            "systems”: bringing fragmented health data together.",
        },
        {
            "number": 2,
            "title": action["barrier_links"][1]["title"],
            "url": "http://testserver/api/v1/barriers/2/",
            "rationale": PracticeListing.objects.get(
                practice__slug=DATA_LAKE, barrier__number=2
            ).rationale,
        },
    ]
    measure = api(client, f"practices/{MEASURE}/")
    assert measure["objectives"] == GoodPractice.objects.get(slug=MEASURE).objectives
    assert len(measure["parts"]) == 4 and measure["part_of"] is None


# Search


def test_search_finds_the_findings_by_their_words(client):
    workforce = api(client, "search/", q="workforce", kind="finding")
    finding = NationalFinding.objects.get(text=WORKFORCE)
    with_workforce = NationalFinding.objects.filter(text__icontains="workforce")
    assert sorted(hit["key"] for hit in workforce["results"]) == sorted(
        f"es-cancer-factsheet-{match.order}" for match in with_workforce
    )
    assert f"es-cancer-factsheet-{finding.order}" in {hit["key"] for hit in workforce["results"]}
    ngs = api(client, "search/", q="NGS", kind="finding", page_size=100)
    # "post-NGS" is one word to SQLite's tokenizer, three to PostgreSQL's: leave it aside.
    with_ngs = {
        f"es-cancer-factsheet-{finding.order}"
        for finding in NationalFinding.objects.filter(text__contains=" NGS")
    }
    assert len(with_ngs) == 7
    assert with_ngs <= {hit["key"] for hit in ngs["results"]}
    html = page(client, "/search/?q=workforce")
    assert 'id="kind-finding">National findings' in html
    assert f'href="/findings/{finding.key}/"' in html


# The evidence map


def spanish_findings_per_barrier():
    counts = {}
    for number in FindingMapping.objects.filter(finding__country__code="ES").values_list(
        "barrier__number", flat=True
    ):
        counts[number] = counts.get(number, 0) + 1
    return counts


def test_map_counts_spains_findings_in_catalonias_column_only(client):
    html = page(client, "/map/")
    expected = spanish_findings_per_barrier()
    assert expected[10] >= 2
    cell = html[html.index('id="cell-10-catalonia"') :]
    cell = cell[: cell.index("</td>")]
    assert (
        f'<a class="evidence-count" href="/barriers/10/#national-findings"><abbr '
        f'title="national findings">N</abbr> {expected[10]}<span' in cell
    )
    crete = html[html.index('id="cell-10-crete"') :]
    assert 'title="national findings">N' not in crete[: crete.index("</td>")]
    assert '<abbr title="national findings">N</abbr> national findings on its country' in html


def test_map_csv_and_api_give_the_national_findings(client):
    expected = spanish_findings_per_barrier()
    body = b"".join(client.get("/map/evidence-map.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    catalonia = [row for row in rows if row["region"] == "catalonia"]
    found = {
        int(row["barrier_number"]): int(row["national_findings"])
        for row in catalonia
        if int(row["national_findings"])
    }
    assert found == expected
    body = api(client, "evidence-map/")
    cells = {
        (barrier["number"], cell["region"]): cell
        for category in body["categories"]
        for barrier in category["barriers"]
        for cell in barrier["cells"]
    }
    assert cells[(10, "catalonia")]["national_findings"] == expected[10]
    assert cells[(10, "catalonia")]["findings_url"] == (
        "http://testserver/barriers/10/#national-findings"
    )
    assert cells[(10, "crete")]["national_findings"] == 0
    totals = {region["slug"]: region for region in body["regions"]}
    assert totals["catalonia"]["national_findings"] == sum(expected.values())


# The about page


def test_about_lists_the_three_sources_with_what_each_contributes(client):
    html = page(client, "/about/")
    sources = html[html.index('id="sources"') : html.index("<h3>Provenance</h3>")]
    d6_1 = sources[sources.index("<h3>PRECISEU D6.1") :]
    assert "In this knowledge base: 6 categories, 17 barriers, 92 quotes, 2 EU comments, " in d6_1
    assert "47 good practices, 10 partner regions, 83 fact-sheet challenges" in d6_1
    findings = NationalFinding.objects.count()
    factsheet_sections = ReportSection.objects.filter(source__slug="es-cancer-factsheet").count()
    assert (
        f"In this knowledge base: {findings} national findings, "
        f"{factsheet_sections} narrative sections." in sources
    )
    assert "In this knowledge base: 5 good practices." in sources
    assert sources.count("In this knowledge base:") == 3


def test_barrier_list_counts_only_the_printed_table_rows(client):
    """Barrier 15's table prints 8 practices; the PERTE measure linked by the editors is not
    one of them."""
    html = page(client, "/barriers/")
    item = html[html.index('href="/barriers/15/"') :]
    assert "· 8 good practices</p>" in item[: item.index("</p>") + 4]
