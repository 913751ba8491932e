"""The editorial mapping of the regions' fact-sheet challenges to the 17 barriers: loaded as
written in `fixtures/regions/`, validated like every other record, idempotent, and sensible."""

import re
import shutil
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from barriers.models import EDITORIAL_MAPPING_NOTE, Barrier, ChallengeMapping
from regions.models import RegionalChallenge

pytestmark = pytest.mark.django_db

REGIONS_DIR = settings.FIXTURES_DIR / "regions"

# The editors' counts: how many challenges each barrier was given (107 links in all).
CHALLENGES_PER_BARRIER = {
    1: 11,
    2: 6,
    3: 9,
    4: 1,
    5: 13,
    6: 5,
    7: 3,
    8: 1,
    9: 1,
    10: 10,
    11: 9,
    12: 8,
    13: 7,
    14: 7,
    15: 2,
    16: 9,
    17: 5,
}
# Challenges no barrier fits: a general regulatory delay, and who drives drug development.
UNMAPPED = {("crete", "Regulatory Challenges"), ("netherlands", "Industry vs patients drivers")}


def fixture_mappings():
    """{(region slug, challenge order, barrier number): rationale}, read from the YAML."""
    mappings = {}
    for path in sorted(REGIONS_DIR.glob("*.yaml")):
        region = yaml.safe_load(path.read_text(encoding="utf-8"))
        for order, challenge in enumerate(region["challenges"], start=1):
            for mapping in challenge.get("barriers", []):
                key = (region["slug"], order, mapping["number"])
                mappings[key] = mapping["rationale"]
    return mappings


def database_mappings():
    return {
        (m.challenge.region.slug, m.challenge.order, m.barrier.number): m.rationale
        for m in ChallengeMapping.objects.select_related("challenge__region", "barrier")
    }


def barriers_of(region, title):
    challenge = RegionalChallenge.objects.get(region__slug=region, title=title)
    return sorted(challenge.barriers.values_list("number", flat=True))


# --- what was loaded -------------------------------------------------------------------------


def test_every_mapping_of_the_fixtures_is_loaded_as_written():
    assert database_mappings() == fixture_mappings()


def test_counts_per_barrier_and_in_all():
    counts = {b.number: b.challenge_count for b in Barrier.objects.for_list()}
    assert counts == CHALLENGES_PER_BARRIER
    assert ChallengeMapping.objects.count() == sum(CHALLENGES_PER_BARRIER.values()) == 107


def test_every_challenge_is_mapped_except_the_ones_no_barrier_fits():
    unmapped = RegionalChallenge.objects.filter(barrier_mappings__isnull=True)
    assert set(unmapped.values_list("region__slug", "title")) == UNMAPPED
    assert RegionalChallenge.objects.count() == 83


def test_a_challenge_corresponds_to_at_most_three_barriers():
    for challenge in RegionalChallenge.objects.prefetch_related("barrier_mappings"):
        assert len(challenge.barrier_mappings.all()) <= 3, challenge


def test_the_barriers_challenges_are_reachable_from_both_sides():
    barrier = Barrier.objects.get(number=9)
    assert [(c.region.slug, c.title) for c in barrier.challenges.select_related("region")] == [
        ("flanders", "Regulatory & Legal Complexity")
    ]
    challenge = RegionalChallenge.objects.get(region__slug="vastra-gotaland", order=7)
    assert [m.barrier.number for m in challenge.barrier_mappings.select_related("barrier")] == [
        1,
        3,
    ]


def test_challenge_count_costs_no_query_per_barrier(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert sum(b.challenge_count for b in Barrier.objects.for_list()) == 107


def test_the_mapping_is_labelled_editorial():
    assert "not part of the report" in EDITORIAL_MAPPING_NOTE
    assert EDITORIAL_MAPPING_NOTE in Barrier._meta.get_field("challenges").help_text


# --- does it make sense ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "region, title, numbers",
    [
        ("crete", "Cost and Reimbursement Issues", [5]),
        ("vastra-gotaland", "Complex Reimbursement Processes", [5]),
        ("netherlands", "Reimbursement Uncertainty", [5]),
        ("crete", "Lack of AI Algorithm Validation Frameworks", [7]),
        ("flanders", "Regulatory & Legal Complexity", [3, 9]),
        ("crete", "Misaligned Incentives", [2]),
        ("vastra-gotaland", "Limited Access to Testbeds", [17]),
        ("netherlands", "Limited Clinical Trial Participation", [17]),
        ("lithuania", "Low Public Awareness", [11]),
        ("emilia-romagna", "Limited Funding and Investment", [6]),
        ("baden-wurttemberg", "Exclusivity of Certification to University Hospitals", [14]),
        ("netherlands", "Competence and Awareness Gaps", [10, 11, 12]),
    ],
)
def test_spot_checks(region, title, numbers):
    assert barriers_of(region, title) == numbers


def test_a_challenge_titled_with_reimbursement_maps_to_reimbursement_misalignment():
    titled = RegionalChallenge.objects.filter(title__icontains="reimbursement")
    assert titled.count() == 5
    for challenge in titled:
        assert 5 in challenge.barriers.values_list("number", flat=True), challenge


def test_words_quoted_in_a_rationale_are_the_challenges_own():
    """A rationale cites the challenge: every “quoted” run (cut by […]) stands in its title
    or text exactly, case included."""
    for mapping in ChallengeMapping.objects.select_related("challenge"):
        own = (mapping.challenge.title, mapping.challenge.text)
        for quoted in re.findall(r"“([^”]*)”", mapping.rationale):
            for piece in filter(None, (p.strip() for p in re.split(r"\[[^\]]*\]", quoted))):
                assert any(piece in words for words in own), (mapping, piece)


# --- loading -----------------------------------------------------------------------------------


@pytest.fixture
def fixtures(tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, copy)
    return copy


def edit_challenge(fixtures, region, index, change):
    path = fixtures / "regions" / f"{region}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["challenges"][index])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def load(fixtures=None):
    out, err = StringIO(), StringIO()
    args = ["--fixtures", str(fixtures)] if fixtures else []
    call_command("load_kb", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_a_second_load_leaves_the_mappings_alone():
    before = list(ChallengeMapping.objects.values_list("pk", "challenge", "barrier", "rationale"))
    assert "Nothing changed." in load()
    assert (
        list(ChallengeMapping.objects.values_list("pk", "challenge", "barrier", "rationale"))
        == before
    )


def test_an_edited_rationale_is_updated_in_place_and_a_removed_mapping_deleted(fixtures):
    pk = ChallengeMapping.objects.get(challenge__region__slug="crete", challenge__order=2).pk
    edit_challenge(fixtures, "crete", 1, lambda c: c["barriers"][0].update(rationale="Changed."))
    edit_challenge(fixtures, "flanders", 1, lambda c: c["barriers"].pop())
    out = load(fixtures)
    assert "challenge mappings" in out and "1 updated, 1 deleted" in out
    assert ChallengeMapping.objects.get(pk=pk).rationale == "Changed."
    assert barriers_of("flanders", "Regulatory & Legal Complexity") == [3]


def unknown_barrier(challenge):
    challenge["barriers"][0]["number"] = 18


def duplicate_barrier(challenge):
    challenge["barriers"].append(dict(challenge["barriers"][0], rationale="Again."))


def empty_rationale(challenge):
    challenge["barriers"][0]["rationale"] = ""


def spaced_rationale(challenge):
    challenge["barriers"][0]["rationale"] = "Two  spaces."


def unknown_key(challenge):
    challenge["barriers"][0]["weight"] = 2


BROKEN = [
    (
        unknown_barrier,
        "regions/crete.yaml: slug 'crete' challenges[1] barriers[0]: "
        "unknown barrier 18 (barriers run from 1 to 17)",
    ),
    (
        duplicate_barrier,
        "regions/crete.yaml: slug 'crete' challenges[1] barriers[1]: duplicate barrier 5",
    ),
    (empty_rationale, "challenges[1] barriers[0]: 'rationale' is empty"),
    (spaced_rationale, "challenges[1] barriers[0]: 'rationale' holds a run of spaces"),
    (unknown_key, "challenges[1] barriers[0]: unknown key(s): weight"),
]


@pytest.mark.parametrize("change, message", BROKEN, ids=[b[0].__name__ for b in BROKEN])
def test_a_bad_mapping_is_refused_by_name_and_changes_nothing(fixtures, change, message):
    # A valid edit elsewhere proves that nothing at all is written.
    edit_challenge(fixtures, "flanders", 0, lambda c: c.update(title="Changed"))
    edit_challenge(fixtures, "crete", 1, change)
    before = database_mappings()
    err = StringIO()
    with pytest.raises(CommandError, match="the database was not changed"):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert message in err.getvalue()
    assert database_mappings() == before
    assert RegionalChallenge.objects.filter(title="Changed").count() == 0


def test_an_overlong_rationale_is_refused_by_the_database_rules(fixtures):
    edit_challenge(fixtures, "crete", 1, lambda c: c["barriers"][0].update(rationale="R" * 301))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), "--check", stderr=err)
    assert "regions/crete.yaml: challenges[1]: barriers[0]: rationale: Ensure" in err.getvalue()


def test_a_challenge_without_mappings_loads(fixtures):
    edit_challenge(fixtures, "crete", 1, lambda c: c.pop("barriers"))
    load(fixtures)
    assert barriers_of("crete", "Cost and Reimbursement Issues") == []


# --- admin -------------------------------------------------------------------------------------


def test_the_challenge_admin_edits_its_mappings_under_the_editorial_label(admin_client):
    challenge = RegionalChallenge.objects.get(region__slug="flanders", order=2)
    response = admin_client.get(
        reverse("admin:regions_regionalchallenge_change", args=[challenge.pk])
    )
    assert response.status_code == 200
    assert escape(EDITORIAL_MAPPING_NOTE) in response.content.decode()
    formsets = [f.formset for f in response.context["inline_admin_formsets"]]
    mappings = next(f for f in formsets if f.model is ChallengeMapping)
    assert [form.instance.barrier.number for form in mappings.forms] == [3, 9]


def test_the_barrier_admin_lists_its_mapped_challenges(admin_client):
    barrier = Barrier.objects.get(number=17)
    response = admin_client.get(reverse("admin:barriers_barrier_change", args=[barrier.pk]))
    formsets = [f.formset for f in response.context["inline_admin_formsets"]]
    mappings = next(f for f in formsets if f.model is ChallengeMapping)
    assert len(mappings.forms) == CHALLENGES_PER_BARRIER[17]
