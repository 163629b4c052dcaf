"""Forms of the network app (public forms are spam-protected without third parties)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import State
from kausa.core.forms import form_field
from kausa.network import spam
from kausa.network.models import Activity, Ambassador, Material, Network, Topic
from kausa.reference.models import Language, Occupation, PostalCode

if TYPE_CHECKING:
    from kausa.companies.models import Company

POSTAL_CODE = RegexValidator(r"^\d{5}$", _("Enter a German postal code (5 digits)."))


class SpamProtectedForm(forms.Form):
    """Honeypot field plus a signed time stamp: bots fill everything, and fill it at once."""

    website_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = spam.form_token()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("website_url"):
            raise forms.ValidationError(_("Your message looks automated and was not sent."))
        if not spam.token_ok(data.get("started", "")):
            fresh = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            fresh["started"] = spam.form_token()
            self.data = fresh
            raise forms.ValidationError(_("Please check your entries and send the form again."))
        return data


def _language_choices(codes: list[str]) -> list[tuple[str, str]]:
    names = dict(Language.objects.filter(code__in=codes).values_list("code", "native_name"))
    return [(c, names.get(c, c)) for c in codes]


class DirectoryFilterForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    trains = forms.ChoiceField(
        label=_("Training"),
        required=False,
        choices=[("", _("all companies")), ("yes", _("trains")), ("no", _("does not train yet"))],
    )

    def __init__(self, *args: Any, options: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "sector", forms.ChoiceField).choices = [
            ("", _("all sectors")),
            *((s, s) for s in options["sectors"]),
        ]
        form_field(self, "city", forms.ChoiceField).choices = [
            ("", _("all cities")),
            *((c, c) for c in options["cities"]),
        ]
        form_field(self, "language", forms.ChoiceField).choices = [
            ("", _("all languages")),
            *_language_choices(options["languages"]),
        ]


class TrainingInterestForm(SpamProtectedForm):
    company_name = forms.CharField(label=_("Company"), max_length=200)
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(label=_("E-mail"))
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_code = forms.CharField(label=_("Postal code of the company"), validators=[POSTAL_CODE])
    sector = forms.CharField(label=_("Sector"), max_length=60, required=False)
    migrant_led = forms.BooleanField(
        label=_("The company is led by a person with a migration history"), required=False
    )
    message = forms.CharField(
        label=_("What would you like to know?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the KAUSA office stores these details and contacts me about training."
        ),
    )

    def clean_postal_code(self) -> PostalCode:
        code = self.cleaned_data["postal_code"]
        found = PostalCode.objects.filter(code=code).first()
        if found is None:
            raise forms.ValidationError(_("We do not know this postal code."))
        return found


class VisitRequestForm(SpamProtectedForm):
    school = forms.CharField(label=_("School or organisation"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code of the school"), validators=[POSTAL_CODE])
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("E-mail"))
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    date_options = forms.CharField(
        label=_("Possible dates"),
        max_length=400,
        help_text=_("Two or three dates or weeks that suit you."),
    )
    class_size = forms.IntegerField(label=_("Class size"), min_value=1, max_value=200)
    languages = forms.MultipleChoiceField(
        label=_("Languages of the pupils"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the KAUSA office stores these details to plan the visit."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = [c for c, _n in settings.LANGUAGES]
        form_field(self, "languages", forms.MultipleChoiceField).choices = _language_choices(codes)

    def clean_postal_code(self) -> PostalCode:
        found = PostalCode.objects.filter(code=self.cleaned_data["postal_code"]).first()
        if found is None:
            raise forms.ValidationError(_("We do not know this postal code."))
        return found


class StoryForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of this text"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    teaser = forms.CharField(label=_("Teaser"), max_length=400)
    body = forms.CharField(
        label=_("Text (Markdown)"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12})
    )
    activities = forms.MultipleChoiceField(
        label=_("Activities"), choices=Activity.choices, widget=forms.CheckboxSelectMultiple
    )
    consent_confirmed = forms.BooleanField(
        label=_("Everyone named or shown agreed to the publication."), required=False
    )


class StoryImageForm(forms.Form):
    image = forms.FileField(label=_("Picture (JPEG, PNG or WebP, at most 2 MB)"))
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class StoryFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    activity = forms.ChoiceField(
        label=_("Activity"), required=False, choices=[("", _("all activities")), *Activity.choices]
    )

    def __init__(self, *args: Any, states: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(State.choices)
        form_field(self, "state", forms.ChoiceField).choices = [
            ("", _("all states")),
            *((s, labels.get(s, s)) for s in states),
        ]


class ProfileForm(forms.Form):
    company: forms.ModelChoiceField[Company] = forms.ModelChoiceField(
        label=_("Company"), queryset=None
    )
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.all())
    sector = forms.CharField(label=_("Sector"), max_length=60, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    portrait_de = forms.CharField(
        label=_("Portrait (German)"), max_length=3000, required=False, widget=forms.Textarea
    )
    portrait_en = forms.CharField(
        label=_("Portrait (English)"), max_length=3000, required=False, widget=forms.Textarea
    )
    consent_language = forms.ChoiceField(
        label=_("Language of the consent text shown"), choices=settings.LANGUAGES
    )
    consent = forms.BooleanField(
        label=_("The company agreed in writing to a public profile in the network."),
    )

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "company", forms.ModelChoiceField).queryset = companies


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Photo or logo (JPEG, PNG or WebP, at most 2 MB)"))
    logo_alt = forms.CharField(label=_("Alternative text"), max_length=200)


class MaterialFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("everyone")), *Material.Audience.choices],
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "language", forms.ChoiceField).choices = [
            ("", _("all languages")),
            *_language_choices(languages),
        ]
        form_field(self, "topic", forms.ChoiceField).choices = [
            ("", _("all topics")),
            *Topic.objects.values_list("slug", "name"),
        ]


class AmbassadorForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    occupation: forms.ModelChoiceField[Occupation] = forms.ModelChoiceField(
        label=_("Occupation"), queryset=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=Ambassador.Status.choices)
    company_name = forms.CharField(label=_("Company"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    country_of_origin = forms.CharField(label=_("Country of origin"), max_length=80, required=False)
    show_origin = forms.BooleanField(label=_("Show the country of origin"), required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    story_de = forms.CharField(
        label=_("Story (German)"), max_length=4000, required=False, widget=forms.Textarea
    )
    story_en = forms.CharField(
        label=_("Story (English)"), max_length=4000, required=False, widget=forms.Textarea
    )
    photo = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 2 MB)"), required=False)
    scope_photo = forms.BooleanField(label=_("Agreed: the photo may be shown"), required=False)
    scope_next_to_offers = forms.BooleanField(
        label=_("Agreed: may be shown next to offers and JOBWALK stations"), required=False
    )
    scope_school_visits = forms.BooleanField(
        label=_("Agreed: visits schools"), required=False, initial=True
    )
    consent_language = forms.ChoiceField(
        label=_("Language of the consent text shown"), choices=settings.LANGUAGES
    )
    consent = forms.BooleanField(label=_("The ambassador agreed in writing."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "occupation", forms.ModelChoiceField
        ).queryset = Occupation.objects.order_by("short_name")
        form_field(self, "languages", forms.MultipleChoiceField).choices = _language_choices(
            [c for c, _n in settings.LANGUAGES]
        )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    format = forms.ChoiceField(label=_("Format"), choices=Material.Format.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Material.Audience.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_public = forms.BooleanField(
        label=_("Public (otherwise only for multipliers' accounts)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "topics", forms.MultipleChoiceField).choices = list(
            Topic.objects.values_list("slug", "name")
        )


class MaterialVersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title in this language"), max_length=200, required=False)
    file = forms.FileField(label=_("File (PDF or picture, at most 10 MB)"), required=False)
    link = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = list(Language.objects.order_by("name_en").values_list("code", flat=True))
        form_field(self, "language", forms.ChoiceField).choices = _language_choices(codes)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Upload a file or give a link."))
        return data


class VisitHeldForm(forms.Form):
    held_on = forms.DateField(
        label=_("Visit held on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
