"""The API root lists every endpoint of /api/v1/: the router's resources and the endpoints
routed beside them, each link answering."""

import pytest

from bases.licence import api_licence
from tests.test_api import API, RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

RECOMMENDED = f"{API}regions/{{slug}}/recommended-practices/"


def root(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    return response.json()


def test_root_lists_the_resources_search_and_evidence_map(client):
    links = root(client)
    assert set(links.pop("dataset")) == {"version", "changes_cursor"}
    assert links == {
        **{name: f"{API}{name}/" for name in RESOURCES},
        "search": f"{API}search/",
        "evidence-map": f"{API}evidence-map/",
        "changes": f"{API}changes/",
        "region-recommended-practices": RECOMMENDED,
        "taxonomy": f"{API}taxonomy.ttl",
        "taxonomy-jsonld": f"{API}taxonomy.jsonld",
        "catalog": f"{API}catalog.ttl",
        "catalog-jsonld": f"{API}catalog.jsonld",
        "downloads": "http://testserver/downloads/",
        "licence": api_licence(),
    }


def test_every_link_of_the_root_answers(client):
    links = root(client)
    del links["dataset"]  # the dataset's version, not a link
    links["search"] += "?q=data"  # the search needs words
    links["region-recommended-practices"] = RECOMMENDED.format(slug="crete")
    del links["licence"]  # a statement, not a link
    for url in links.values():
        assert client.get(url).status_code == 200, url
