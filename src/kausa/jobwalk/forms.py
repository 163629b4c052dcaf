from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import IdMultipleChoiceField, form_field
from kausa.jobwalk.models import StreetNetwork
from kausa.network.forms import SpamProtectedForm
from kausa.reference.models import Occupation
from kausa.reference.occupation_names import occupation_label
from kausa.reference.selectors import occupation_group_choices

TEXT_LANGUAGES = [("de", _("German")), ("en", _("English")), ("ar", _("Arabic"))]
BUDGETS = [(60, "60"), (90, "90"), (120, "120"), (180, "180"), (240, "240")]


def _sectors() -> list[tuple[str, str]]:
    values = Occupation.objects.order_by("sector").values_list("sector", flat=True).distinct()
    return [(s, s) for s in values if s]


class TourForm(forms.Form):
    city_name = forms.CharField(label=_("City"), max_length=120)
    start_label = forms.CharField(label=_("Start (name of the place)"), max_length=200)
    start_lat = forms.FloatField(label=_("Start latitude"), min_value=-90, max_value=90)
    start_lon = forms.FloatField(label=_("Start longitude"), min_value=-180, max_value=180)
    theme_sectors = forms.MultipleChoiceField(
        label=_("Theme (sectors)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    return_to_start = forms.BooleanField(label=_("Back to the start"), required=False)
    pace_kmh = forms.FloatField(label=_("Walking pace (km/h)"), min_value=2, max_value=7, initial=4)
    dwell_minutes = forms.IntegerField(
        label=_("Minutes at each station"), min_value=0, max_value=60, initial=15
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "theme_sectors", forms.MultipleChoiceField).choices = _sectors()
        networks = list(StreetNetwork.objects.order_by("name").values_list("name", flat=True))
        self.fields["city_name"].help_text = _("Cities with a street network: %(names)s") % {
            "names": ", ".join(networks) or "–"
        }
        for code, name in TEXT_LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(lang)s)") % {"lang": name},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text (%(lang)s)") % {"lang": name},
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"title_{code}") for code, _name in TEXT_LANGUAGES):
            raise forms.ValidationError(_("Give the tour a title in at least one language."))
        return data

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            code: {"title": data.get(f"title_{code}", ""), "text": data.get(f"text_{code}", "")}
            for code, _name in TEXT_LANGUAGES
        }

    @staticmethod
    def initial_for(tour: Any) -> dict[str, Any]:
        initial = {
            "city_name": tour.city_name,
            "start_label": tour.start_label,
            "start_lat": tour.start_lat,
            "start_lon": tour.start_lon,
            "theme_sectors": tour.theme_sectors,
            "return_to_start": tour.return_to_start,
            "pace_kmh": tour.pace_kmh,
            "dwell_minutes": tour.dwell_minutes,
        }
        for code, _name in TEXT_LANGUAGES:
            initial[f"title_{code}"] = tour.texts.get(code, {}).get("title", "")
            initial[f"text_{code}"] = tour.texts.get(code, {}).get("text", "")
        return initial


class StationContentForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=TEXT_LANGUAGES)
    learn = forms.CharField(
        label=_("What you learn here"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    question = forms.CharField(
        label=_("Quiz question"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    answers = forms.CharField(
        label=_("Answers (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    correct = forms.IntegerField(
        label=_("Number of the correct answer"), min_value=1, max_value=6, required=False
    )


class _ShortNameOccupationsField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Occupation) -> str:
        return occupation_label(obj, get_language())


class PlanForm(forms.Form):
    postal_code = forms.RegexField(
        label=_("Postal code"), regex=r"^\d{5}$", required=False, max_length=5
    )
    address = forms.CharField(
        label=_("or street and house number"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address", "dir": "auto"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    occupation = _ShortNameOccupationsField(
        label=_("Occupations I am interested in"),
        queryset=Occupation.objects.none(),
        required=False,
    )
    # Fields of work a young person understands (reference OccupationGroup), never KldB areas
    # such as "01 Angehörige der regulären Streitkräfte".
    interest = forms.ChoiceField(label=_("or an occupational field"), choices=(), required=False)
    budget_minutes = forms.TypedChoiceField(
        label=_("Time (minutes)"), choices=BUDGETS, coerce=int, initial=120
    )
    max_stations = forms.IntegerField(
        label=_("Number of stations (empty: as many as fit)"),
        min_value=1,
        max_value=29,
        required=False,
    )
    return_to_start = forms.BooleanField(label=_("Back to the start"), required=False)

    def __init__(self, *args: Any, occupation_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "occupation", forms.ModelChoiceField).queryset = Occupation.objects.filter(
            pk__in=occupation_ids or []
        ).order_by("short_name")
        form_field(self, "interest", forms.ChoiceField).choices = [
            ("", "—"),
            *occupation_group_choices(get_language()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not data.get("postal_code") and not data.get("address") and not has_point:
            raise forms.ValidationError(
                _("Give a postal code or an address, or use your location.")
            )
        return data


class PlannedTourForm(SpamProtectedForm):
    """'Walk this tour on my phone': the planner's result, kept behind a link (hidden
    fields; the route is computed again from the start and the stations)."""

    start_lat = forms.FloatField(widget=forms.HiddenInput, min_value=-90, max_value=90)
    start_lon = forms.FloatField(widget=forms.HiddenInput, min_value=-180, max_value=180)
    start_label = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)
    companies = forms.RegexField(
        widget=forms.HiddenInput, regex=r"^\d{1,12}(,\d{1,12}){0,29}$", max_length=400
    )
    return_to_start = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def company_ids(self) -> list[int]:
        return [int(x) for x in self.cleaned_data["companies"].split(",")]

    @classmethod
    def for_result(cls, result: Any, start_label: str, return_to_start: bool) -> PlannedTourForm:
        return cls(
            initial={
                "start_lat": round(result.start[0], 6),
                "start_lon": round(result.start[1], 6),
                "start_label": start_label[:200],
                "companies": ",".join(str(s.company.pk) for s in result.stations),
                "return_to_start": return_to_start,
            }
        )
