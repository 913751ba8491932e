"""The about page: sources and provenance, Tab. 3 and Tab. 4 as printed, the data notes, every
record with a transcription note, the report's narrative sections, citation and licence."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from barriers.models import Barrier, Category, Quote
from practices.models import GoodPractice
from provenance.models import DataNote, ReportSection, Source
from regions.models import Region

pytestmark = pytest.mark.django_db

# Sources, report sections, regions, data notes, the first quote (citation example), the
# first noted records of each of 8 kinds and their counts (one query), the records each source
# contributes (one query).
ABOUT_QUERIES = 15


@pytest.fixture
def page(client):
    response = client.get("/about/")
    assert response.status_code == 200
    return response.content.decode()


def table(page, caption_start):
    start = page.index(f"<caption>{caption_start}")
    return page[start : page.index("</table>", start)]


def rows(html):
    """Each <tr> of `html` as the list of its cells' text."""
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def text_of(html):
    return re.sub(r"<[^>]+>", "", html).strip()


def test_about_names_its_sources_with_their_details(page):
    assert "<title>About – PRECISEU knowledge base</title>" in page
    for source in Source.objects.all():
        assert f"<h3>{escape(source.title)}</h3>" in page
        for value in [source.short_title, source.publisher, source.identifier]:
            if value:  # an empty field is left out, not shown blank
                assert f"<dd>{escape(value)}</dd>" in page
        assert escape(source.description) in page


def test_tab_3_shows_each_region_as_printed_with_blank_cells_marked(page):
    tab3 = rows(table(page, "Tab 3."))
    header, body, total = tab3[0], tab3[1:-1], tab3[-1]
    assert header[:2] == ["Region", "Total"]
    assert header[2:] == [
        "Industry &amp; Private Sector (incl SME)",
        "Healthcare Providers",
        "Research &amp; Academia",
        "Public Authority or other",
    ]
    regions = list(Region.objects.order_by("order"))
    assert [row[0] for row in body] == [escape(region.name) for region in regions]
    for row, region in zip(body, regions, strict=True):
        figures = [
            region.interviews_total,
            region.interviews_industry,
            region.interviews_healthcare,
            region.interviews_research,
            region.interviews_public,
        ]
        assert row[1:] == ["–blank" if value is None else str(value) for value in figures]
    assert sum(row.count("–blank") for row in body) == 3
    # The Total row the report prints (Tab. 3): 158 interviews; 52, 14, 42, 51 per group.
    assert total == ["Total", "158", "52", "14", "42", "51"]
    assert "“–” marks a cell the report leaves blank" in page


def test_tab_4_shows_the_workshops_and_germanys_consultations(page):
    tab4 = rows(table(page, "Tab 4."))
    header, body, total = tab4[0], tab4[1:-1], tab4[-1]
    # The report's column headings (its Country column is the region's country).
    assert header == ["Region", "Workshop participants", "Online/ on site", "Workshop organizer(s)"]
    assert len(body) == 10
    flanders = next(row for row in body if row[0] == "Flanders")
    assert flanders == ["Flanders", "13", "Online", "MEDVIA"]
    germany = Region.objects.get(engagement=Region.Engagement.CONSULTATIONS)
    assert germany.name == "Baden-Württemberg"
    row = next(row for row in body if row[0] == germany.name)
    assert row[1] == "–none"
    assert row[2].startswith("One-on-one expert consultations instead of a workshop")
    assert escape(germany.engagement_note) in page
    # The report prints 199 participants in all.
    assert total[:2] == ["Total", "199"]


# The captions the report prints, each under the heading of the section that prints it.
PRINTED_CAPTIONS = {
    "methodology-regions-involved": ["Map of the ten participating European regions/countries"],
    "methodology-overall-approach": [
        "Tab 3. Number of expert interviews conducted by country representatives in each "
        "country/region."
    ],
    "methodology-workshops-for-validation-and-dialogue": [
        "Tab 4. Market and Patient Access workshops held in respective region."
    ],
}


def test_the_report_sections_hold_the_captions_as_printed():
    captions = {s.slug: s.captions for s in ReportSection.objects.all() if s.captions}
    assert captions == PRINTED_CAPTIONS
    source = " ".join(Path(settings.BASE_DIR, "sources", "d6-1.txt").read_text().split())
    for caption in sum(captions.values(), []):
        assert caption in source


@pytest.mark.parametrize(
    "label, slug, heading",
    [
        ("Tab 3.", "methodology-overall-approach", "Methodology › Overall approach"),
        (
            "Tab 4.",
            "methodology-workshops-for-validation-and-dialogue",
            "Methodology › Workshops for validation and dialogue",
        ),
    ],
)
def test_tab_3_and_tab_4_show_their_printed_caption_and_heading(page, label, slug, heading):
    (caption,) = PRINTED_CAPTIONS[slug]
    assert caption.startswith(label)
    assert f"<caption>{escape(caption)}</caption>" in page
    after = page[page.index(f"<caption>{escape(caption)}") :]
    printed_under = after[after.index("</table>") :][:600]
    assert f'printed under <a href="#report-{slug}">{escape(heading)}</a>' in printed_under


def test_each_report_section_shows_the_captions_it_prints(page):
    for slug, captions in PRINTED_CAPTIONS.items():
        start = page.index(f'id="report-{slug}"')
        section = page[start : page.index("</div>", page.index('class="provenance"', start))]
        for caption in captions:
            assert f"<li>{escape(caption)}</li>" in section


def test_about_shows_every_data_note(page):
    notes = DataNote.objects.all()
    # Tab. 3's two discrepancies and its transcription note; the title of the report.
    assert notes.filter(source__slug="d6-1").count() == 4
    section = page[page.index('id="data-notes"') : page.index('id="transcription-notes"')]
    for note in notes:
        assert f"<h3>{escape(note.subject)}</h3>" in section
        assert escape(note.get_kind_display()) in section
        assert escape(note.text) in section


def test_about_lists_every_record_with_a_transcription_note_and_links_to_it(page):
    section = page[page.index('id="transcription-notes"') : page.index('id="report"')]
    for barrier in Barrier.objects.exclude(note=""):
        assert f'<a href="/barriers/{barrier.number}/">{escape(barrier)}</a>' in section
        assert escape(barrier.note).split("\n")[0] in section
    for quote in Quote.objects.exclude(note=""):
        link = f'href="/quotes/{quote.barrier.number}-{quote.order}/"'
        label = f"Quote from {escape(quote.attribution)} on barrier {quote.barrier.number}"
        assert f"<a {link}>{label}</a>" in section
    for practice in GoodPractice.objects.exclude(note=""):
        assert f'href="/practices/{practice.slug}/"' in section
    for region in Region.objects.exclude(note=""):
        assert f'href="/regions/{region.slug}/"' in section
    for report_section in ReportSection.objects.exclude(note=""):
        assert f'href="/about/#report-{report_section.slug}"' in section
    for category in Category.objects.exclude(note=""):
        assert f'href="/categories/{category.slug}/"' in section
    noted = sum(
        model.objects.exclude(note="").count()
        for model in [Category, Barrier, Quote, GoodPractice, Region, ReportSection]
    )
    assert section.count('<p class="note__label">Transcription note</p>') == noted


def test_about_shows_the_report_sections_as_a_tree(page):
    for report_section in ReportSection.objects.all():
        assert f'id="report-{report_section.slug}"' in page
        assert f">{escape(report_section.heading)}</h" in page
    methodology = page[page.index('id="report-methodology"') :]
    methodology = methodology[: methodology.index("</details>")]
    for child in ReportSection.objects.filter(parent__slug="methodology"):
        assert f'id="report-{child.slug}"' in methodology
    about = ReportSection.objects.get(slug="about-this-report")
    for highlight in about.highlights:
        assert f"<li>{escape(highlight)}</li>" in page


def test_about_says_how_to_cite_and_what_licence_applies(page):
    cite = page[page.index('id="cite"') : page.index('id="licence"')]
    source = Source.objects.get(slug="d6-1")
    assert f"<cite>{escape(source.title)}</cite>. {escape(source.identifier)}." in cite
    # A real record's reference, linked, as its page gives it today: no placeholder.
    quote = Quote.objects.select_related("barrier").first()
    key = f"{quote.barrier.number}-{quote.order}"
    assert (quote.barrier.number, quote.order) == (1, 1)
    barrier = quote.barrier
    label = f"Quote {key} ({escape(quote.attribution)}) on barrier 1: {escape(barrier.title)}"
    assert f'The page of <a href="/quotes/{key}/">{label}</a>' in " ".join(cite.split())
    url = f"http://testserver/quotes/{key}/"
    today = timezone.localdate()
    assert f'<a href="{url}">{url}</a> (accessed {today.day} {today:%B %Y})' in cite
    assert "The source prints no year of publication: the reference leaves it out." in cite
    for extension in ["bib", "ris", "json"]:
        assert f'href="/quotes/{key}/cite.{extension}"' in cite
    assert "<var>" not in cite
    licence = " ".join(page[page.index('id="licence"') :].split())
    assert "which state no licence, copyright or terms of reuse" in licence
    # D6.1's only words on the matter, quoted as printed (its page footer), and the editors'
    # own licence labelled as their choice
    assert "research and innovatiounder Grant Agreement No 101161301" in licence
    assert "Creative Commons Attribution 4.0 International" in licence
    assert "the knowledge base&#x27;s choice for its own editorial data" in licence
    assert "does not state a licence of its own" in licence


def test_about_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(ABOUT_QUERIES):
        assert client.get("/about/").status_code == 200


def test_a_kind_with_more_notes_than_shown_links_to_its_paged_list(client, monkeypatch):
    """The about page shows the first notes of each kind (NOTES_SHOWN); the rest are a paged
    list of their own, so the page stays one size whatever the data."""
    from preciseu_kb import views

    monkeypatch.setattr(views, "NOTES_SHOWN", 2)
    noted = GoodPractice.objects.exclude(note="")  # by name ignoring case, as listed
    assert noted.count() > 4
    about = client.get("/about/").content.decode()
    section = about[about.index('id="transcription-notes"') : about.index('id="report"')]
    assert (
        f'<a href="/about/notes/practices/">All {noted.count()} good practices with a note</a>'
        in section
    )
    first = client.get("/about/notes/practices/").content.decode()
    second = client.get("/about/notes/practices/", {"page": 2}).content.decode()
    for practice in noted[:2]:
        assert f'href="/practices/{practice.slug}/"' in first
        assert f'href="/practices/{practice.slug}/"' not in second
    for practice in noted[2:4]:
        assert f'href="/practices/{practice.slug}/"' in second
    assert f"Page 2 of {(noted.count() + 1) // 2}" in second


def test_an_unknown_kind_of_noted_record_is_a_404(client):
    assert client.get("/about/notes/nothing/").status_code == 404
