"""Forms of a speed dating: the young person's sign-up, and the staff's set-up (slots,
companies, availability). The rules live in the services, whose errors the views put
back on these forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.forms import IdMultipleChoiceField, form_field
from kausa.core.widgets import FastSelect
from kausa.events.forms import DateTimeInput
from kausa.events.models import SpeedDatingSlot
from kausa.events.speed_dating.setup import (
    MAX_BREAK,
    MAX_INTERVIEWS,
    MAX_MINUTES,
    MAX_TABLES,
    MIN_MINUTES,
    slot_end,
)
from kausa.reference.choices import GermanLevel


class SpeedDatingApplyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), help_text=_("We send your schedule here."))
    language = forms.ChoiceField(label=_("Language for messages"), choices=settings.LANGUAGES)
    german_level = forms.ChoiceField(
        label=_("Your German level"), choices=GermanLevel.choices, required=False
    )
    occupation_interests = forms.CharField(
        label=_("Occupations you are interested in"), max_length=300, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the KAUSA office stores my name, contact and choices to plan the "
            "interviews and passes my name to the companies I meet."
        ),
        required=True,
    )

    def __init__(self, *args: Any, companies: Any, max_wishes: int = 5, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.max_wishes = max_wishes
        for rank in range(1, max_wishes + 1):
            self.fields[f"choice_{rank}"] = forms.ModelChoiceField(
                label=_("Choice %(rank)s") % {"rank": rank},
                queryset=companies,
                required=rank == 1,
                empty_label="–",
            )

    def choice_fields(self) -> list[Any]:
        return [self[f"choice_{rank}"] for rank in range(1, self.max_wishes + 1)]

    def company_ids(self) -> list[int]:
        picks = [self.cleaned_data.get(f"choice_{r}") for r in range(1, self.max_wishes + 1)]
        return [c.pk for c in picks if c is not None]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        ids = [
            data[f"choice_{r}"].pk
            for r in range(1, self.max_wishes + 1)
            if data.get(f"choice_{r}") is not None
        ]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(_("Choose each company only once."))
        return data


class SlotGenerateForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("First interview starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(
        label=_("Last interview ends by"),
        widget=DateTimeInput(),
    )
    minutes = forms.IntegerField(
        label=_("Minutes per interview"), min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=15
    )
    break_minutes = forms.IntegerField(
        label=_("Break between interviews (minutes)"),
        min_value=0,
        max_value=MAX_BREAK,
        initial=5,
        required=False,
    )

    def clean_break_minutes(self) -> int:
        return self.cleaned_data.get("break_minutes") or 0


def _tables_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Parallel rooms"),
        min_value=1,
        max_value=MAX_TABLES,
        initial=1,
        help_text=_("How many interviews the company holds at the same time."),
    )


class SpeedCompanyAddForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("One of your office's companies"),
        queryset=Company.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("Name and e-mail are taken from the company unless you type them."),
    )
    name = forms.CharField(label=_("or a name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("The company's schedule is sent here.")
    )
    tables = _tables_field()

    def __init__(self, *args: Any, companies: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = form_field(self, "company", forms.ModelChoiceField)
        company.queryset = companies
        company.empty_label = _("– choose –")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("company") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a company or type its name."))
        return data


class SlotChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: SpeedDatingSlot) -> str:
        start = timezone.localtime(obj.starts_at)
        return f"{start:%H:%M}–{timezone.localtime(slot_end(obj)):%H:%M}"


def _slot_field(label: Any, help_text: Any) -> SlotChoiceField:
    return SlotChoiceField(
        label=label,
        queryset=SpeedDatingSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class SpeedCompanyEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("The company's schedule is sent here.")
    )
    tables = _tables_field()
    unavailable_slots = _slot_field(
        _("Slots the company cannot take"), _("For example its lunch break.")
    )

    def __init__(self, *args: Any, slots: QuerySet[SpeedDatingSlot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unavailable_slots", SlotChoiceField).queryset = slots


class SpeedApplicantForm(forms.Form):
    max_interviews = forms.IntegerField(
        label=_("At most interviews"), min_value=1, max_value=MAX_INTERVIEWS
    )
    unavailable_slots = _slot_field(
        _("Slots the young person cannot take"), _("For example arriving late or leaving early.")
    )

    def __init__(self, *args: Any, slots: QuerySet[SpeedDatingSlot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unavailable_slots", SlotChoiceField).queryset = slots
