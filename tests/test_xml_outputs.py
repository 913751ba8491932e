"""SVG outputs stay well-formed XML whatever a record's text holds: characters XML 1.0
forbids (stored through the ORM, as the admin or the API could) are replaced by U+FFFD."""

from xml.etree import ElementTree as ET

import pytest
from django.db import connection

from barriers.models import Barrier
from bases.xml import xml_safe
from evidence.charts import europe_map_svg
from regions.models import Region

pytestmark = pytest.mark.django_db

FORBIDDEN = ["\x0b", "\x00"]


def forbidden_here():
    """PostgreSQL itself refuses NUL in text; the other characters reach its rows."""
    return [c for c in FORBIDDEN if not (c == "\x00" and connection.vendor == "postgresql")]


@pytest.mark.parametrize("character", FORBIDDEN)
def test_the_evidence_map_svg_is_well_formed_with_a_control_character_in_a_title(client, character):
    if character not in forbidden_here():
        pytest.skip("PostgreSQL stores no NUL")
    Barrier.objects.filter(number=5).update(title=f"Reimbursement{character}Misalignment")
    response = client.get("/map/evidence-map.svg")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # raises on a character XML forbids
    labels = "".join(root.itertext())
    assert "Reimbursement\ufffdMisalignment" in labels


def test_the_europe_map_is_well_formed_with_a_control_character_in_a_name():
    Region.objects.filter(slug="crete").update(name="Cr\x0bete")
    regions = Region.objects.select_related("country")
    root = ET.fromstring(europe_map_svg(regions, "Partners\x0b", "The partner regions."))
    assert "Cr\ufffdete (Greece)" in "".join(root.itertext())


def test_xml_safe_keeps_every_character_xml_allows():
    allowed = "tab\t line\n return\r é 中 \U0001f600 \ufffd"
    assert xml_safe(allowed) == allowed
    assert xml_safe("a\x00b\x1fc\ufffed") == "a\ufffdb\ufffdc\ufffdd"
