"""The API's planned reads (bases/rest/representation.py) answer exactly what DRF's own
field-by-field representation answers, for every resource, its lists and its records."""

import pytest
from rest_framework import serializers

from bases.rest.representation import Links, PlannedReadsMixin, split_at_key
from tests.test_api import RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


def answers(client, monkeypatch, path):
    """The body of `path` read through the plan, then through DRF's generic code."""
    planned = client.get(path)
    assert planned.status_code == 200, planned.content[:300]
    with monkeypatch.context() as patch:
        patch.setattr(
            PlannedReadsMixin, "to_representation", serializers.Serializer.to_representation
        )
        generic = client.get(path)
    return planned.content, generic.content


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("query", ["?page_size=100", "?page_size=100&format=json"])
def test_lists_are_those_drf_gives(client, monkeypatch, resource, query):
    planned, generic = answers(client, monkeypatch, f"/api/v1/{resource}/{query}")
    assert b'"url":"http://testserver/api/v1/' in planned  # links were built
    assert planned == generic


@pytest.mark.parametrize("resource", RESOURCES)
def test_records_are_those_drf_gives(client, resource):
    first = client.get(f"/api/v1/{resource}/", {"page_size": 1}).json()["results"][0]
    with pytest.MonkeyPatch.context() as patch:
        planned, generic = answers(client, patch, first["url"])
    assert planned == generic


def test_csv_is_the_one_drf_gives(client, monkeypatch):
    planned, generic = answers(client, monkeypatch, "/api/v1/practices/?format=csv")
    assert planned == generic


def test_a_link_is_its_views_first_url_with_the_key_replaced():
    links, resolved = Links(), []

    def resolve(key):
        resolved.append(key)
        return f"http://testserver/api/v1/practices/{key}/?format=json"

    assert links.detail("practice", "a-b", resolve) == resolve("a-b")
    assert links.detail("practice", "c d", resolve) == (
        "http://testserver/api/v1/practices/c%20d/?format=json"
    )
    assert resolved == ["a-b", "a-b"]  # the second link needed no reverse()


def test_a_url_not_ending_in_its_key_is_resolved_every_time():
    assert split_at_key("http://testserver/api/v1/practices/a.json", "a") is None
    assert split_at_key("http://testserver/api/v1/practices/a/", "a") == (
        "http://testserver/api/v1/practices/",
        "/",
    )
