"""`?source=<slug>`: every list whose records name their source document, on the site and in
the API, keeps the records transcribed from that document; an unknown slug is a 400 that
names the parameter and the slugs allowed."""

import pytest

from barriers.models import Barrier, Category, PolicyComment, Quote
from practices.models import GoodPractice
from provenance.models import Source
from regions.models import Region, RegionalChallenge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

API_LISTS = [
    (Category, "categories"),
    (Barrier, "barriers"),
    (Quote, "quotes"),
    (PolicyComment, "comments"),
    (Region, "regions"),
    (RegionalChallenge, "challenges"),
    (GoodPractice, "practices"),
]
SITE_LISTS = ["/barriers/", "/quotes/", "/regions/", "/practices/"]


@pytest.fixture
def other_source():
    return Source.objects.create(
        slug="other-document", title="Another document", short_title="Other document", order=99
    )


def credit_first_record(model, source):
    """Credit the model's first record to `source`; return it."""
    record = model.objects.order_by("pk").first()
    model.objects.filter(pk=record.pk).update(source=source)
    return record


def api_records(client, resource, **params):
    response = client.get(f"/api/v1/{resource}/", {"page_size": 100, **params})
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["next"] is None
    return body["results"]


@pytest.mark.parametrize("model, resource", API_LISTS)
def test_api_list_keeps_only_the_records_of_the_chosen_source(
    client, other_source, model, resource
):
    credit_first_record(model, other_source)
    chosen = api_records(client, resource, source="other-document")
    assert [record["source"] for record in chosen] == ["other-document"]
    d6_1 = api_records(client, resource, source="D6-1")  # slugs in any letter case
    assert {record["source"] for record in d6_1} == {"d6-1"}
    assert len(d6_1) == model.objects.filter(source__slug="d6-1").count() > 0


@pytest.mark.parametrize("model, resource", API_LISTS)
def test_several_sources_keep_the_records_of_either(client, other_source, model, resource):
    credit_first_record(model, other_source)
    both = api_records(client, resource, source="d6-1,other-document")
    assert len(both) == model.objects.filter(source__slug__in=["d6-1", "other-document"]).count()


@pytest.mark.parametrize("model, resource", API_LISTS)
def test_api_unknown_source_is_400_naming_the_parameter_and_the_allowed_slugs(
    client, model, resource
):
    response = client.get(f"/api/v1/{resource}/", {"source": "nowhere"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["source"]
    allowed = ", ".join(Source.objects.order_by("order").values_list("slug", flat=True))
    assert errors["source"] == [f"Unknown source “nowhere”. Allowed: {allowed}."]


def listed_hrefs(response, model):
    """The pages of `model`'s records that the response links to."""
    html = response.content.decode()
    hrefs = {part.split('"', 1)[0] for part in html.split('href="')[1:]}
    return {record.get_absolute_url() for record in model.objects.all()} & hrefs


@pytest.mark.parametrize(
    "path, model",
    [("/barriers/", Barrier), ("/regions/", Region), ("/practices/", GoodPractice)],
)
def test_site_list_keeps_only_the_records_of_the_chosen_source(client, other_source, path, model):
    record = credit_first_record(model, other_source)
    response = client.get(path, {"source": "other-document"})
    assert response.status_code == 200
    assert listed_hrefs(response, model) == {record.get_absolute_url()}
    assert record.get_absolute_url() not in listed_hrefs(
        client.get(path, {"source": "d6-1"}), model
    )


def test_quote_explorer_keeps_only_the_quotes_of_the_chosen_source(client, other_source):
    quote = credit_first_record(Quote, other_source)
    html = client.get("/quotes/", {"source": "other-document"}).content.decode()
    assert html.count("<blockquote>") == 1
    assert quote.text.split("\n")[0][:60] in html


@pytest.mark.parametrize("path", SITE_LISTS)
def test_site_unknown_source_is_400_with_the_allowed_slugs(client, path):
    response = client.get(path, {"source": "nowhere"})
    assert response.status_code == 400
    assert "Unknown source “nowhere”. Allowed: d6-1" in response.content.decode()


def test_practice_filter_form_offers_every_source_with_practices(client, other_source):
    """A facet: each source that practices come from, with their number; one no practice
    comes from is left out until one does."""
    credit_first_record(GoodPractice, other_source)
    html = client.get("/practices/").content.decode()
    for source in Source.objects.all():
        count = GoodPractice.objects.filter(source=source).count()
        option = (
            f'<input type="checkbox" name="source" value="{source.slug}"><span '
            f'class="facet__label">{source.short_title}</span><span class="facet__count">{count}'
        )
        assert (option in html) == (count > 0), source.slug
