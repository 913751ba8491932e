"""The two public forms. Every field has a length limit; everything is plain text (shown
escaped, never as HTML); `website` is a honeypot a person does not see and a robot fills."""

from django import forms

from barriers.models import Barrier
from regions.models import Country

from .models import Correction, PracticeProposal

HONEYPOT_LABEL = "Leave this field empty"


class HoneypotForm(forms.ModelForm):
    website = forms.CharField(
        required=False,
        max_length=200,
        label=HONEYPOT_LABEL,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                f"Not sent: the field “{HONEYPOT_LABEL}” must stay empty (it is there to "
                "stop automated submissions)."
            )
        return ""


class CorrectionForm(HoneypotForm):
    class Meta:
        model = Correction
        fields = ["text", "email"]
        labels = {"text": "What is wrong", "email": "Your e-mail (optional)"}
        help_texts = {
            "text": "What the page says, what it should say, and where you read it "
            "(a page of the report, a link). Plain text, up to 2,000 characters.",
            "email": "Only if you want an answer; it is never shown.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}


class ProposalForm(HoneypotForm):
    link = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        label="Link (optional)",
        help_text="A page that describes it (http or https).",
    )
    country = forms.ModelChoiceField(queryset=Country.objects.order_by("name"), empty_label="—")
    barriers = forms.ModelMultipleChoiceField(
        queryset=Barrier.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="The barriers it addresses",
        help_text="The report's barriers to personalised medicine this practice helps overcome.",
    )

    class Meta:
        model = PracticeProposal
        fields = [
            "name",
            "country",
            "locality",
            "description",
            "key_players",
            "impact",
            "transferability",
            "link",
            "barriers",
            "organisation",
            "email",
        ]
        labels = {
            "name": "Name of the practice",
            "locality": "Locality (region or city, optional)",
            "key_players": "Key players",
            "organisation": "Your organisation",
            "email": "Your e-mail",
        }
        help_texts = {
            "name": "Up to 300 characters.",
            "description": "What it is and what it does. Plain text, up to 4,000 characters.",
            "key_players": "Who runs it and who takes part (optional).",
            "impact": "What it has changed, with figures where you have them (optional).",
            "transferability": "What another region would need to adopt it (optional).",
            "organisation": "Named as the practice's source when it is published.",
            "email": "For the editors' questions; never shown.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": rows, "maxlength": size})
            for name, rows, size in (
                ("description", 6, 4000),
                ("key_players", 3, 2000),
                ("impact", 3, 2000),
                ("transferability", 3, 2000),
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_link(self):
        link = self.cleaned_data["link"]
        if link and not link.startswith(("http://", "https://")):
            raise forms.ValidationError("Give an http or https address.")
        return link
