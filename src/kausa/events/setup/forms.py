"""Forms of the set-up pages: groups and time blocks, JUMP! stations.

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
from kausa.core.forms import form_field
from kausa.core.widgets import FastSelect
from kausa.events.forms import DateTimeInput
from kausa.events.models import EventGroup, Station
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


def local_or_none(value: Any) -> Any:
    return timezone.localtime(value) if value else None
