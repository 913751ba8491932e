"""The shape of the loaded data, against what the report prints."""

import pytest
from django.db.models import Count, Q

from barriers.models import Barrier, Category, PolicyComment, Quote
from practices.models import GoodPractice
from regions.models import Region

pytestmark = pytest.mark.django_db

# Barriers per category, from the report's overview of the 17 barriers.
CATEGORIES = {
    "health-data-accessibility": [1, 2, 3, 4],
    "financial-barriers": [5, 6],
    "regulatory-barriers": [7, 8, 9],
    "competence-and-awareness": [10, 11, 12],
    "healthcare-readiness": [13, 14],
    "innovation-ecosystem-capacity": [15, 16, 17],
}

# Quotes printed per barrier (spill-overs placed by content; see the barriers' notes).
QUOTES_PER_BARRIER = {
    1: 5,
    2: 5,
    3: 5,
    4: 5,
    5: 9,
    6: 5,
    7: 5,
    8: 6,
    9: 3,
    10: 8,
    11: 6,
    12: 5,
    13: 8,
    14: 3,
    15: 3,
    16: 5,
    17: 6,
}

# Rows of each barrier's good-practice table(s); barriers 3, 4, 9, 12 and 14 print none.
PRACTICES_PER_BARRIER = {
    1: 3,
    2: 6,
    3: 0,
    4: 0,
    5: 7,
    6: 1,
    7: 1,
    8: 3,
    9: 0,
    10: 5,
    11: 2,
    12: 0,
    13: 6,
    14: 0,
    15: 8,
    16: 5,
    17: 3,
}


def test_six_categories_in_report_order_with_their_barriers():
    found = {
        category.slug: [barrier.number for barrier in category.barriers.order_by("number")]
        for category in Category.objects.prefetch_related("barriers")
    }
    assert list(found) == list(CATEGORIES)
    assert found == CATEGORIES


def test_seventeen_barriers_each_with_introduction_and_sections():
    barriers = Barrier.objects.annotate(n_sections=Count("sections")).order_by("number")
    assert [barrier.number for barrier in barriers] == list(range(1, 18))
    for barrier in barriers:
        assert barrier.introduction, barrier
        assert barrier.n_sections >= 1, barrier


def test_quotes_per_barrier():
    counts = dict(Quote.objects.values_list("barrier__number").annotate(n=Count("id")).order_by())
    assert counts == QUOTES_PER_BARRIER
    assert Quote.objects.count() == 92


def test_practices_per_barrier():
    # Rows of the printed tables, not the editors' links to other sources' practices.
    printed_rows = Count("listings", filter=Q(listings__order__isnull=False))
    counts = {barrier.number: barrier.n for barrier in Barrier.objects.annotate(n=printed_rows)}
    assert counts == PRACTICES_PER_BARRIER


def test_practices_printed_in_two_tables_are_one_record():
    twice = {
        practice.slug: sorted(practice.barriers.values_list("number", flat=True))
        for practice in GoodPractice.objects.filter(source__slug="d6-1")
        .annotate(n=Count("barriers"))
        .filter(n__gt=1)
    }
    assert twice == {
        "federated-health-innovation-network": [1, 16],
        "regulatory-science-network-netherlands": [8, 10],
        "begingns-greece": [7, 13],
    }
    assert GoodPractice.objects.filter(source__slug="d6-1").count() == 47


def test_boxed_eu_comments():
    comments = {c.barrier.number: c for c in PolicyComment.objects.select_related("barrier")}
    assert sorted(comments) == [1, 7]
    assert comments[1].text.startswith("The European Health Data Space (EHDS) provides")
    assert comments[7].text.startswith("The EU Artificial Intelligence Act (AI Act) mandates")
    assert comments[1].references.get().footnote == 3


def test_ten_regions_in_tab3_order_with_challenges():
    regions = (
        Region.objects.annotate(n=Count("challenges")).select_related("country").order_by("order")
    )
    assert [(r.slug, r.country.code, r.n) for r in regions] == [
        ("flanders", "BE", 8),
        ("sofia", "BG", 5),
        ("catalonia", "ES", 5),
        ("baden-wurttemberg", "DE", 10),
        ("crete", "GR", 14),
        ("emilia-romagna", "IT", 7),
        ("lithuania", "LT", 5),
        ("netherlands", "NL", 12),
        ("north-east-romania", "RO", 10),
        ("vastra-gotaland", "SE", 7),
    ]


def test_interview_figures_as_printed_in_tab3():
    rows = {
        r.slug: (
            r.interviews_total,
            r.interviews_industry,
            r.interviews_healthcare,
            r.interviews_research,
            r.interviews_public,
        )
        for r in Region.objects.all()
    }
    assert rows["sofia"] == (44, 18, 3, 9, 14)
    assert rows["catalonia"] == (15, 6, None, 4, 5)
    assert rows["baden-wurttemberg"] == (10, 2, 2, 6, None)
    assert rows["crete"] == (10, 4, None, 3, 4)
    assert sum(row[0] for row in rows.values()) == 158  # the printed Total
    assert [sum(row[i] or 0 for row in rows.values()) for i in (1, 2, 3, 4)] == [52, 14, 42, 51]


def test_workshop_figures_as_printed_in_tab4():
    regions = {r.slug: r for r in Region.objects.all()}
    held = [r for r in regions.values() if r.engagement == Region.Engagement.WORKSHOP]
    assert sum(r.workshop_participants for r in held) == 199
    assert len(held) == 9
    catalonia = regions["catalonia"]
    assert (catalonia.workshop_participants, catalonia.workshop_format) == (35, "online")
    assert catalonia.workshop_organizers == "ACCIO, Departament de Salut, support by BIOCAT"
    assert regions["sofia"].workshop_format == "on-site"


def test_germany_held_expert_consultations_instead_of_a_workshop():
    region = Region.objects.get(slug="baden-wurttemberg")
    assert region.engagement == Region.Engagement.CONSULTATIONS
    assert region.workshop_participants is None
    assert "one-on-one expert consultations" in region.engagement_note
