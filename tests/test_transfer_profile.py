"""The transfer profile of every practice (editorial): each value quotes the practice's own
words exactly or is "not stated"; the levels and kinds are the editors' as listed below; the
fixtures load as written and the reader refuses what is not quoted; the site and the API show
and filter the profile (an unknown value is a 400 naming those allowed)."""

import shutil
from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from practices.models import (
    TRANSFER_PROFILE_NOTE,
    GoodPractice,
    Kind,
    Level,
    PracticeActor,
    PracticeKind,
)

pytestmark = pytest.mark.django_db

PRACTICES_DIR = settings.FIXTURES_DIR / "practices"
API = "/api/v1/practices/"
LIST_URL = "/practices/"

# The editors' reading of every practice: (level, kinds in their order).
PROFILES = {
    "advance-course-on-cell-and-gene-therapies-2025": ("eu", ["training"]),
    "atmp-and-precison-medicine-centers-at-swedish-university-hospitals": (
        "institution",
        ["infrastructure", "service"],
    ),
    "atmp-guidebook-for-innovators": ("national", ["guidance"]),
    "atmp-pit": ("regional", ["programme", "network-or-partnership"]),
    "atmp-skill-development-projects": ("regional", ["training", "programme"]),
    "begingns-greece": ("national", ["programme"]),
    "beneluxa-initiative": ("eu", ["network-or-partnership", "funding-or-reimbursement"]),
    "ccrm-nordic": ("eu", ["service", "network-or-partnership"]),
    "cegat-in-tubingen": ("institution", ["service"]),
    "dare-nl": ("national", ["infrastructure", "network-or-partnership"]),
    "digenia": ("regional", ["infrastructure", "service"]),
    "digital-transformation-of-the-national-health-system": ("national", ["infrastructure"]),
    "dutch-innovative-medicines-association": ("national", ["network-or-partnership"]),
    "european-reference-network-for-rare-diseases": ("eu", ["network-or-partnership"]),
    "fast": ("national", ["network-or-partnership"]),
    "fda-catt-program": ("national", ["guidance"]),
    "federated-health-innovation-network": ("institution", ["network-or-partnership"]),
    "findata": ("not-stated", ["service"]),
    "genomic-data-infrastructure-rogen-gdi": ("national", ["infrastructure", "programme"]),
    "genomic-medicine-sweden": ("national", ["network-or-partnership", "service"]),
    "healthcare-data-lake": ("national", ["infrastructure"]),
    "healthri": ("not-stated", ["infrastructure"]),
    "hellenic-network-of-precision-medicine": ("national", ["network-or-partnership"]),
    "horizon-scanning-program": ("regional", ["assessment", "programme"]),
    "increase-in-healthcare-crisis-response-capabilities-digitalization": (
        "national",
        ["infrastructure"],
    ),
    "joint-clinical-assessment": ("eu", ["legislation-or-policy", "assessment"]),
    "mhealth": ("not-stated", ["funding-or-reimbursement", "patient-engagement"]),
    "msc-in-precision-medicine-and-novel-therapies": ("institution", ["training"]),
    "national-framework-for-biomarker-reimbursement": (
        "national",
        ["funding-or-reimbursement", "legislation-or-policy"],
    ),
    "national-genomic-platform": ("national", ["infrastructure"]),
    "national-procurement-and-tendering": ("national", ["funding-or-reimbursement", "service"]),
    "national-strategy-dutch-research-agenda-personalised-medicine-route": (
        "national",
        ["legislation-or-policy", "guidance"],
    ),
    "necstgen": ("institution", ["infrastructure", "service"]),
    "nj-acts": ("institution", ["network-or-partnership", "funding-or-reimbursement", "training"]),
    "northx-biologics": ("institution", ["service"]),
    "omiqs-hes": ("regional", ["infrastructure", "programme"]),
    "operational-concept-european-cancer-patient-digital-centre": (
        "eu",
        ["guidance", "patient-engagement"],
    ),
    "padris-program": ("regional", ["programme", "service"]),
    "patient-oriented-events-zpm": ("institution", ["patient-engagement"]),
    "pay-for-performance-model": ("institution", ["funding-or-reimbursement"]),
    "personalized-precision-healthcare": ("national", ["programme"]),
    "perte-salud-de-vanguardia-digital-health": (
        "national",
        ["legislation-or-policy", "programme"],
    ),
    "preciseu-mapping-of-atpm-capacities-in-europe": ("eu", ["assessment", "programme"]),
    "project-on-secondary-use-of-data": ("not-stated", ["programme"]),
    "regulatory-fast-track-for-unmet-medical-needs": ("national", ["legislation-or-policy"]),
    "regulatory-science-network-netherlands": ("national", ["network-or-partnership"]),
    "risk-sharing-models-rsa-for-innovative-medicines": ("regional", ["funding-or-reimbursement"]),
    "spinnoff-initiative-360-degrees-labs": ("not-stated", ["training"]),
    "strimvelis-strategic-multistakeholder-partnership-for-ultra-rare-disease-therapies": (
        "institution",
        ["network-or-partnership"],
    ),
    "swetrial": ("national", ["network-or-partnership"]),
    "the-law-on-personalized-medicine-using-a-quadruple-helix-model": (
        "national",
        ["legislation-or-policy", "network-or-partnership"],
    ),
    "utrecht-cell-therapy-facility": ("national", ["infrastructure"]),
}


def profile_files():
    """{slug: the transfer_profile block of its fixture file}."""
    files = {}
    for path in sorted(PRACTICES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        files[data["slug"]] = data.get("transfer_profile")
    return files


def database_profiles():
    return {
        practice.slug: (practice.level, [kind.kind for kind in practice.kinds.all()])
        for practice in GoodPractice.objects.prefetch_related("kinds")
    }


# --- every practice's profile -----------------------------------------------------------------


def test_every_practice_file_has_a_profile_block():
    files = profile_files()
    assert len(files) == 52
    assert [slug for slug, block in files.items() if not block] == []


def test_every_practice_has_the_editors_level_and_kinds():
    assert database_profiles() == PROFILES


def test_every_value_quotes_the_practices_own_words_exactly_or_is_not_stated():
    practices = GoodPractice.objects.prefetch_related("kinds", "actors", "preconditions")
    checked = 0
    for practice in practices:
        text = practice.own_text
        if practice.level == Level.NOT_STATED:
            assert practice.level_rationale == "", practice
        else:
            assert practice.level_rationale in text, (practice.slug, practice.level_rationale)
        values = [*practice.kinds.all(), *practice.actors.all(), *practice.preconditions.all()]
        for value in values:
            assert value.rationale and "\n" not in value.rationale, (practice.slug, value)
            assert value.rationale in text, (practice.slug, value.rationale)
            checked += 1
        for actor in practice.actors.all():
            assert actor.name in actor.rationale, (practice.slug, actor.name)
        assert practice.kinds.all(), f"{practice.slug} has no kind"
    assert checked == 76 + 69 + 16


def test_own_text_is_the_practices_transcribed_words_not_its_note():
    practice = GoodPractice.objects.get(slug="perte-salud-de-vanguardia-digital-health")
    assert "Ministerio de Sanidad" in practice.own_text  # its responsible body
    assert "Promote personalized precision medicine." in practice.own_text  # an objective
    assert practice.note and practice.note not in practice.own_text


def test_every_kind_and_level_is_used_and_documented():
    used = {kind for _, kinds in PROFILES.values() for kind in kinds}
    assert used == set(Kind.values)
    assert {level for level, _ in PROFILES.values()} == set(Level.values)
    docs = (settings.BASE_DIR / "docs" / "fixtures.md").read_text(encoding="utf-8")
    for value in [*Kind.values, *Level.values]:
        assert f"`{value}`" in docs, value


def test_the_profile_is_labelled_editorial():
    assert (
        "Editorial" in TRANSFER_PROFILE_NOTE and "not part of the report" in TRANSFER_PROFILE_NOTE
    )
    assert TRANSFER_PROFILE_NOTE in GoodPractice._meta.get_field("level").help_text


@pytest.mark.parametrize(
    "slug, actors",
    [
        ("atmp-pit", ["Walloon (BE) government", "BioWin"]),
        (
            "swetrial",
            [
                "Swedish Medical Products Agency",
                "industry",
                "academia",
                "healthcare",
                "patients",
                "regulators",
            ],
        ),
        ("findata", []),
    ],
)
def test_actors_spot_checks(slug, actors):
    practice = GoodPractice.objects.get(slug=slug)
    assert [actor.name for actor in practice.actors.all()] == actors


def test_preconditions_are_stated_only_where_the_text_states_them():
    with_preconditions = set(
        GoodPractice.objects.filter(preconditions__isnull=False).values_list("slug", flat=True)
    )
    assert with_preconditions == {
        "atmp-pit",
        "atmp-skill-development-projects",
        "beneluxa-initiative",
        "ccrm-nordic",
        "healthcare-data-lake",
        "joint-clinical-assessment",
        "national-framework-for-biomarker-reimbursement",
        "padris-program",
        "perte-salud-de-vanguardia-digital-health",
        "preciseu-mapping-of-atpm-capacities-in-europe",
        "the-law-on-personalized-medicine-using-a-quadruple-helix-model",
    }


# --- the fixtures: loaded as written, refused when not quoted ---------------------------------


def test_the_fixtures_blocks_are_loaded_as_written():
    for slug, block in profile_files().items():
        practice = GoodPractice.objects.get(slug=slug)
        assert practice.level == block["level"]
        assert practice.level_rationale == block.get("level_rationale", "")
        assert [(k.kind, k.rationale) for k in practice.kinds.all()] == [
            (k["kind"], k["rationale"]) for k in block["kinds"]
        ]
        assert [(a.name, a.rationale) for a in practice.actors.all()] == [
            (a["name"], a["rationale"]) for a in block["actors"]
        ]
        assert [(p.text, p.rationale) for p in practice.preconditions.all()] == [
            (p["text"], p["rationale"]) for p in block["preconditions"]
        ]


@pytest.fixture
def fixtures(tmp_path):
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, copy)
    return copy


def edit_profile(fixtures, slug, change):
    path = fixtures / "practices" / f"{slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["transfer_profile"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def changed_case(profile):
    profile["kinds"][0]["rationale"] = "Provides a single point of access"


def unknown_level(profile):
    profile["level"] = "global"


def unknown_kind(profile):
    profile["kinds"][0]["kind"] = "database"


def duplicate_kind(profile):
    profile["kinds"].append(dict(profile["kinds"][0]))


def rationale_for_not_stated(profile):
    profile["level"] = "not-stated"
    profile["level_rationale"] = "Findata provides"


def level_without_rationale(profile):
    profile["level"] = "national"
    profile.pop("level_rationale", None)


def actor_not_named(profile):
    profile["actors"] = [{"name": "Sitra", "rationale": "Findata provides"}]


def unknown_key(profile):
    profile["scope"] = "Finland"


WHERE = "practices/findata.yaml: slug 'findata' transfer_profile"
BROKEN = [
    (changed_case, f"{WHERE} kinds[0]: 'rationale' does not quote the practice's own words"),
    (unknown_level, f"{WHERE}: 'level' must be one of eu, national, regional, institution,"),
    (unknown_kind, f"{WHERE} kinds[0]: 'kind' must be one of infrastructure,"),
    (duplicate_kind, f"{WHERE} kinds[1]: duplicate kind 'service'"),
    (rationale_for_not_stated, f"{WHERE}: 'level_rationale' is given for a level not stated"),
    (level_without_rationale, f"{WHERE}: 'level_rationale' is missing"),
    (actor_not_named, f"{WHERE} actors[0]: the actor 'Sitra' is not named in its rationale"),
    (unknown_key, f"{WHERE}: unknown key(s): scope"),
]


@pytest.mark.parametrize("change, message", BROKEN, ids=[b[0].__name__ for b in BROKEN])
def test_a_bad_profile_is_refused_by_name_and_changes_nothing(fixtures, change, message):
    edit_profile(fixtures, "findata", change)
    before = database_profiles()
    err = StringIO()
    with pytest.raises(CommandError, match="the database was not changed"):
        call_command("load_kb", "--fixtures", str(fixtures), stderr=err)
    assert message in err.getvalue()
    assert database_profiles() == before


def test_an_invented_level_rationale_on_a_stated_level_is_refused(fixtures):
    edit_profile(fixtures, "dare-nl", lambda p: p.update(level_rationale="a Dutch consortium"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_kb", "--fixtures", str(fixtures), "--check", stderr=err)
    assert (
        "practices/dare-nl.yaml: slug 'dare-nl' transfer_profile: 'level_rationale' does not "
        "quote the practice's own words exactly"
    ) in err.getvalue()


def test_a_practice_without_a_block_states_nothing_and_exports_without_one(fixtures, tmp_path):
    path = fixtures / "practices" / "findata.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("transfer_profile")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    call_command("load_kb", "--fixtures", str(fixtures), stdout=StringIO())
    findata = GoodPractice.objects.get(slug="findata")
    assert (findata.level, list(findata.kinds.all())) == (Level.NOT_STATED, [])
    out = tmp_path / "out"
    call_command("export_kb", "--output", str(out), "--fixtures", str(fixtures), stdout=StringIO())
    assert "transfer_profile" not in (out / "practices" / "findata.yaml").read_text()
    assert "transfer_profile:" in (out / "practices" / "dare-nl.yaml").read_text()


def test_an_edited_kind_is_exported_and_reloads_to_the_same_database(tmp_path):
    practice = GoodPractice.objects.get(slug="findata")
    PracticeKind.objects.create(
        practice=practice, kind=Kind.INFRASTRUCTURE, rationale="a single point of access", order=2
    )
    out = tmp_path / "out"
    call_command("export_kb", "--output", str(out), stdout=StringIO())
    text = (out / "practices" / "findata.yaml").read_text(encoding="utf-8")
    assert "    - kind: infrastructure\n      rationale: a single point of access\n" in text
    loaded = StringIO()
    call_command("load_kb", "--fixtures", str(out), stdout=loaded)
    assert "Nothing changed." in loaded.getvalue()


def test_the_admin_refuses_words_the_practice_does_not_print():
    practice = GoodPractice.objects.get(slug="findata")
    practice.level, practice.level_rationale = Level.NATIONAL, "national data permit authority"
    with pytest.raises(ValidationError, match="Quote the practice's own words exactly"):
        practice.full_clean()
    actor = PracticeActor(practice=practice, name="Sitra", rationale="Findata founded it", order=1)
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert set(error.value.message_dict) == {"rationale", "name"}


# --- filters, against the data (site and API) -------------------------------------------------


def expected(levels=(), kinds=()):
    return {
        slug
        for slug, (level, its_kinds) in PROFILES.items()
        if (not levels or level in levels) and (not kinds or set(kinds) & set(its_kinds))
    }


def api_slugs(client, **params):
    response = client.get(API, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return {practice["slug"] for practice in response.json()["results"]}


def site_slugs(client, query):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.num_pages == 1
    return {practice.slug for practice in page.object_list}


FILTERS = [
    ("level=regional", {"regional"}, ()),
    ("level=eu", {"eu"}, ()),
    ("level=not-stated", {"not-stated"}, ()),
    ("level=regional,institution", {"regional", "institution"}, ()),
    ("kind=training", (), {"training"}),
    ("kind=assessment", (), {"assessment"}),
    ("kind=training&kind=assessment", (), {"training", "assessment"}),
    (
        "kind=legislation-or-policy,funding-or-reimbursement",
        (),
        {"legislation-or-policy", "funding-or-reimbursement"},
    ),
    ("level=national&kind=network-or-partnership", {"national"}, {"network-or-partnership"}),
]


@pytest.mark.parametrize("query, levels, kinds", FILTERS, ids=[f[0] for f in FILTERS])
def test_the_site_and_the_api_filter_by_level_and_kind(client, unthrottled, query, levels, kinds):
    found = expected(levels, kinds)
    assert found  # every case selects some practices, and not all
    assert len(found) < 52
    assert site_slugs(client, query) == found
    params = {}
    for part in query.split("&"):
        key, value = part.split("=")
        params.setdefault(key, []).append(value)
    assert api_slugs(client, **params) == found


def test_the_data_behind_the_filters():
    assert expected(levels={"regional"}) == {
        "atmp-pit",
        "atmp-skill-development-projects",
        "digenia",
        "horizon-scanning-program",
        "omiqs-hes",
        "padris-program",
        "risk-sharing-models-rsa-for-innovative-medicines",
    }
    assert expected(kinds={"training"}) == {
        "advance-course-on-cell-and-gene-therapies-2025",
        "atmp-skill-development-projects",
        "msc-in-precision-medicine-and-novel-therapies",
        "nj-acts",
        "spinnoff-initiative-360-degrees-labs",
    }


@pytest.mark.parametrize(
    "params, parameter, message",
    [
        ({"level": "global"}, "level", "Unknown level “global”. Allowed: eu, national, regional,"),
        (
            {"kind": "training,database"},
            "kind",
            "Unknown kind “database”. Allowed: infrastructure,",
        ),
        ({"level": "Regional"}, "level", "Unknown level “Regional”"),
    ],
)
def test_an_unknown_value_is_a_400_naming_those_allowed(client, params, parameter, message):
    response = client.get(API, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [parameter] and message in errors[parameter][0]
    page = client.get(LIST_URL, params)
    assert page.status_code == 400
    assert page.context["filter"].errors[parameter][0].startswith(message)
    assert list(page.context["page_obj"].object_list) == []


def test_the_list_form_offers_every_level_and_kind_and_keeps_several(client):
    everything = client.get(LIST_URL).content.decode()
    for name, values in (("level", Level.values), ("kind", Kind.values)):
        for value in values:
            assert f'<input type="checkbox" name="{name}" value="{value}">' in everything
    page = client.get(LIST_URL, {"kind": "training,service"}).content.decode()
    assert '<input type="checkbox" name="kind" value="training" checked>' in page
    assert '<input type="checkbox" name="kind" value="service" checked>' in page


# --- what the site and the API show --------------------------------------------------------------


def test_the_api_gives_the_profile_with_its_rationales(client):
    profile = client.get(f"{API}padris-program/").json()["transfer_profile"]
    assert profile["level"] == {
        "value": "regional",
        "label": "Regional",
        "rationale": "On 2017 Catalonia implemented the Data Analytics Program for Health "
        "Research and Innovation (PADRIS)",
    }
    assert [kind["value"] for kind in profile["kinds"]] == ["programme", "service"]
    assert profile["actors"][1] == {
        "name": "AQuAS",
        "rationale": "AQuAS has announced the tender for the creation of the Office for Access "
        "to Secondary Use Data in Catalonia (ODAS)",
    }
    assert len(profile["preconditions"]) == 3
    not_stated = client.get(f"{API}findata/").json()["transfer_profile"]
    assert not_stated["level"] == {"value": "not-stated", "label": "Not stated", "rationale": ""}
    assert (not_stated["actors"], not_stated["preconditions"]) == ([], [])


def test_the_schema_types_the_profile_and_its_filters(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    components = schema["components"]["schemas"]
    profile = components["TransferProfile"]["properties"]
    assert set(profile) == {"level", "kinds", "actors", "preconditions"}
    assert profile["kinds"]["type"] == "array"
    level = components["ProfileLevel"]["properties"]
    assert set(level) == {"value", "label", "rationale"}
    enums = {name: component.get("enum") for name, component in components.items()}
    assert set(Level.values) in [set(values) for values in enums.values() if values]
    assert set(Kind.values) in [set(values) for values in enums.values() if values]
    practice = components["Practice"]["properties"]["transfer_profile"]
    assert "TransferProfile" in str(practice)
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]
    }
    assert set(parameters["level"]["items"]["enum"]) == set(Level.values)
    assert set(parameters["kind"]["items"]["enum"]) == set(Kind.values)


def test_the_practice_page_shows_the_profile_marked_editorial_with_its_rationales(client):
    page = client.get("/practices/padris-program/").content.decode()
    section = page.split('id="transfer-profile"')[1].split("</section>")[0]
    assert '<span class="badge">Editorial</span>' in section
    assert "not part of the report" in section
    assert '<a href="/practices/?level=regional">Regional</a>' in section
    assert "<q>Data Analytics Program for Health Research and Innovation</q>" in section
    assert "AQuAS: <q>AQuAS has announced the tender" in section
    assert "The European Health Data Space Regulation: <q>This action is part of" in section


def test_a_value_not_stated_says_so(client):
    page = client.get("/practices/findata/").content.decode()
    section = page.split('id="transfer-profile"')[1].split("</section>")[0]
    assert section.count("Not stated") == 3  # level, actors, preconditions
    assert '<a href="/practices/?kind=service">Service</a>' in section


def test_empty_template_fields_say_the_report_does_not_say(client):
    page = client.get("/practices/findata/").content.decode()
    section = page.split('id="template-fields"')[1].split("</section>")[0]
    for heading in ("Key players", "Impact", "Transferability"):
        assert f"<dt>{heading}</dt>" in section
    assert section.count("The report does not say.") == 3


def test_a_template_field_the_source_fills_is_shown_instead(client):
    GoodPractice.objects.filter(slug="findata").update(impact="Faster permits.")
    page = client.get("/practices/findata/").content.decode()
    section = page.split('id="template-fields"')[1].split("</section>")[0]
    assert "<dd>Faster permits.</dd>" in section
    assert section.count("The report does not say.") == 2


def test_the_practice_card_shows_level_and_kinds_marked_editorial(client):
    page = client.get(LIST_URL, {"level": "regional", "kind": "assessment"}).content.decode()
    card = page.split('<li class="card card--compact">')[1].split("</li>\n")[0]
    assert "Horizon Scanning Program" in card
    summary = card.split('class="meta profile-summary"')[1].split("</p>")[0]
    assert '<span class="badge">Editorial</span>' in summary
    assert '<a href="/practices/?level=regional">Regional level</a>' in summary
    assert '<a href="/practices/?kind=assessment">Assessment or horizon scanning</a>' in summary
    not_stated = client.get(LIST_URL, {"search": "Findata"}).content.decode()
    assert "level not stated" in not_stated


def test_the_admin_edits_the_profile_under_the_editorial_label(admin_client):
    practice = GoodPractice.objects.get(slug="padris-program")
    response = admin_client.get(f"/admin/practices/goodpractice/{practice.pk}/change/")
    assert response.status_code == 200
    formsets = {f.formset.model: f.formset for f in response.context["inline_admin_formsets"]}
    assert [form.instance.kind for form in formsets[PracticeKind].forms] == ["programme", "service"]
    assert len(formsets[PracticeActor].forms) == 2
    assert "Transfer profile (editorial)" in response.content.decode()
