"""The field map: each model's plain fixture keys, declared once for the reader, the writer
and the exporter."""

import pytest
from django.conf import settings

from barriers.models import (
    Barrier,
    BarrierSection,
    Category,
    ChallengeMapping,
    CommentReference,
    PolicyComment,
    Quote,
)
from dataset import fields
from dataset.exporter import render_fixtures
from dataset.reader import read_fixtures
from dataset.records import FixtureError
from dataset.writer import write_dataset
from practices.models import GoodPractice
from provenance.models import DataNote, ReportSection, Source
from regions.models import Country, NationalFinding, Region, RegionalChallenge

pytestmark = pytest.mark.django_db

MODELS = {
    "SOURCE": Source,
    "SOURCE_NOTE": DataNote,
    "REPORT_SECTION": ReportSection,
    "COUNTRY": Country,
    "CATEGORY": Category,
    "REGION": Region,
    "CHALLENGE": RegionalChallenge,
    "BARRIER_MAPPING": ChallengeMapping,
    "BARRIER": Barrier,
    "BARRIER_SECTION": BarrierSection,
    "QUOTE": Quote,
    "COMMENT": PolicyComment,
    "REFERENCE": CommentReference,
    "PRACTICE": GoodPractice,
    "NATIONAL_FINDING": NationalFinding,
}


@pytest.mark.parametrize("name", MODELS)
def test_each_plain_key_is_a_column_of_its_model(name):
    for field in getattr(fields, name):
        if isinstance(field, fields.Field):
            column = MODELS[name]._meta.get_field(field.key)
            assert column.concrete and not column.is_relation, field.key


def test_a_key_left_out_of_the_map_is_neither_read_written_nor_exported(monkeypatch):
    """The reader, the writer and the exporter all take a practice's keys from the map."""
    dataset = read_fixtures(settings.FIXTURES_DIR)
    GoodPractice.objects.filter(slug="healthcare-data-lake").update(responsible_body="Edited")
    without = tuple(f for f in fields.PRACTICE if getattr(f, "key", "") != "responsible_body")
    monkeypatch.setattr(fields, "PRACTICE", without)

    with pytest.raises(FixtureError) as error:
        read_fixtures(settings.FIXTURES_DIR)
    assert (
        "practices/healthcare-data-lake.yaml: slug 'healthcare-data-lake': "
        "unknown key(s): responsible_body"
    ) in error.value.problems
    write_dataset(dataset)
    assert GoodPractice.objects.get(slug="healthcare-data-lake").responsible_body == "Edited"
    files = render_fixtures(settings.FIXTURES_DIR)
    assert "responsible_body" not in files["practices/healthcare-data-lake.yaml"]
