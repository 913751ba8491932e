"""Editors find and fix a record in the admin; no one else gets in."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier, ChallengeMapping, FindingMapping
from practices.models import GoodPractice
from regions.models import NationalFinding, Region, RegionalChallenge

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    ("barriers", "barrier", "reimbursement"),
    ("barriers", "quote", "GDPR"),
    ("barriers", "category", "data"),
    ("barriers", "policycomment", "EHDS"),
    ("practices", "goodpractice", "genomic"),
    ("regions", "region", "Crete"),
    ("regions", "regionalchallenge", "funding"),
    ("regions", "country", "SE"),
    ("provenance", "source", "D6.1"),
    ("provenance", "reportsection", "workshop"),
    ("provenance", "datanote", "Tab. 3"),
]


@pytest.mark.parametrize("app, model, search", CHANGELISTS)
def test_changelists_search_for_staff(admin_client, app, model, search):
    url = reverse(f"admin:{app}_{model}_changelist")
    response = admin_client.get(url, {"q": search})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_search_finds_the_right_practice(admin_client):
    response = admin_client.get(
        reverse("admin:practices_goodpractice_changelist"), {"q": "Findata"}
    )
    assert [p.slug for p in response.context["cl"].result_list] == ["findata"]


@pytest.mark.parametrize(
    "obj",
    [
        lambda: Barrier.objects.get(number=5),
        lambda: GoodPractice.objects.get(slug="federated-health-innovation-network"),
        lambda: Region.objects.get(slug="crete"),
    ],
)
def test_change_pages_with_inlines(admin_client, obj):
    instance = obj()
    meta = instance._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[instance.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"]


@pytest.mark.parametrize(
    "record, mapping",
    [
        (lambda: RegionalChallenge.objects.get(region__slug="flanders", order=2), ChallengeMapping),
        (
            lambda: NationalFinding.objects.get(source__slug="es-cancer-factsheet", order=1),
            FindingMapping,
        ),
    ],
)
def test_a_challenge_and_a_finding_edit_their_barrier_mappings(admin_client, record, mapping):
    instance = record()
    meta = instance._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[instance.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    [mappings] = [
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is mapping
    ]
    mapped = instance.barrier_mappings.values_list("barrier__number", flat=True)
    assert [form.instance.barrier.number for form in mappings.forms] == list(mapped)
    assert mappings.forms and escape(EDITORIAL_MAPPING_NOTE) in response.content.decode()


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(reverse("admin:barriers_barrier_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
