"""The admin's verbatim guard: an edit that makes a transcribed text differ from its source
is shown with its difference and needs a transcription note; the record then says so on its
page, and the note and the allowance are exported and pass `load_kb --check`."""

import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from barriers.models import Quote
from dataset.reader import read_fixtures
from dataset.verbatim import unexplained_departures
from practices.models import GoodPractice

pytestmark = pytest.mark.django_db


def form_data(response):
    """The POST data of an admin change form as the page shows it (inlines included)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        )
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = field.widget.format_value(value) or value
    return data


def edit(admin_client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(admin_client.get(url))
    data["change_reason"] = "Corrected against the source"  # every admin save gives one
    data.update(changes)
    return admin_client.post(url, data)


@pytest.fixture
def quote():
    return Quote.objects.get(text__contains="accessibility.")


def test_an_edit_that_keeps_the_text_verbatim_saves_without_a_note(admin_client, quote):
    response = edit(admin_client, quote, attribution=quote.attribution)
    assert response.status_code == 302
    quote.refresh_from_db()
    assert "differs-from-source" not in quote.verbatim


def test_an_edit_departing_from_the_source_shows_the_difference_and_needs_a_note(
    admin_client, quote
):
    changed = quote.text.replace("accessibility.", "accesibility.")
    response = edit(admin_client, quote, text=changed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This edit makes the text differ from its source document" in page
    assert "[accessibility.]" in page and "[accesibility.]" in page
    quote.refresh_from_db()
    assert "accesibility." not in quote.text


def test_with_a_note_it_saves_names_the_allowance_and_shows_on_the_page(
    admin_client, client, quote
):
    changed = quote.text.replace("accessibility.", "access.")
    reason = "Corrected by the editors: the partner confirmed the word (e-mail of 1 May)."
    response = edit(admin_client, quote, text=changed, departure_note=reason)
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.text == changed
    assert "differs-from-source" in quote.verbatim
    assert quote.note.endswith(reason)
    page = client.get(quote.get_absolute_url()).content.decode()
    assert "This text differs from its source document" in page and "partner confirmed" in page


def test_a_departure_is_exported_and_passes_the_check_only_with_its_note(
    admin_client, quote, tmp_path
):
    changed = quote.text.replace("accessibility.", "access.")
    edit(admin_client, quote, text=changed, departure_note="Corrected: see the partner's e-mail.")
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, fixtures)
    call_command("export_kb", "--output", str(fixtures), stdout=StringIO())
    call_command("load_kb", "--fixtures", str(fixtures), "--check", stdout=StringIO())
    quote.refresh_from_db()
    Quote.objects.filter(pk=quote.pk).update(note="")
    call_command("export_kb", "--output", str(fixtures), stdout=StringIO())
    assert [str(d) for d in unexplained_departures(read_fixtures(fixtures))] != []
    with pytest.raises(CommandError, match=r"1 text\(s\) in .* differ from their source"):
        call_command("load_kb", "--fixtures", str(fixtures), "--check", stdout=StringIO())


def test_an_inline_edit_is_guarded_too(admin_client, quote):
    barrier = quote.barrier
    url = reverse("admin:barriers_barrier_change", args=[barrier.pk])
    data = form_data(admin_client.get(url))
    key = next(k for k, v in data.items() if k.endswith("-id") and v == str(quote.pk))
    prefix = key[: -len("-id")]
    data[f"{prefix}-text"] = quote.text.replace("accessibility.", "accesibility.")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "[accesibility.]" in response.content.decode()


def test_a_practice_edit_is_guarded_with_its_leads(admin_client):
    practice = GoodPractice.objects.get(slug="findata")
    assert edit(admin_client, practice, name=practice.name).status_code == 302
    response = edit(admin_client, practice, description=practice.description + " Extra words.")
    assert response.status_code == 200
    assert "This edit makes the text differ" in response.content.decode()
