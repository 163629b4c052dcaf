"""Forms of the award pages: nomination (public), scores and conflicts (jury), set-up (staff).

The set-up forms check types and ranges; the rules (one edition a year, the ceremony of the
award's office, criteria fixed after the first score) live in ``services.setup``, whose errors
the views put back on these forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import Organisation
from kausa.core.forms import form_field
from kausa.network.awards.services.setup import MAX_WEIGHT, MAX_YEAR, MIN_YEAR
from kausa.network.forms import SpamProtectedForm
from kausa.network.models import MAX_POINTS

if TYPE_CHECKING:
    from kausa.events.models import Event
    from kausa.network.models import Category, Criterion, Edition

MAX_POSITION = 999


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CeremonyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        event: Event = obj
        when = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
        return f"{event.title} ({when})"


class AwardForm(forms.Form):
    office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Office"), queryset=Organisation.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Letters, digits and hyphens, unique in Kausa, e.g. mut-award-thueringen."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self, *args: Any, offices: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only someone who advises in several offices chooses; otherwise it is their office.
        if offices is None or offices.count() < 2:
            del self.fields["office"]
        else:
            form_field(self, "office", forms.ModelChoiceField).queryset = offices


class EditionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    number = forms.IntegerField(
        label=_("Edition number"),
        min_value=1,
        max_value=999,
        help_text=_("How many times the award has been given, this time included."),
    )
    nomination_opens = forms.DateField(label=_("Nominations open"), widget=DateInput())
    nomination_closes = forms.DateField(
        label=_("Nominations close"),
        widget=DateInput(),
        help_text=_("The last day on which nominations are accepted."),
    )
    ceremony = CeremonyField(
        label=_("Ceremony"),
        queryset=None,
        required=False,
        empty_label=_("no ceremony yet"),
        help_text=_(
            "An event of type “award ceremony” of this office; create it under Events first."
        ),
    )

    def __init__(self, *args: Any, ceremonies: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "ceremony", forms.ModelChoiceField).queryset = ceremonies

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("nomination_opens"), data.get("nomination_closes")
        if opens and closes and closes < opens:
            self.add_error(
                "nomination_closes",
                _("Nominations cannot close before they open: choose a later date."),
            )
        return data

    @staticmethod
    def initial_for(edition: Edition) -> dict[str, Any]:
        return {
            "year": edition.year,
            "number": edition.number,
            "nomination_opens": edition.nomination_opens,
            "nomination_closes": edition.nomination_closes,
            "ceremony": edition.ceremony_id,
        }


def _position_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Position in the list"),
        min_value=0,
        max_value=MAX_POSITION,
        required=False,
        help_text=_("Lower numbers come first; left empty, it goes to the end."),
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    position = _position_field()

    @staticmethod
    def initial_for(category: Category) -> dict[str, Any]:
        return {
            "name": category.name,
            "description": category.description,
            "position": category.position,
        }


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What jurors should look at; they see it next to the points."),
    )
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=MAX_WEIGHT,
        initial=1,
        help_text=_("1 to 100: a criterion of weight 2 counts twice as much as one of weight 1."),
    )
    position = _position_field()

    def __init__(self, *args: Any, locked: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if locked:
            # A disabled field keeps its stored value whatever is posted.
            for name in ("weight", "position"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: jurors have started scoring.")

    @staticmethod
    def initial_for(criterion: Criterion) -> dict[str, Any]:
        return {
            "name": criterion.name,
            "description": criterion.description,
            "weight": criterion.weight,
            "position": criterion.position,
        }


class JurorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Of the juror's account in Kausa; jurors need no office membership."),
    )
    full_name = forms.CharField(
        label=_("Name (for a new account)"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if this person has no account yet: an account is created and an e-mail "
            "invites the person to choose a password."
        ),
    )
    affiliation = forms.CharField(
        label=_("Organisation of the juror"),
        max_length=200,
        required=False,
    )
    declared_links = forms.CharField(
        label=_("Declared links to companies"),
        max_length=500,
        required=False,
        help_text=_(
            "Company names or web domains the juror is linked to, separated by commas: "
            "they cannot score those nominees."
        ),
    )


class NominationForm(SpamProtectedForm):
    category = forms.ChoiceField(label=_("Category"))
    company_name = forms.CharField(label=_("Company"), max_length=200)
    company_city = forms.CharField(label=_("City"), max_length=120)
    company_website = forms.URLField(
        label=_("Company website"), required=False, assume_scheme="https"
    )
    company_email = forms.EmailField(label=_("Company e-mail"), required=False)
    reason = forms.CharField(
        label=_("Why should this company win?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    nominator_name = forms.CharField(label=_("Your name"), max_length=200)
    nominator_email = forms.EmailField(label=_("Your e-mail"))
    consent = forms.BooleanField(
        label=_("I agree that the office stores my nomination and may contact me about it."),
    )

    def __init__(self, *args: Any, edition: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "category", forms.ChoiceField).choices = [
            (c.pk, c.name) for c in edition.categories.all()
        ]


class ScoreForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[Any], initial_points: dict[int, int], **kw: Any):
        super().__init__(*args, **kw)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (×{criterion.weight})",
                min_value=0,
                max_value=MAX_POINTS,
                initial=initial_points.get(criterion.pk),
                help_text=criterion.description,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def points(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)
