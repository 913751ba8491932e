"""The admin's verbatim guard, and the asides shown beside a record being edited.

`RecordAdminMixin` (and `RecordInlineMixin` for records edited inside another's page) gives
a transcribed record's admin form the strict check of `bases/verbatim.py`: when an edit makes
one of its texts differ from its source document, the form refuses to save, lists each
difference (the source's words beside the record's) and asks for a transcription note
("Why the text differs from its source"). Saved with that note, the record names the
`differs-from-source` allowance in its `verbatim` list and the note is added to its `note`:
both are exported by `export_kb`, `load_kb --check` then accepts the record only with a note,
and its public page says that it differs from the source and why (docs/editors.md).

Only differences the edit introduces are shown: a text is compared before and after the edit
without the `differs-from-source` allowance, so an edit of a record already departing from
its source needs a note of its own. A source with no text in `sources/` (a contributed
practice's, the synthetic one) is not checked.

Asides: another app registers `register_aside(function)`; `function(request, obj)` returns
None or a dict (`title`, `rows` of (label, value), `note`) shown at the top of the change
form, so that a reader's correction is read beside the record it is about without this app
importing that one.
"""

from functools import cache
from pathlib import Path

from django import forms
from django.conf import settings

from bases.verbatim import SourceText, differences

DEPARTURE = "differs-from-source"
NOTE_FIELD = "departure_note"
NOTE_LABEL = "Why the text differs from its source"
NOTE_HELP = (
    "Needed only when an edit makes a transcribed text differ from its source document: "
    "what was changed and why (a correction, with the reference that supports it). It is "
    "added to the transcription note, which the record's page shows."
)

ASIDES = []


def register_aside(function):
    if function not in ASIDES:
        ASIDES.append(function)


@cache
def source_text(slug):
    path = Path(settings.BASE_DIR, "sources", f"{slug}.txt")
    return SourceText(slug, path.read_text(encoding="utf-8")) if path.exists() else None


def numbers(obj, name):
    """The footnote numbers of a saved record's references (its words may drop their markers)."""
    if obj is None or obj.pk is None or not hasattr(obj, name):
        return ()
    return tuple(n for n in getattr(obj, name).values_list("footnote", flat=True) if n)


def practice_texts(v, obj):
    notes = numbers(obj, "references")
    country = v.get("country_label") or ""
    yield "name", v["name"], {"footnotes": notes, "leads": ("•",), "trails": (country,)}
    yield "description", v["description"], {"footnotes": notes, "leads": (country,)}
    for key in ("key_players", "impact", "transferability"):
        if v.get(key):
            yield key, v[key], {}


def challenge_texts(v, obj):
    yield "challenge", f"{v['title']}; {v['text']}" if v.get("text") else v["title"], {}


def region_texts(v, obj):
    yield "fact-sheet label", v["factsheet_label"], {}
    yield "overview", v["overview"], {"leads": ("Overview:",)}


# What each transcribed record prints, as dataset/verbatim.py reads it from the fixtures:
# (label, text, options of bases.verbatim.differences) from the form's values.
TEXTS = {
    "category": lambda v, obj: [("name", v["name"], {"whole": False})],
    "barrier": lambda v, obj: [("introduction", v["introduction"], {})],
    "quote": lambda v, obj: [("text", v["text"], {})],
    "policycomment": lambda v, obj: [
        ("text", v["text"], {"footnotes": numbers(obj, "references")})
    ],
    "goodpractice": practice_texts,
    "region": region_texts,
    "regionalchallenge": challenge_texts,
    "nationalfinding": lambda v, obj: [
        ("area", v["area"], {}),
        ("heading", v["heading"], {}),
        ("text", v["text"], {"leads": ("-",)}),
    ],
}


def differences_of(values, obj, source, allowances):
    """{label: [Difference]} of the texts in `values` that differ from the source."""
    found = {}
    texts = TEXTS[obj._meta.model_name]
    for label, text, options in texts(values, obj):
        if not text:
            continue
        options = {"whole": True, **options}
        listed = differences(text, source, allowances, what=label, **options)
        if listed:
            found[label] = listed
    return found


class GuardedForm(forms.ModelForm):
    """A record's form that refuses an edit departing from the source without a note."""

    departure_note = forms.CharField(
        label=NOTE_LABEL,
        help_text=NOTE_HELP,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        introduced = self.introduced_differences(cleaned)
        note = (cleaned.get(NOTE_FIELD) or "").strip()
        if introduced and not note:
            messages = [
                "This edit makes the text differ from its source document; say why in "
                f"“{NOTE_LABEL}” (or undo the change):"
            ] + [str(d).replace("\n", " ") for d in introduced]
            self.add_error(NOTE_FIELD, messages)
        elif introduced:
            self.record_departure(cleaned, note)
        return cleaned

    def values(self, cleaned, initial):
        obj = self.instance
        names = {name for name in self.fields if name != NOTE_FIELD}
        before = {f.name: getattr(obj, f.name, "") for f in obj._meta.concrete_fields}
        if initial:
            return before
        return before | {n: cleaned[n] for n in names if n in cleaned}

    def introduced_differences(self, cleaned):
        obj = self.instance
        if obj._meta.model_name not in TEXTS:
            return []
        source_record = cleaned.get("source") or getattr(obj, "source", None)
        source = source_text(source_record.slug) if source_record else None
        if source is None:
            return []
        allowances = tuple(a for a in (obj.verbatim or ()) if a != DEPARTURE)
        after = differences_of(self.values(cleaned, initial=False), obj, source, allowances)
        if not after:
            return []
        before = {}
        if obj.pk is not None:
            before = differences_of(self.values(cleaned, initial=True), obj, source, allowances)
        return [
            d
            for label, listed in after.items()
            if [str(x) for x in listed] != [str(x) for x in before.get(label, [])]
            for d in listed
        ]

    def record_departure(self, cleaned, note):
        """The allowance named and the note added, on the instance and in cleaned_data."""
        verbatim = list(cleaned.get("verbatim", self.instance.verbatim) or [])
        if DEPARTURE not in verbatim:
            verbatim.append(DEPARTURE)
        existing = (cleaned.get("note", self.instance.note) or "").strip()
        combined = f"{existing}\n\n{note}" if existing else note
        for name, value in (("verbatim", verbatim), ("note", combined)):
            setattr(self.instance, name, value)
            if name in self.fields:
                cleaned[name] = value


def with_note_field(fields):
    return [*fields, NOTE_FIELD] if NOTE_FIELD not in fields else list(fields)


class RecordAdminMixin:
    """For a transcribed record's ModelAdmin: the verbatim guard and the asides."""

    form = GuardedForm
    change_form_template = "admin/record_change_form.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        *first, (name, options) = fieldsets
        return [*first, (name, {**options, "fields": with_note_field(options["fields"])})]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        asides = [a for a in (aside(request, obj) for aside in ASIDES) if a] if obj else []
        extra_context = {**(extra_context or {}), "asides": asides}
        return super().change_view(request, object_id, form_url, extra_context)


class RecordInlineMixin:
    """For a transcribed record edited inside another's admin page (quotes in a barrier's)."""

    form = GuardedForm

    def get_fields(self, request, obj=None):
        return with_note_field(super().get_fields(request, obj))
