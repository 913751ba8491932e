"""One validation for every door: what the API or the admin would store, `load_kb` would
load again, on SQLite as on PostgreSQL (control characters, line ends, JSON shapes,
attribution and region, PostgreSQL's integer ranges). Each door refuses with a 400 or a
form error naming the field, and stores nothing."""

import shutil
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from barriers.models import Quote
from practices.models import GoodPractice
from regions.models import NationalFinding, Region
from search.models import SearchEntry

from .admin_forms import submitted
from .test_concurrency import staff_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


@pytest.fixture
def staff():
    client = staff_client()
    client.credentials(HTTP_IF_MATCH="*")
    return client


def quote():
    return Quote.objects.values().get(barrier__number=5, order=1)


def practice():
    return GoodPractice.objects.values().get(slug="findata")


REFUSED = [
    ("quotes/5-1/", {"text": "Bell\x07 rings."}, "text", "control character (U+0007)", quote),
    ("quotes/5-1/", {"text": "Tab\there."}, "text", "control character (U+0009)", quote),
    ("quotes/5-1/", {"text": "Old\r\nline ends."}, "text", "control character (U+000D)", quote),
    ("quotes/5-1/", {"note": "A\u2028separator."}, "note", "control character (U+2028)", quote),
    (
        "quotes/5-1/",
        {"attribution": "Sweden"},
        "attribution",
        "attribution 'Sweden' does not name region",
        quote,
    ),
    ("quotes/5-1/", {"order": 40000}, "order", "less than or equal to 32767", quote),
    ("practices/findata/", {"objectives": {"a": 1}}, "objectives", "list of texts", practice),
    ("practices/findata/", {"objectives": [1, 2]}, "objectives", "list of texts", practice),
    (
        "practices/findata/",
        {"objectives": ["Two  spaces."]},
        "objectives",
        "run of spaces",
        practice,
    ),
    (
        "regions/crete/",
        {"variants": ["Soft\u00adhyphen"]},
        "variants",
        "soft hyphen",
        lambda: Region.objects.values().get(slug="crete"),
    ),
    (
        "regions/crete/",
        {"attributions": ["Crete"]},
        "attributions",
        "quotes of this region are attributed to 'Greece'",
        lambda: Region.objects.values().get(slug="crete"),
    ),
]


@pytest.mark.parametrize("path, change, field, message, stored", REFUSED)
def test_the_api_refuses_what_load_kb_would(staff, path, change, field, message, stored):
    before = stored()
    response = staff.patch(f"/api/v1/{path}", change, format="json")
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()["errors"][field])
    assert stored() == before


def test_form_encoded_null_objectives_is_a_400(staff):
    before = practice()
    response = staff.generic(
        "PATCH",
        "/api/v1/practices/findata/",
        "objectives=null",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400, response.content
    assert "objectives" in response.json()["errors"]
    assert practice() == before


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_a_400(staff, depth):
    body = '{"objectives": ' + "[" * depth + "]" * depth + "}"
    response = staff.generic(
        "PATCH", "/api/v1/practices/findata/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert "nested" in response.json()["detail"]


def test_a_huge_body_is_refused_not_a_500(staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"note": "' + "x" * 5000 + '"}'
    response = staff.generic("PATCH", "/api/v1/quotes/5-1/", body, content_type="application/json")
    assert response.status_code in {400, 413}, response.content


def test_a_long_national_finding_is_stored_and_indexed(staff, django_capture_on_commit_callbacks):
    """Over 400 characters: the search index's label column once overflowed on PostgreSQL,
    and every later write answered 500."""
    finding = NationalFinding.objects.first()
    text = " ".join(["A long finding, as national factsheets print them."] * 12)
    with django_capture_on_commit_callbacks(execute=True):  # the index follows the commit
        response = staff.patch(f"/api/v1/findings/{finding.key}/", {"text": text}, format="json")
    assert response.status_code == 200, response.content
    entry = SearchEntry.objects.get(kind="finding", object_id=finding.pk)
    assert entry.body == text  # the whole text is searched; the hit's label is its opening
    assert text.startswith(entry.label.strip("“”… "))


# The admin


ADMIN_REFUSED = [
    ("quote", {"text": "Bell\x07 rings."}, "text", "control character (U+0007)"),
    ("quote", {"attribution": "Sweden"}, "attribution", "does not name region"),
    ("quote", {"order": "40000"}, "order", "less than or equal to 32767"),
    ("quote", {"verbatim": '{"a": 1}'}, "verbatim", "list of texts"),
]


@pytest.mark.parametrize("model, change, field, message", ADMIN_REFUSED)
def test_the_admin_refuses_what_load_kb_would(admin_client, model, change, field, message):
    record = Quote.objects.get(barrier__number=5, order=1)
    before = quote()
    url = reverse(f"admin:barriers_{model}_change", args=[record.pk])
    response = admin_client.post(url, submitted(admin_client.get(url), **change))
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert quote() == before


# load_kb: what PostgreSQL would refuse, --check refuses on SQLite too


@pytest.fixture
def fixtures(tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, copy)
    return copy


def edit_first_quote(fixtures, **change):
    path = fixtures / "barriers" / "01-health-data-fragmentation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["quotes"][0].update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def check(fixtures):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "load_kb", "--check", "--fixtures", str(fixtures), stdout=StringIO(), stderr=err
        )
    return err.getvalue()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"text": "A bell\x07."}, "control character (U+0007)"),
        ({"text": "Old\r\nline ends."}, "control character (U+000D)"),
        ({"verbatim": [1]}, "should list strings"),
    ],
)
def test_load_kb_check_refuses_what_the_api_refuses(fixtures, change, message):
    edit_first_quote(fixtures, **change)
    assert message in check(fixtures)


def test_load_kb_check_refuses_a_small_integer_postgresql_would_refuse(fixtures):
    """SQLite stores 40000 in a small-integer column; PostgreSQL refuses it at load."""
    path = fixtures / "methodology.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{region: flanders, participants: 13," in text
    path.write_text(text.replace("participants: 13,", "participants: 40000,"), encoding="utf-8")
    assert "workshop_participants: Ensure this value is less than or equal to 32767" in check(
        fixtures
    )
