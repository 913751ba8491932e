"""Forms of the barriers app that are not a list's filters."""

from django import forms

from bases.filters import KeyChoiceField

from .models import Barrier


class BarrierChoiceForm(forms.Form):
    """`?barrier=2&barrier=4` (or `barrier=2,4`): barriers a user chose by number, e.g. for a
    region's recommended practices. Nothing chosen is valid (the page then uses its default);
    an unknown number is an error naming the numbers allowed."""

    barrier = KeyChoiceField(
        queryset=Barrier.objects.order_by("number"),
        to_field_name="number",
        noun="barrier number",
        label="Barriers",
        required=False,
    )

    def chosen(self):
        """The chosen barriers (a valid form), or [] when none were chosen."""
        return list(self.cleaned_data["barrier"])
