"""synth_kb: a larger knowledge base, marked synthetic, that load_kb accepts."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from barriers.models import Quote
from practices.models import GoodPractice
from regions.models import Region, RegionalChallenge


@pytest.fixture(scope="module")
def synthetic_3x(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "kb-3x"
    call_command("synth_kb", scale=3, output=folder, verbosity=0)
    return folder


@pytest.mark.django_db
def test_the_synthetic_fixtures_pass_load_kb_validation(synthetic_3x, capsys):
    call_command("load_kb", fixtures=synthetic_3x, check=True)
    assert "the fixtures are valid" in capsys.readouterr().out


@pytest.mark.django_db
def test_scale_3_holds_three_times_the_regions_quotes_practices_and_challenges(synthetic_3x):
    real = [model.objects.count() for model in (Region, Quote, GoodPractice, RegionalChallenge)]
    call_command("load_kb", fixtures=synthetic_3x, verbosity=0)
    larger = [model.objects.count() for model in (Region, Quote, GoodPractice, RegionalChallenge)]
    assert larger == [3 * n for n in real]


@pytest.mark.django_db
def test_every_synthetic_record_says_so_and_the_real_ones_are_untouched(synthetic_3x):
    crete = Region.objects.values().get(slug="crete")
    call_command("load_kb", fixtures=synthetic_3x, verbosity=0)
    for model in (Region, GoodPractice):
        synthetic = model.objects.filter(slug__startswith="synthetic-")
        assert synthetic.exists()
        assert set(synthetic.values_list("source__slug", flat=True)) == {"synthetic"}
        assert all("Synthetic record" in note for note in synthetic.values_list("note", flat=True))
        assert (
            not model.objects.exclude(slug__startswith="synthetic-")
            .filter(source__slug="synthetic")
            .exists()
        )
    quotes = Quote.objects.filter(region__slug__startswith="synthetic-")
    assert set(quotes.values_list("source__slug", flat=True)) == {"synthetic"}
    assert Region.objects.values().get(slug="crete") == crete


def test_synth_kb_never_writes_into_the_real_fixtures_or_a_used_folder(tmp_path):
    with pytest.raises(CommandError, match="outside the real fixtures"):
        call_command("synth_kb", scale=2, output=settings.FIXTURES_DIR / "synthetic")
    (tmp_path / "something").write_text("")
    with pytest.raises(CommandError, match="not empty"):
        call_command("synth_kb", scale=2, output=tmp_path)
    with pytest.raises(CommandError, match="at least 1"):
        call_command("synth_kb", scale=0, output=tmp_path / "new")


@pytest.mark.django_db
def test_a_synthetic_action_belongs_to_the_same_copy_of_its_measure(synthetic_3x):
    call_command("load_kb", fixtures=synthetic_3x, verbosity=0)
    measure = "perte-salud-de-vanguardia-digital-health"
    for prefix in ("", "synthetic-1-", "synthetic-2-"):
        parts = GoodPractice.objects.filter(part_of__slug=f"{prefix}{measure}")
        assert parts.count() == 4
        assert all(slug.startswith(prefix) for slug in parts.values_list("slug", flat=True))
