"""The layout every site page shares (landmarks, skip link, navigation, titles, headings,
labels, self-hosted assets) and the shared includes, rendered on their own."""

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from barriers.filters import BarrierFilter
from barriers.models import Barrier, Quote

pytestmark = pytest.mark.django_db

SITE_NAME = "PRECISEU knowledge base"
PAGES = ["/", "/barriers/", "/barriers/5/", "/categories/financial-barriers/", "/about/"]


class PageOutline(HTMLParser):
    """The parts of a page the layout rules are about."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.headings = []
        self.ids = set()
        self.label_targets = set()
        self.controls = []
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag in {"link", "script", "img"}:
            self.assets.append(attrs.get("href") or attrs.get("src") or "")

    def has(self, tag, **attrs):
        return any(
            name == tag and all(found.get(key) == value for key, value in attrs.items())
            for name, found in self.tags
        )


def outline(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parser = PageOutline()
    parser.feed(response.content.decode())
    return parser, response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_landmarks_skip_link_and_language(client, path):
    page, html = outline(client, path)
    assert html.startswith("<!doctype html>")
    assert page.has("html", lang="en")
    assert page.has("a", href="#main", **{"class": "skip-link"})
    assert page.has("main", id="main")
    assert page.has("header", **{"class": "site-header"})
    assert page.has("nav", **{"aria-label": "Primary"})
    assert page.has("footer", **{"class": "site-footer"})
    assert page.has("meta", name="viewport", content="width=device-width, initial-scale=1")


@pytest.mark.parametrize("path", PAGES)
def test_page_headings_start_at_one_h1_and_never_skip_a_level(client, path):
    page, _ = outline(client, path)
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    for previous, current in itertools.pairwise(page.headings):
        assert current <= previous + 1, f"h{previous} is followed by h{current} on {path}"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_only_its_own_assets(client, path):
    page, html = outline(client, path)
    assert f"{settings.STATIC_URL}css/site.css" in " ".join(page.assets)
    for asset in page.assets:
        assert not re.match(r"(https?:)?//", asset), f"{asset} comes from another host"
    # No script to run; a schema.org data block (application/ld+json) is data, not a script.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all(tag == '<script type="application/ld+json">' for tag in scripts), scripts


@pytest.mark.parametrize(
    "path, title",
    [
        ("/", SITE_NAME),
        ("/barriers/", f"Barriers – {SITE_NAME}"),
        ("/barriers/5/", f"Barrier 5: Reimbursement Misalignment – {SITE_NAME}"),
        ("/categories/financial-barriers/", f"Financial barriers – {SITE_NAME}"),
        ("/about/", f"About – {SITE_NAME}"),
    ],
)
def test_page_title_names_the_page_then_the_site(client, path, title):
    _, html = outline(client, path)
    assert f"<title>{title}</title>" in html


@pytest.mark.parametrize("path", PAGES[1:])
def test_pages_below_home_have_a_breadcrumb_ending_at_the_current_page(client, path):
    page, html = outline(client, path)
    assert page.has("nav", **{"aria-label": "Breadcrumb"})
    start = html.index('aria-label="Breadcrumb"')
    breadcrumb = html[start : html.index("</nav>", start)]
    assert '<li><a href="/">Home</a></li>' in breadcrumb
    assert breadcrumb.count('aria-current="page"') == 1


def test_primary_nav_links_every_section_and_marks_the_current_one(client):
    _, html = outline(client, "/barriers/5/")
    nav = html[html.index('aria-label="Primary"') : html.index("</nav>")]
    for label, name in [
        ("Barriers", "barrier-list"),
        ("Practices", "practice-list"),
        ("Regions", "region-list"),
        ("Quotes", "quote-list"),
        ("Gaps", "gaps"),
        ("About", "about"),
        ("API", "api:api-root"),
    ]:
        current = ' aria-current="page"' if label == "Barriers" else ""
        assert f'<a href="{reverse(name)}"{current}>{label}</a>' in nav


def test_every_form_control_has_a_label(client):
    page, _ = outline(client, "/barriers/")
    assert page.controls
    for control in page.controls:
        assert control["id"] in page.label_targets, f"{control['name']} has no label"


def test_every_in_page_link_reaches_an_element(client):
    for path in ["/barriers/1/", "/about/"]:
        page, html = outline(client, path)
        for target in re.findall(r'href="#([^"]+)"', html):
            assert target in page.ids, f"#{target} on {path} leads nowhere"


def test_footer_names_the_source_and_links_to_citation(client):
    _, html = outline(client, "/barriers/")
    footer = html[html.index('<footer class="site-footer">') :]
    assert "<cite>PRECISEU D6.1 Cross-Regional Report</cite>" in footer
    assert f'<a href="{reverse("about")}#cite">How to cite</a>' in footer


def test_stylesheet_is_self_contained_focus_visible_responsive_and_printable():
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert not re.search(r"@import|url\(", css), "the stylesheet loads nothing else"
    assert ":focus-visible" in css
    assert "@media print" in css
    assert "@media (max-width: 40rem)" in css
    print_rules = css[css.index("@media print") :]
    # Paper shows no address after each link: a page spells out those that matter.
    assert "attr(href)" not in css
    assert ".quote" in print_rules and "break-inside: avoid" in print_rules


# ---------- The includes, on their own ----------


def render(template, **context):
    return render_to_string(template, context, request=RequestFactory().get("/"))


def test_filter_form_shows_labels_errors_apply_and_clear():
    filterset = BarrierFilter({"region": "atlantis"}, queryset=Barrier.objects.all())
    assert not filterset.is_valid()
    html = render("includes/filter_form.html", filter=filterset, clear_url="/barriers/")
    assert '<form class="filter-form" method="get" action="/barriers/"' in html
    assert '<label for="id_region">' in html
    assert '<div class="error" role="alert">' in html
    assert "Unknown region “atlantis”." in html
    assert '<button type="submit">Apply</button>' in html
    assert '<a class="filter-form__clear" href="/barriers/">Clear filters</a>' in html


def test_pagination_keeps_the_other_parameters():
    request = RequestFactory().get("/quotes/", {"region": "crete", "search": "data", "page": 2})
    page_obj = Paginator(list(range(50)), 20).get_page(2)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert 'href="?region=crete&amp;search=data&amp;page=1" rel="prev"' in html
    assert 'href="?region=crete&amp;search=data&amp;page=3" rel="next"' in html
    assert "Page 2 of 3" in html


def test_pagination_prints_nothing_for_a_single_page():
    page_obj = Paginator(list(range(5)), 20).get_page(1)
    assert render("includes/pagination.html", page_obj=page_obj).strip() == ""


def test_bar_chart_keeps_numbers_as_text_and_blank_cells_as_a_dash():
    rows = [{"label": "Industry", "value": 6}, {"label": "Healthcare", "value": None}]
    html = render("includes/bar_chart.html", rows=rows, max=12, caption="Interviews")
    assert "<caption>Interviews</caption>" in html
    assert '<span class="bar-chart__value">6</span>' in html
    assert 'width="50%"' in html and "style=" not in html  # no inline style under the CSP
    assert '<span class="bar-chart__value">–</span>' in html
    assert html.count('class="bar-chart__bar"') == 1
    assert html.count('aria-hidden="true"') == 2


def test_api_link_prints_nothing_without_a_url_and_keeps_a_query():
    assert render("includes/api_link.html", url="").strip() == ""
    html = render("includes/api_link.html", url="/api/v1/barriers/", query="region=crete")
    assert '<a href="/api/v1/barriers/?region=crete">This data in the API' in html


def test_provenance_shows_source_section_and_note():
    quote = Quote.objects.select_related("source").exclude(note="").first()
    html = render("includes/provenance.html", record=quote)
    assert f"Source: <cite>{quote.source.short_title}</cite>, {quote.section}" in html
    assert '<div class="note" role="note">' in html
    assert "Transcription note" in html


def test_provenance_without_note_has_no_note_box():
    record = SimpleNamespace(source=SimpleNamespace(short_title="D6.1"), section="Aim", note="")
    html = render("includes/provenance.html", record=record)
    assert "Source: <cite>D6.1</cite>, Aim" in html
    assert 'class="note"' not in html


def test_empty_state_offers_its_action():
    html = render(
        "includes/empty_state.html", title="Nothing.", action_url="/x/", action_label="Back"
    )
    assert '<p class="empty-state__title">Nothing.</p>' in html
    assert '<a href="/x/">Back</a>' in html
