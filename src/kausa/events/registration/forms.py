"""The public registration form (the rules are checked again by the service)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import form_field
from kausa.events.models import MAX_PARTY_SIZE, Event, EventGroup


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("We send the confirmation and your personal link here."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_(
            "We send no text messages. Without an e-mail address, keep the page shown after "
            "registering: it is your confirmation."
        ),
    )
    language = forms.ChoiceField(label=_("Language for messages"), choices=settings.LANGUAGES)
    party_size = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=MAX_PARTY_SIZE,
        initial=1,
        help_text=_("A family registers together and gets seats together."),
    )
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=EventGroup.objects.none(), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the KAUSA office stores my name and contact to organise this event "
            "and deletes them afterwards."
        ),
        required=True,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = event.groups.all()
        if groups:
            group = form_field(self, "group", forms.ModelChoiceField)
            group.queryset = groups
            group.required = True
        else:
            del self.fields["group"]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Please give an e-mail address or a phone number."))
        return data
