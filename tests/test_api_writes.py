"""Who may write through the API, and that a write obeys the rules `load_kb` applies:
canonical text and the models' own validation, constraints included."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from barriers.models import Barrier, Category, Quote
from practices.models import GoodPractice
from preciseu_kb.models import RateCount
from regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

QUOTE = {
    "barrier": 5,
    "order": 10,
    "region": "crete",
    "text": "Reimbursement takes years.",
    "attribution": "Crete",
    "source": "d6-1",
    "section": "Overview of main barriers › Quotes",
}


def client_with_token(is_staff):
    user = get_user_model().objects.create_user(
        username="staff" if is_staff else "reader", password="unused", is_staff=is_staff
    )
    client = APIClient()
    # If-Match: * overwrites any version (optimistic concurrency: test_concurrency.py)
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}",
        HTTP_IF_MATCH="*",
    )
    return client


@pytest.fixture
def staff():
    return client_with_token(is_staff=True)


@pytest.fixture
def reader():
    return client_with_token(is_staff=False)


@pytest.fixture
def anonymous():
    return APIClient()


WRITES = [
    ("post", "/api/v1/quotes/"),
    ("put", "/api/v1/quotes/5-1/"),
    ("patch", "/api/v1/quotes/5-1/"),
    ("delete", "/api/v1/quotes/5-1/"),
    ("post", "/api/v1/barriers/"),
    ("patch", "/api/v1/barriers/5/"),
    ("delete", "/api/v1/practices/findata/"),
    ("patch", "/api/v1/regions/crete/"),
    ("delete", "/api/v1/countries/SE/"),
    ("post", "/api/v1/categories/"),
    ("patch", "/api/v1/challenges/crete-2/"),
    ("delete", "/api/v1/comments/7-1/"),
    ("post", "/api/v1/sources/"),
]


def snapshot():
    return (
        list(Quote.objects.values_list("pk", "text", "order")),
        list(Barrier.objects.values_list("pk", "title", "introduction")),
        list(Region.objects.values_list("pk", "overview", "workshop_participants")),
        GoodPractice.objects.count(),
    )


@pytest.mark.parametrize("method, path", WRITES)
def test_anonymous_writes_answer_401_and_change_nothing(anonymous, method, path):
    before = snapshot()
    response = getattr(anonymous, method)(path, QUOTE, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()
    assert snapshot() == before


@pytest.mark.parametrize("method, path", WRITES)
def test_writes_of_users_who_are_not_staff_answer_403(reader, method, path):
    before = snapshot()
    response = getattr(reader, method)(path, QUOTE, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only staff may change the knowledge base."
    assert snapshot() == before


def test_the_api_root_refuses_writes_to_anyone(staff, anonymous):
    # A method the endpoint does not have is a 405 whoever asks: credentials would not help.
    assert anonymous.post("/api/v1/", {}, format="json").status_code == 405
    assert staff.post("/api/v1/", {}, format="json").status_code == 405


# Staff writes


def test_staff_creates_a_quote_which_reads_back(staff):
    response = staff.post("/api/v1/quotes/", QUOTE, format="json")
    assert response.status_code == 201, response.json()
    record = response.json()
    assert record["key"] == "5-10"
    assert response["Location"] == record["url"] == "http://testserver/api/v1/quotes/5-10/"
    assert record["region_detail"]["name"] == "Crete"
    assert staff.get(record["url"]).json() == record
    assert Quote.objects.get(barrier__number=5, order=10).text == QUOTE["text"]


def test_staff_edits_a_barrier_by_its_api_field_names(staff):
    response = staff.patch(
        "/api/v1/barriers/5/", {"summary": "A new introduction.", "note": "Edited."}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["summary"] == "A new introduction."
    barrier = Barrier.objects.get(number=5)
    assert (barrier.introduction, barrier.note) == ("A new introduction.", "Edited.")
    assert response.json()["practice_count"] == 7  # shown as a read shows it


def test_staff_moves_a_barrier_to_another_category(staff):
    response = staff.patch("/api/v1/barriers/5/", {"category": "regulatory-barriers"})
    assert response.status_code == 200, response.json()
    assert Barrier.objects.get(number=5).category.slug == "regulatory-barriers"


def test_staff_edits_region_figures_through_their_groups(staff):
    response = staff.patch("/api/v1/regions/catalonia/", {"interviews": {"healthcare": 2}})
    assert response.status_code == 200, response.json()
    assert response.json()["interviews"]["healthcare"] == 2
    assert Region.objects.get(slug="catalonia").interviews_total == 15


def test_staff_replaces_a_workshop_by_consultations(staff):
    response = staff.patch(
        "/api/v1/regions/crete/", {"engagement": "consultations", "workshop": None}
    )
    assert response.status_code == 200, response.json()
    crete = Region.objects.get(slug="crete")
    assert (crete.engagement, crete.workshop_participants, crete.workshop_organizers) == (
        "consultations",
        None,
        "",
    )
    assert response.json()["workshop"] is None


def test_staff_creates_a_practice_with_its_countries(staff):
    response = staff.post(
        "/api/v1/practices/",
        {
            "slug": "a-new-practice",
            "name": "A new practice",
            "country_label": "Sweden, EU",
            "countries": ["SE", "EU"],
            "description": "What it does.",
            "source": "d6-1",
            "section": "Elsewhere",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["countries"] == ["EU", "SE"]
    assert response.json()["barriers"] == []  # tables are edited in the fixtures or the admin
    practice = GoodPractice.objects.get(slug="a-new-practice")
    assert {country.code for country in practice.countries.all()} == {"SE", "EU"}


def test_staff_deletes_a_quote(staff):
    assert staff.delete("/api/v1/quotes/5-1/").status_code == 204
    assert not Quote.objects.filter(barrier__number=5, order=1).exists()
    assert staff.get("/api/v1/quotes/5-1/").status_code == 404


def test_deleting_a_record_others_refer_to_answers_409(staff):
    response = staff.delete("/api/v1/categories/financial-barriers/")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "Still referred to by barriers: delete or move them first."
    assert (body["status"], body["code"]) == (409, "still_referred_to")
    assert Category.objects.filter(slug="financial-barriers").exists()


# Writes breaking a rule: 400 naming the field, nothing changed


@pytest.mark.parametrize(
    "path, change, field, message",
    [
        ("quotes/5-1/", {"text": " Padded."}, "text", "'text' starts or ends with whitespace"),
        ("quotes/5-1/", {"text": "Two  spaces."}, "text", "holds a run of spaces"),
        ("quotes/5-1/", {"attribution": "Cre\u00adte"}, "attribution", "holds a soft hyphen"),
        ("barriers/5/", {"summary": "Ends with a space. "}, "summary", "'summary' starts or ends"),
        (
            "quotes/5-1/",
            {"order": 2},
            "non_field_errors",
            "Two quotes of a barrier share an order.",
        ),
        ("quotes/5-1/", {"text": ""}, "text", "This field may not be blank."),
        ("barriers/5/", {"number": 18}, "non_field_errors", "Barrier numbers run from 1 to 17."),
        ("barriers/5/", {"number": 6}, "number", "Barrier with this Number already exists."),
        ("barriers/5/", {"category": "nope"}, "category", "Object with slug=nope does not exist."),
        ("regions/crete/", {"workshop": None}, "non_field_errors", "A workshop has participants"),
        (
            "regions/crete/",
            {"workshop": {"participants": 29, "format": "online", "organizers": "FORTH "}},
            "workshop.organizers",
            "'workshop.organizers' starts or ends with whitespace",
        ),
        (
            "regions/crete/",
            {"country": "SE"},
            "country",
            "Region with this Country already exists.",
        ),
        (
            "regions/crete/",
            {"interviews": {"total": -1}},
            "interviews.total",
            "greater than or equal to 0",
        ),
        ("practices/findata/", {"countries": ["XX"]}, "countries", "Object with code=XX does not"),
        ("practices/findata/", {"link": "not a url"}, "link", "Enter a valid URL."),
        ("challenges/crete-2/", {"title": ""}, "title", "This field may not be blank."),
    ],
)
def test_a_write_breaking_a_rule_answers_400_and_changes_nothing(
    staff, path, change, field, message
):
    before = snapshot()
    response = staff.patch(f"/api/v1/{path}", change, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in str(errors[field])
    assert snapshot() == before


def test_a_new_record_breaking_a_rule_is_not_created(staff):
    response = staff.post("/api/v1/quotes/", {**QUOTE, "order": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Two quotes of a barrier share an order."]
    }
    assert not Quote.objects.filter(text=QUOTE["text"]).exists()


def test_a_missing_field_is_named(staff):
    response = staff.post("/api/v1/quotes/", {**QUOTE, "section": None}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"section": ["This field may not be null."]}


# Throttling


def test_requests_beyond_the_rate_answer_429(anonymous, settings):
    # The counts are rows every worker shares; the session's live server (browser tests)
    # commits its own for this address, so the count starts from none here.
    RateCount.objects.all().delete()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": None},
    }
    assert [anonymous.get("/api/v1/barriers/5/").status_code for _ in range(2)] == [200, 200]
    response = anonymous.get("/api/v1/barriers/5/")
    assert response.status_code == 429
    assert "Request was throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_each_rate_counts_its_own_clients(anonymous, reader, settings):
    # Anonymous clients have the "anon" rate, lifted here, and are not held to the "user"
    # rate by their address; users with a token are.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": "2/minute"},
    }
    assert {anonymous.get("/api/v1/barriers/5/").status_code for _ in range(4)} == {200}
    assert [reader.get("/api/v1/barriers/5/").status_code for _ in range(3)] == [200, 200, 429]
