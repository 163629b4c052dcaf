"""Forms of the public offer search and the advisor request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.core.widgets import FastDateInput, FastHiddenInput, FastSelect, FastTextInput
from kausa.matching import selectors
from kausa.reference.choices import GermanLevel, SchoolCertificate

SORT_CHOICES = [
    ("score", _("Best fit")),
    ("distance", _("Nearest first")),
    ("start", _("Earliest start first")),
]
RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km"), (100, "100 km")]


class OfferSearchForm(forms.Form):
    plz = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=5,
        widget=FastTextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "pattern": "[0-9]{5}"}
        ),
    )
    lat = forms.FloatField(required=False, min_value=47.0, max_value=55.2, widget=FastHiddenInput)
    lon = forms.FloatField(required=False, min_value=5.5, max_value=15.5, widget=FastHiddenInput)
    radius_km = forms.TypedChoiceField(
        label=_("Distance"),
        choices=RADIUS_CHOICES,
        coerce=int,
        initial=25,
        required=False,
        widget=FastSelect,
    )
    q = forms.CharField(
        label=_("Occupation"),
        required=False,
        max_length=100,
        help_text=_("For example Kfz-Mechatroniker or Verkäufer – or leave it empty."),
        widget=FastTextInput(attrs={"list": "occupation-names", "autocomplete": "off"}),
    )
    german_level = forms.ChoiceField(
        label=_("My German level"),
        choices=[("", _("not stated")), *list(GermanLevel.choices)],
        required=False,
        widget=FastSelect,
    )
    certificate = forms.ChoiceField(
        label=_("My school certificate"),
        choices=[("", _("not stated")), *list(SchoolCertificate.choices)],
        required=False,
        widget=FastSelect,
    )

    sort = forms.ChoiceField(
        label=_("Sort by"), choices=SORT_CHOICES, required=False, initial="score", widget=FastSelect
    )
    start_from = forms.DateField(
        label=_("Start at the earliest on"),
        required=False,
        widget=FastDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_until = forms.DateField(
        label=_("Start at the latest on"),
        required=False,
        widget=FastDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_plz(self) -> str:
        plz: str = self.cleaned_data["plz"].strip()
        if not plz:
            return ""
        if not (len(plz) == 5 and plz.isdigit()):
            raise forms.ValidationError(_("Please enter a postal code with 5 digits."))
        if not selectors.postal_code_known(plz):
            raise forms.ValidationError(
                _("We do not know the postal code %(plz)s."), params={"plz": plz}
            )
        return plz

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not data.get("plz") and not has_point and not self.errors:
            raise forms.ValidationError(_("Please enter your postal code or use your location."))
        first, last = data.get("start_from"), data.get("start_until")
        if first and last and first > last:
            self.add_error(
                "start_until", _("The latest start must not be before the earliest start.")
            )
        data["sort"] = data.get("sort") or "score"
        return data


class AdvisorRequestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_code = forms.CharField(label=_("Your postal code"), max_length=5, required=False)
    message = forms.CharField(
        label=_("Your question (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the KAUSA office stores my details to contact me about this offer. "
            "I can withdraw this at any time."
        ),
        error_messages={"required": _("Without your consent we cannot store your request.")},
    )

    def clean_postal_code(self) -> str:
        plz: str = self.cleaned_data["postal_code"].strip()
        if plz and not (len(plz) == 5 and plz.isdigit()):
            raise forms.ValidationError(_("Please enter a postal code with 5 digits."))
        return plz

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("email") and not data.get("phone") and not self.has_error("email"):
            raise forms.ValidationError(_("Please give an e-mail address or a phone number."))
        return data
