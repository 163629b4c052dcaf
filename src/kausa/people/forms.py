from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import Organisation
from kausa.core.forms import form_field
from kausa.core.widgets import PickerSelectMultiple
from kausa.people.models import YoungPerson
from kausa.reference.choices import (
    Gender,
    GermanLevel,
    Nationality,
    ResidenceStatus,
    SchoolCertificate,
)
from kausa.reference.forms import OccupationMultipleChoiceField
from kausa.reference.models import Language, PostalCode
from kausa.reference.occupation_names import occupation_label

COMMON_LANGUAGES = [
    "de",
    "en",
    "ar",
    "fa",
    "ps",
    "tr",
    "ku",
    "uk",
    "ru",
    "ti",
    "so",
    "fr",
    "pl",
    "ro",
    "vi",
    "sq",
    "es",
    "it",
    "ur",
    "bn",
]


class YoungPersonFieldsForm(forms.Form):
    """What an advisor enters about a person; editing a person shows exactly this."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    german_level = forms.ChoiceField(label=_("German level (CEFR)"), choices=GermanLevel.choices)
    certificate = forms.ChoiceField(
        label=_("School certificate"), choices=SchoolCertificate.choices
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        required=False,
        to_field_name="code",
        queryset=Language.objects.filter(code__in=COMMON_LANGUAGES).order_by("name_de"),
        widget=forms.CheckboxSelectMultiple,
    )
    occupations = OccupationMultipleChoiceField(
        label=_("Occupations of interest"),
        required=False,
        # searchable with JavaScript (names in the page's language), a plain list without
        widget=PickerSelectMultiple(attrs={"size": 6}, label_of=occupation_label),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    year_of_arrival = forms.IntegerField(
        label=_("Year of arrival"), required=False, min_value=1950, max_value=2100
    )
    country_of_origin = forms.CharField(label=_("Country of origin"), max_length=80, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=Nationality.choices, required=False
    )
    residence_status = forms.ChoiceField(
        label=_("Residence status"), choices=ResidenceStatus.choices, required=False
    )

    def clean_postal_code(self) -> str | None:
        code = self.cleaned_data["postal_code"].strip()
        if not code:
            return None
        if not PostalCode.objects.filter(code=code).exists():
            raise forms.ValidationError(_("%(code)s is not a German postal code.") % {"code": code})
        return code

    def clean_birth_date(self) -> dt.date | None:
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born and not (today.replace(year=today.year - 40) < born < today):
            raise forms.ValidationError(_("Please check the date of birth."))
        return born


class YoungPersonForm(YoungPersonFieldsForm):
    """A new person: in which office, and the consent to counselling with it."""

    organisation = forms.ModelChoiceField(label=_("Office"), queryset=Organisation.objects.none())
    consent = forms.BooleanField(
        label=_(
            "The person has agreed that KAUSA stores these data for counselling "
            "(consent text version 1)."
        ),
    )
    field_order = ["organisation"]  # first; the consent stays last

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "organisation", forms.ModelChoiceField)
        field.queryset = organisations
        if organisations.count() == 1:
            field.initial = organisations.first()
            field.widget = forms.HiddenInput()


def young_person_initial(person: YoungPerson) -> dict[str, Any]:
    """The edit form's values from the saved person."""
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "email": person.email,
        "phone": person.phone,
        "postal_code": person.postal_code_id or "",
        "german_level": person.german_level,
        "certificate": person.certificate,
        "languages": [lang.code for lang in person.languages.all()],
        "occupations": [o.pk for o in person.occupations_of_interest.all()],
        "year_of_arrival": person.year_of_arrival,
        "country_of_origin": person.country_of_origin,
        "gender": person.gender,
        "nationality": person.nationality,
        "residence_status": person.residence_status,
    }
