"""Forms of the event pages: the public filter, the staff's event form and translations."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import form_field
from kausa.events.models import Event
from kausa.reference.models import Language


class EventFilterForm(forms.Form):
    city = forms.ChoiceField(label=_("City"), required=False)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("all types")), *Event.Type.choices]
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("everyone")), *Event.Audience.choices[:-1]],
    )

    def __init__(
        self, *args: Any, cities: list[str], languages: list[Language], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "city", forms.ChoiceField).choices = [
            ("", _("all cities")),
            *((c, c) for c in cities),
        ]
        form_field(self, "language", forms.ChoiceField).choices = [
            ("", _("all languages")),
            *((lang.code, lang.native_name) for lang in languages),
        ]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    video_room_url = forms.URLField(
        label=_("video room"),
        required=False,
        assume_scheme="https",
        help_text=_("Sent only to registered people. Left empty, a room is created."),
    )

    class Meta:
        model = Event
        fields = [
            "type",
            "audience",
            "status",
            "is_public",
            "title",
            "description",
            "languages",
            "starts_at",
            "ends_at",
            "capacity",
            "is_online",
            "video_room_url",
            "venue",
            "street",
            "postal_code",
            "city",
            "contact_email",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "languages": forms.CheckboxSelectMultiple,
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        status = cast(forms.ChoiceField, self.fields["status"])
        if self.instance.status != Event.Status.CANCELLED:
            # Cancelling tells everyone registered: it has its own page with a confirmation.
            status.choices = [c for c in Event.Status.choices if c[0] != Event.Status.CANCELLED]
            status.help_text = _("To cancel the event, use “Cancel event” on the event page.")
        else:
            # Everyone was told it is off: it stays off (a copy plans a new date).
            status.choices = [c for c in Event.Status.choices if c[0] == Event.Status.CANCELLED]
            status.help_text = _(
                "A cancelled event stays cancelled: everyone registered was told. "
                "Copy it to plan a new date."
            )
        form_field(
            self, "languages", forms.ModelMultipleChoiceField
        ).queryset = Language.objects.filter(
            code__in=[code for code, _name in settings.LANGUAGES] + ["ps", "ku", "ro", "pl"]
        ).order_by("name_en")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        if not data.get("is_online") and not (data.get("venue") or data.get("street")):
            self.add_error("venue", _("Give a place, or mark the event as online."))
        return data


class TranslationsForm(forms.Form):
    """Title and description of the event in each language other than German."""

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        existing = {row.language: row for row in event.translations.all()}
        for code, name in settings.LANGUAGES:
            if code == "de":
                continue
            row = existing.get(code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
                initial=row.title if row else "",
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                initial=row.description if row else "",
            )
            self.fields[f"title_{code}"].widget.attrs["lang"] = code

    def languages(self) -> list[str]:
        return [code for code, _n in settings.LANGUAGES if code != "de"]
