"""The form of a saved search: the public search's fields, how often, and (to save it) the
e-mail address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.alerts.models import Alert
from kausa.alerts.services import Criteria
from kausa.matching.forms import RADIUS_CHOICES
from kausa.reference.choices import GermanLevel, SchoolCertificate


class AlertForm(forms.Form):
    plz = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "pattern": "[0-9]{5}"}
        ),
    )
    radius_km = forms.TypedChoiceField(
        label=_("Distance"), choices=RADIUS_CHOICES, coerce=int, initial=25
    )
    q = forms.CharField(
        label=_("Occupation"),
        required=False,
        max_length=100,
        help_text=_("For example Kfz-Mechatroniker or Verkäufer – or leave it empty."),
        widget=forms.TextInput(attrs={"list": "occupation-names", "autocomplete": "off"}),
    )
    german_level = forms.ChoiceField(
        label=_("My German level"),
        choices=[("", _("not stated")), *list(GermanLevel.choices)],
        required=False,
    )
    certificate = forms.ChoiceField(
        label=_("My school certificate"),
        choices=[("", _("not stated")), *list(SchoolCertificate.choices)],
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[
            (Alert.Frequency.DAILY, _("Every day (only when there is something new)")),
            (Alert.Frequency.WEEKLY, _("Once a week (only when there is something new)")),
        ],
        initial=Alert.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    # the service's field names -> this form's
    FIELD_NAMES = {"postal_code": "plz", "query": "q"}

    def clean_plz(self) -> str:
        plz: str = self.cleaned_data["plz"].strip()
        if not (len(plz) == 5 and plz.isascii() and plz.isdigit()):
            raise forms.ValidationError(_("Please enter a postal code with 5 digits."))
        return plz

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            postal_code=data["plz"],
            radius_km=data["radius_km"],
            query=data["q"],
            german_level=data["german_level"],
            certificate=data["certificate"],
        )

    def add_service_errors(self, errors: dict[str, Any]) -> None:
        """The service's ValidationError (by its field names) on this form's fields."""
        for name, messages in errors.items():
            field = self.FIELD_NAMES.get(name, name)
            self.add_error(field if field in self.fields else None, messages)

    def focus_first_error(self) -> None:
        """Put the keyboard focus on the first field with an error (the whole form's
        errors: on its first field), without a script."""
        names = [name for name in self.fields if name in self.errors] or list(self.fields)
        self.fields[names[0]].widget.attrs["autofocus"] = True

    @classmethod
    def initial_for(cls, alert: Alert) -> dict[str, Any]:
        return {
            "plz": alert.postal_code,
            "radius_km": alert.radius_km,
            "q": alert.query,
            "german_level": alert.german_level,
            "certificate": alert.certificate,
            "frequency": alert.frequency,
        }


class SubscribeForm(AlertForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        help_text=_("We send you a link to confirm. Only then do the e-mails start."),
    )

    field_order = ["email", "plz", "radius_km", "q", "german_level", "certificate", "frequency"]
