"""The shortlist in the URL (/shortlist/?practices=a,b): its page, adding and removing
without JavaScript, the link to send, the empty state, and the 400s."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils.html import escape

from practices.models import GoodPractice
from practices.shortlist import SHORTLIST_MAX

pytestmark = pytest.mark.django_db

FIVE = ["findata", "dare-nl", "atmp-pit", "beneluxa-initiative", "ccrm-nordic"]


def shortlist(client, query=""):
    return client.get(reverse("shortlist") + query)


def listed(response):
    return [practice.slug for practice in response.context["practices"]]


def hrefs(html, text):
    """The hrefs of the links whose text starts with `text`."""
    return [
        href.replace("&amp;", "&")
        for href in re.findall(rf'<a href="([^"]*)"[^>]*>{re.escape(text)}', html)
    ]


def slugs_in(url):
    return parse_qs(urlsplit(url).query).get("practices", [""])[0].split(",")


def test_the_shortlist_shows_its_practices_in_order_with_their_barriers(
    client, django_assert_num_queries
):
    # practices, countries, listings with barriers, the profile's kinds, choices
    with django_assert_num_queries(5):
        response = shortlist(client, "?practices=" + ",".join(FIVE))
    assert response.status_code == 200
    assert listed(response) == FIVE
    html = response.content.decode()
    for practice in GoodPractice.objects.for_list().filter(slug__in=FIVE):
        assert escape(practice.name) in html
        for listing in practice.listings.all():
            barrier = listing.barrier
            assert (
                f'href="{barrier.get_absolute_url()}">{barrier.number}. {escape(barrier.title)}'
                in html
            )


def test_repeated_and_comma_separated_slugs_add_up_and_duplicates_count_once(client):
    response = shortlist(client, "?practices=findata,DARE-NL&practices=findata&practices=atmp-pit")
    assert response.status_code == 200
    assert listed(response) == ["findata", "dare-nl", "atmp-pit"]


def test_the_link_to_send_names_the_list_once(client):
    response = shortlist(client, "?practices=findata&practices=dare-nl,findata")
    html = response.content.decode()
    assert "Copy this link" in html
    assert 'value="http://testserver/shortlist/?practices=findata,dare-nl"' in html


def test_each_practice_has_a_link_that_removes_it(client):
    response = shortlist(client, "?practices=" + ",".join(FIVE))
    removals = hrefs(response.content.decode(), "Remove")
    assert len(removals) == len(FIVE)
    for slug, url in zip(FIVE, removals, strict=True):
        assert slugs_in(url) == [s for s in FIVE if s != slug]
        assert listed(client.get(url)) == [s for s in FIVE if s != slug]


def test_removing_the_last_practice_gives_the_empty_state(client):
    (url,) = hrefs(shortlist(client, "?practices=findata").content.decode(), "Remove")
    assert url == reverse("shortlist")
    html = client.get(url).content.decode()
    assert "Your shortlist is empty." in html
    assert "Add to shortlist" in html  # the empty state says how to add


def test_the_add_form_submits_the_list_and_the_new_practice(client):
    html = shortlist(client, "?practices=findata").content.decode()
    form = html[html.index('aria-label="Add a practice to the shortlist"') :]
    form = form[: form.index("</form>")]
    assert (
        'method="get"' in html and '<input type="hidden" name="practices" value="findata">' in form
    )
    assert 'value="findata"' not in form.replace('name="practices" value="findata"', "")
    # What the browser sends: the hidden list, then the chosen practice.
    assert listed(shortlist(client, "?practices=findata&practices=dare-nl")) == [
        "findata",
        "dare-nl",
    ]


def test_an_unknown_slug_is_a_400_naming_it(client):
    response = shortlist(client, "?practices=findata,atlantis,nowhere")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown practices “atlantis”, “nowhere”" in html
    assert "findata" not in [p.slug for p in response.context.get("practices", [])]


def test_a_list_beyond_the_limit_is_a_400_saying_the_limit(client):
    slugs = list(GoodPractice.objects.order_by("slug").values_list("slug", flat=True))
    assert len(slugs) > SHORTLIST_MAX
    response = shortlist(client, "?practices=" + ",".join(slugs[: SHORTLIST_MAX + 1]))
    assert response.status_code == 400
    assert f"at most {SHORTLIST_MAX} practices; this one names {SHORTLIST_MAX + 1}" in (
        response.content.decode()
    )
    full = shortlist(client, "?practices=" + ",".join(slugs[:SHORTLIST_MAX]))
    assert full.status_code == 200 and len(listed(full)) == SHORTLIST_MAX


def test_every_practice_card_and_page_can_add_to_the_shortlist(client):
    for path in ["/practices/", "/practices/findata/", "/barriers/2/", "/regions/lithuania/"]:
        html = client.get(path).content.decode()
        adds = hrefs(html, "Add to shortlist")
        assert adds, path
        for url in adds:
            assert url.startswith("/shortlist/?practices=")
    # The practice list: one per card.
    response = client.get("/practices/")
    assert len(hrefs(response.content.decode(), "Add to shortlist")) == len(
        response.context["page_obj"]
    )


def test_the_practice_list_carries_the_shortlist_into_its_adds_filters_and_links(client):
    response = client.get("/practices/", {"shortlist": "findata,dare-nl", "barrier": "5"})
    html = response.content.decode()
    for url in hrefs(html, "Add to shortlist"):
        assert slugs_in(url)[:2] == ["findata", "dare-nl"] and len(slugs_in(url)) == 3
    assert '<input type="hidden" name="shortlist" value="findata,dare-nl">' in html
    practice = response.context["page_obj"][0]
    assert f'href="{practice.get_absolute_url()}?shortlist=findata,dare-nl"' in html
    # And the practice page adds to the carried list.
    page = client.get(practice.get_absolute_url(), {"shortlist": "findata,dare-nl"})
    (add,) = hrefs(page.content.decode(), "Add to shortlist") or hrefs(
        page.content.decode(), "In your shortlist"
    )
    assert slugs_in(add)[:2] == ["findata", "dare-nl"] and practice.slug in slugs_in(add)


def test_the_shortlist_links_to_the_practice_list_carrying_it(client):
    html = shortlist(client, "?practices=findata,dare-nl").content.decode()
    assert 'href="/practices/?shortlist=findata,dare-nl"' in html


def test_a_practice_already_listed_says_so(client):
    html = client.get("/practices/findata/", {"shortlist": "findata"}).content.decode()
    assert "In your shortlist" in html and "Add to shortlist<" not in html


def test_the_shortlist_downloads_as_csv_and_excel_with_its_practices_in_order(client):
    """Like every list: the same URL with ?format=csv|xlsx, every practice of the shortlist in
    its order, with its transfer profile (editorial) and its permalink."""
    import csv
    import io

    from openpyxl import load_workbook

    query = "?practices=" + ",".join(FIVE)
    html = shortlist(client, query).content.decode()
    links = [href for href in hrefs(html, "Download ") if "format=" in href]
    assert sorted(parse_qs(urlsplit(href).query)["format"][0] for href in links) == ["csv", "xlsx"]
    assert all(slugs_in(href) == FIVE for href in links)

    body = b"".join(shortlist(client, query + "&format=csv").streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for spreadsheets
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    practices = {practice.slug: practice for practice in GoodPractice.objects.filter(slug__in=FIVE)}
    assert [row["Name"] for row in rows] == [practices[slug].name for slug in FIVE]
    assert [row["Permalink"].rsplit("/", 2)[-2] for row in rows] == FIVE
    assert [row["Transfer level (editorial)"] for row in rows] == [
        practices[slug].get_level_display() for slug in FIVE
    ]

    sheet = load_workbook(io.BytesIO(shortlist(client, query + "&format=xlsx").content)).active
    values = list(sheet.values)
    assert len(values) == 1 + len(FIVE)
    assert [row[0] for row in values[1:]] == [practices[slug].name for slug in FIVE]


def test_the_shortlist_shows_each_practices_transfer_profile(client):
    html = shortlist(client, "?practices=" + ",".join(FIVE)).content.decode()
    assert html.count("Transfer profile:") == len(FIVE)
