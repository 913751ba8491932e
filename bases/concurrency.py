"""The admin refuses a save over a version newer than the one its form was opened on.

The change form carries, hidden, a signed snapshot of the record as it was read. Saving
compares it with the record as it is now, read under a row lock in the admin's own
transaction (the admin saves in one), so two editors' saves are serialised: the second is
refused, naming the fields the first changed and their new values, and its form takes the
new snapshot, so that a second save, once the editor has read them, overwrites them on
purpose. The API's counterpart is `If-Match` (bases/rest/concurrency.py).
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.text import Truncator

VERSION_FIELD = "_version"
SALT = "bases.concurrency"
SHOWN_CHARACTERS = 120


def snapshot(record):
    """The stored values of `record`'s own fields (many-to-many included), as text."""
    meta = record._meta
    values = {
        field.name: field.value_to_string(record)
        for field in meta.concrete_fields
        if not field.primary_key
    }
    for field in meta.many_to_many:
        related = getattr(record, field.name).order_by("pk").values_list("pk", flat=True)
        values[field.name] = ",".join(str(pk) for pk in related)
    return values


def sign(values):
    return signing.dumps(values, salt=SALT, compress=True)


class VersionCheckedForm(forms.ModelForm):
    """A ModelForm whose save is refused if the record changed since the form was opened."""

    _version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = sign(snapshot(self.instance))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.check_version()
        return cleaned

    def check_version(self):
        model = type(self.instance)
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            raise ValidationError("This record was deleted since you opened it.")
        now = snapshot(current)
        try:
            opened = signing.loads(self.data.get(self.add_prefix(VERSION_FIELD), ""), salt=SALT)
        except signing.BadSignature:
            opened = None
        changed = [
            name for name, value in now.items() if opened is None or opened.get(name) != value
        ]
        if not changed:
            return
        self.data = self.data.copy()  # a second save overwrites, knowingly
        self.data[self.add_prefix(VERSION_FIELD)] = sign(now)
        raise ValidationError(self.conflict_message(current, now, changed, opened))

    @staticmethod
    def conflict_message(current, now, changed, opened):
        if opened is None:
            return (
                "This form carries no version of the record (it was opened before an update, "
                "or altered): reload the page to edit the record as it is now."
            )
        shown = "; ".join(
            f"{current._meta.get_field(name).verbose_name}: now "
            f"“{Truncator(value).chars(SHOWN_CHARACTERS)}”"
            for name, value in ((name, now[name]) for name in changed)
        )
        return (
            f"Someone saved this record after you opened it. What they changed: {shown}. "
            "Your changes are not saved. Save again to overwrite theirs with this form, or "
            "reload the page to start from their version."
        )


class ConcurrentEditAdmin:
    """A ModelAdmin mixin: its change form is a `VersionCheckedForm`, the hidden version
    placed in the first fieldset (a field the fieldsets do not name is not rendered)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and not getattr(request, "reverting_version", False):
            kwargs["form"] = type(
                "VersionChecked" + self.form.__name__, (VersionCheckedForm, self.form), {}
            )
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or getattr(request, "reverting_version", False):
            return fieldsets
        (name, options), *rest = fieldsets
        fields = [field for field in options["fields"] if field != VERSION_FIELD]
        return [(name, {**options, "fields": [*fields, VERSION_FIELD]}), *rest]
