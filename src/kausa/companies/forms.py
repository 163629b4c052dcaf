from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import PipelineStage
from kausa.reference.forms import OccupationChoiceField


class PipelineMoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=PipelineStage.choices)


class PipelineChecklistForm(forms.Form):
    trainer_name = forms.CharField(
        label=_("Who trains (Ausbilder:in)"), max_length=200, required=False
    )
    trainer_aevo_on = forms.DateField(
        label=_("AEVO passed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occupation = OccupationChoiceField(label=_("Occupation to train"), required=False)
    training_plan_done = forms.BooleanField(label=_("Training plan written"), required=False)
    chamber_registered = forms.BooleanField(label=_("Registered with the chamber"), required=False)
