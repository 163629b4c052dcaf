from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import Organisation
from kausa.companies.models import Company, Offer, PipelineStage
from kausa.core.forms import form_field
from kausa.core.widgets import PickerSelect
from kausa.reference.choices import GermanLevel, RequiredCertificate
from kausa.reference.forms import OccupationChoiceField
from kausa.reference.models import Language, PostalCode
from kausa.reference.occupation_names import occupation_label
from kausa.reference.selectors import postal_code_get

# The languages offered as boxes to tick (the same few as on the person form).
COMMON_LANGUAGES = [
    "de", "en", "ar", "fa", "ps", "tr", "ku", "uk", "ru", "ti",
    "so", "fr", "pl", "ro", "vi", "sq", "es", "it", "ur", "bn",
]  # fmt: skip


class PipelineMoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=PipelineStage.choices)


class PipelineChecklistForm(forms.Form):
    trainer_name = forms.CharField(
        label=_("Who trains (Ausbilder:in)"), max_length=200, required=False
    )
    trainer_aevo_on = forms.DateField(
        label=_("AEVO passed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occupation = OccupationChoiceField(
        label=_("Occupation to train"),
        required=False,
        widget=PickerSelect(label_of=occupation_label),
    )
    training_plan_done = forms.BooleanField(label=_("Training plan written"), required=False)
    chamber_registered = forms.BooleanField(label=_("Registered with the chamber"), required=False)


class CompanyFieldsForm(forms.Form):
    """What staff keep about a company; editing a company shows exactly this."""

    name = forms.CharField(label=_("Name"), max_length=200)
    street = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("Place"),
        max_length=120,
        required=False,
        help_text=_("Left empty: the place of the postal code."),
    )
    sector = forms.CharField(
        label=_("Sector"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "sector-suggestions", "autocomplete": "off"}),
    )
    chamber = forms.ChoiceField(label=_("Chamber"), choices=Company.Chamber.choices)
    training_status = forms.ChoiceField(
        label=_("Training status"), choices=Company.TrainingStatus.choices
    )
    training_history = forms.ChoiceField(
        label=_("Trained apprentices before?"),
        choices=Company.TrainingHistory.choices,
        required=False,
        help_text=_(
            "The figures count a company that trains again after a pause apart from one "
            "that trains for the first time."
        ),
    )
    migrant_led = forms.BooleanField(label=_("Migrant-led company"), required=False)
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        to_field_name="code",
        queryset=Language.objects.filter(code__in=COMMON_LANGUAGES).order_by("name_de"),
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )

    def clean_postal_code(self) -> PostalCode:
        code = self.cleaned_data["postal_code"].strip()
        place = postal_code_get(code) if code.isdigit() and len(code) == 5 else None
        if place is None:
            raise forms.ValidationError(_("%(code)s is not a German postal code.") % {"code": code})
        return place


class CompanyForm(CompanyFieldsForm):
    """A new company: in which office."""

    organisation = forms.ModelChoiceField(label=_("Office"), queryset=Organisation.objects.none())
    field_order = ["organisation"]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "organisation", forms.ModelChoiceField)
        field.queryset = organisations
        if organisations.count() == 1:
            field.initial = organisations.first()
            field.widget = forms.HiddenInput()


def company_initial(company: Company) -> dict[str, Any]:
    """The edit form's values from the saved company."""
    return {
        "name": company.name,
        "street": company.street,
        "postal_code": company.postal_code_id,
        "city": company.city,
        "sector": company.sector,
        "chamber": company.chamber,
        "training_status": company.training_status,
        "training_history": company.training_history,
        "migrant_led": company.migrant_led,
        "languages": [lang.code for lang in company.languages.all()],
        "contact_name": company.contact_name,
        "contact_email": company.contact_email,
        "contact_phone": company.contact_phone,
        "website": company.website,
    }


def company_changes(data: dict[str, Any]) -> dict[str, Any]:
    """The service's keyword arguments from the form's cleaned data (both forms)."""
    fields = {k: v for k, v in data.items() if k not in ("organisation", "postal_code")}
    fields["language_codes"] = [lang.code for lang in fields.pop("languages")]
    return fields


class OfferForm(forms.Form):
    """An apprenticeship offer as staff enter it (new and edit)."""

    occupation = OccupationChoiceField(
        label=_("Occupation"), widget=PickerSelect(label_of=occupation_label)
    )
    start_date = forms.DateField(
        label=_("Start of training"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=1)
    required_certificate = forms.ChoiceField(
        label=_("Required school certificate"), choices=RequiredCertificate.choices
    )
    required_german = forms.ChoiceField(
        label=_("Required German level"), choices=GermanLevel.choices
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_start_date(self) -> dt.date:
        start: dt.date = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if not (today - dt.timedelta(days=366) <= start <= today + dt.timedelta(days=3 * 366)):
            raise forms.ValidationError(_("Please check the start date."))
        return start


def offer_initial(offer: Offer) -> dict[str, Any]:
    return {
        "occupation": offer.occupation_id,
        "start_date": offer.start_date,
        "places": offer.places,
        "required_certificate": offer.required_certificate,
        "required_german": offer.required_german,
        "description": offer.description,
    }


def offer_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The service's keyword arguments from the offer form's cleaned data."""
    fields = dict(data)
    fields["occupation_id"] = fields.pop("occupation").pk
    return fields
