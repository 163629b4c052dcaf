"""Forms of the workspace's own pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.db.models import Model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import form_field
from kausa.network.forms import SpamProtectedForm


def shown(record: Model, name: str) -> str:
    """A field's value as a person reads it ('–' when empty)."""
    display: Callable[[], str] | None = getattr(record, f"get_{name}_display", None)
    value = display() if display is not None else getattr(record, name)
    if value in (None, ""):
        return "–"
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


class MergeForm(forms.Form):
    """Which of two records stays, and for each field the two disagree on, whose value.

    Fields empty in the record that stays are filled from the other without asking."""

    keep = forms.ChoiceField(label=_("Which record stays?"), widget=forms.RadioSelect)

    def __init__(
        self,
        *args: Any,
        a: Model,
        b: Model,
        fields: Sequence[str],
        empty: Sequence[object],
        describe: Callable[[Model], str],
        keep: str = "a",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        keep_field = form_field(self, "keep", forms.ChoiceField)
        keep_field.choices = [("a", describe(a)), ("b", describe(b))]
        keep_field.initial = keep
        self.asked: list[str] = []
        for name in fields:
            attname = "postal_code_id" if name == "postal_code" else name
            mine, theirs = getattr(a, attname), getattr(b, attname)
            if mine == theirs or mine in empty or theirs in empty:
                continue
            label = getattr(a._meta.get_field(name), "verbose_name", name)
            self.fields[f"f_{name}"] = forms.ChoiceField(
                label=str(label)[:1].upper() + str(label)[1:],
                choices=[("a", shown(a, name)), ("b", shown(b, name))],
                initial=keep,
                widget=forms.RadioSelect,
            )
            self.asked.append(name)

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[f"f_{name}"] for name in self.asked]

    def decision(self) -> tuple[str, list[str]]:
        """Which record stays ('a' or 'b') and the fields taken from the other one."""
        keep = self.cleaned_data["keep"]
        other = "b" if keep == "a" else "a"
        return keep, [name for name in self.asked if self.cleaned_data[f"f_{name}"] == other]


SPOKEN_LANGUAGES = [
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
    "bg",
    "sq",
    "vi",
    "es",
    "it",
    "ur",
]


class OfficeContactForm(forms.Form):
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        max_length=5,
        required=False,
        error_messages={"invalid": _("A postal code has five digits.")},
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    public_email = forms.EmailField(
        label=_("Public e-mail"),
        required=False,
        help_text=_("Shown on the public contact page; use a shared office address."),
    )
    opening_hours = forms.CharField(
        label=_("Opening and consultation hours"), max_length=300, required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages spoken in counselling"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    serves_postal_codes = forms.CharField(
        label=_("Area served (postal codes)"),
        max_length=500,
        required=False,
        help_text=_("Postal codes and ranges, e.g. “10115-12689, 13051”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kausa.reference.selectors import language_names

        names = language_names(SPOKEN_LANGUAGES)
        field = form_field(self, "languages_spoken", forms.MultipleChoiceField)
        field.choices = [(code, names.get(code, code)) for code in SPOKEN_LANGUAGES]


class CallBackForm(SpamProtectedForm):
    """A person asks an office to call or write back (the office's contact page)."""

    TOPICS = (
        ("advisor_contact", _("I would like advice on training or a job")),
        ("parent_enquiry", _("I am a parent or family member")),
        ("speed_dating", _("A question about speed dating")),
    )

    topic = forms.ChoiceField(
        label=_("What would you like to talk about?"),
        choices=TOPICS,
        widget=forms.RadioSelect,
        initial="advisor_contact",
    )
    name = forms.CharField(label=_("Your name"), max_length=120)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
        help_text=_("We call you back. Give a phone number or an e-mail address."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    language = forms.ChoiceField(label=_("Language for the call"), required=False)
    message = forms.CharField(
        label=_("Your message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "The office may store my details to contact me about my request "
            "(see the privacy notice)."
        ),
    )

    def __init__(self, *args: Any, languages: Sequence[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "dir": "auto"})
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = list(languages)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            not (data.get("phone") or "").strip()
            and not data.get("email")
            and "email" not in (self.errors)
        ):
            self.add_error(
                "phone", _("Please give a phone number or an e-mail address so we can reach you.")
            )
        return data
