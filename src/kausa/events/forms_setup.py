"""Forms of the set-up pages: groups, stations, speed-dating slots, companies, applicants.

They parse and check types only; the rules (time inside the event, seats vs. people
already confirmed, overlapping slots) live in the services, whose errors the views put
back on these forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.forms import IdMultipleChoiceField, form_field
from kausa.core.widgets import FastSelect
from kausa.events.forms import DateTimeInput
from kausa.events.models import EventGroup, SpeedDatingSlot, Station
from kausa.events.speed_setup import (
    MAX_BREAK,
    MAX_INTERVIEWS,
    MAX_MINUTES,
    MAX_TABLES,
    MIN_MINUTES,
    slot_end,
)
from kausa.reference.models import Language


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form fields they name, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventGroup.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.order_by("name_de"),
        required=False,
        widget=FastSelect,
        help_text=_("For a language group."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("For a time block; within the event's time."),
    )
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=DateTimeInput())
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100000)

    @classmethod
    def initial_for(cls, group: EventGroup) -> dict[str, Any]:
        return {
            "kind": group.kind,
            "name": group.name,
            "language": group.language_id,
            "starts_at": local_or_none(group.starts_at),
            "ends_at": local_or_none(group.ends_at),
            "capacity": group.capacity,
        }


class StationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Station.Kind.choices)
    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=Company.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("One of your office's companies, for a company station."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Left empty for a company station, the company's name is used."),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    place = forms.CharField(
        label=_("Place on the site"),
        max_length=120,
        required=False,
        help_text=_("For example “Hall 2” or “Tent B”."),
    )
    activity = forms.CharField(label=_("Activity"), max_length=200, required=False)

    def __init__(self, *args: Any, companies: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = form_field(self, "company", forms.ModelChoiceField)
        company.queryset = companies
        company.empty_label = _("– no company –")

    @classmethod
    def initial_for(cls, station: Station) -> dict[str, Any]:
        return {
            "kind": station.kind,
            "company": station.company_id,
            "name": station.name,
            "starts_at": local_or_none(station.starts_at),
            "ends_at": local_or_none(station.ends_at),
            "place": station.place,
            "activity": station.activity,
        }


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


def local_or_none(value: Any) -> Any:
    return timezone.localtime(value) if value else None
