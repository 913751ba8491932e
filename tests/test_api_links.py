"""Every site page links to the same data in the API, and the link answers."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PAGES = {
    "/barriers/": "/api/v1/barriers/",
    "/barriers/?category=financial-barriers": "/api/v1/barriers/?category=financial-barriers",
    "/barriers/5/": "/api/v1/barriers/5/",
    "/categories/financial-barriers/": "/api/v1/categories/financial-barriers/",
    "/practices/": "/api/v1/practices/",
    "/practices/?barrier=5&country=SE": "/api/v1/practices/?barrier=5&amp;country=SE",
    "/practices/beneluxa-initiative/": "/api/v1/practices/beneluxa-initiative/",
    "/regions/": "/api/v1/regions/",
    "/regions/crete/": "/api/v1/regions/crete/",
    "/quotes/": "/api/v1/quotes/",
    "/quotes/?region=crete": "/api/v1/quotes/?region=crete",
    "/about/": "/api/v1/sources/",
}


@pytest.mark.parametrize(("page", "api_url"), PAGES.items())
def test_page_links_to_its_data_in_the_api(client, page, api_url):
    html = client.get(page).content.decode()
    assert f'href="{api_url}"' in html
    assert client.get(api_url.replace("&amp;", "&")).status_code == 200
