from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.accounts.models import Organisation
from kausa.core.forms import form_field
from kausa.core.widgets import FastSelect
from kausa.counselling.models import (
    Case,
    Consultation,
    EsfEducation,
    EsfLabourStatus,
    Outcome,
    Referral,
    Topic,
)
from kausa.reference.forms import OccupationChoiceField
from kausa.reference.models import Language

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from kausa.companies.models import Offer


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _common_languages() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Language used"),
        queryset=Language.objects.filter(
            code__in=[
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
                "vi",
                "sq",
                "ku",
            ]
        ).order_by("name_de"),
        to_field_name="code",
        initial="de",
        widget=FastSelect,
    )


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Channel"), choices=Consultation.Channel.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=600, initial=45
    )
    language = forms.ModelChoiceField(queryset=Language.objects.none())
    interpreter = forms.BooleanField(label=_("With interpreter"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"] = _common_languages()

    def clean_held_on(self) -> object:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A consultation cannot lie in the future."))
        return held_on


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Referred to"), choices=Referral.Kind.choices)
    target_organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        required=False,
        queryset=Organisation.objects.exclude(kind__in=Organisation.OFFICE_KINDS),
    )
    target_name = forms.CharField(label=_("Service or provider"), max_length=200, required=False)
    proposed_on = forms.DateField(
        label=_("Proposed on"), widget=DateInput(), initial=timezone.localdate
    )
    course_level = forms.ChoiceField(
        label=_("Course level"),
        required=False,
        choices=[("", "–"), *Referral.CourseLevel.choices],
    )
    course_start = forms.DateField(label=_("Course start"), required=False, widget=DateInput())
    lesson_format = forms.ChoiceField(
        label=_("Lesson format"),
        required=False,
        choices=[("", "–"), *Referral.LessonFormat.choices],
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("target_organisation") and not (data.get("target_name") or "").strip():
            self.add_error("target_name", _("Name the organisation or service."))
        if data.get("kind") == Referral.Kind.AZUBI_BSK and not data.get("course_level"):
            self.add_error("course_level", _("An Azubi-BSK referral needs the course level."))
        return data


class ReferralAdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Referral.Status.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)


class ExamForm(forms.Form):
    exam_result = forms.ChoiceField(
        label=_("Exam result"),
        choices=[
            (Referral.ExamResult.PASSED, _("passed")),
            (Referral.ExamResult.FAILED, _("failed")),
        ],
    )
    exam_on = forms.DateField(label=_("Exam date"), widget=DateInput(), initial=timezone.localdate)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=Outcome.Kind.choices)
    recorded_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    offer: forms.ModelChoiceField[Offer] = forms.ModelChoiceField(
        label=_("Offer"),
        required=False,
        queryset=None,
        widget=FastSelect,
    )
    company_name = forms.CharField(
        label=_("Company (if not in Kausa)"), max_length=200, required=False
    )
    occupation = OccupationChoiceField(label=_("Occupation"), required=False)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DateInput())

    def __init__(self, *args: Any, offers: QuerySet[Offer] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "offer", forms.ModelChoiceField).queryset = offers

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") == Outcome.Kind.CONTRACT:
            if not data.get("offer") and not (data.get("company_name") or "").strip():
                self.add_error("offer", _("A training contract needs the company or the offer."))
            if not data.get("offer") and not data.get("occupation"):
                self.add_error("occupation", _("A training contract needs the occupation."))
        return data


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Case.Status.choices)
    closing_reason = forms.ChoiceField(
        label=_("Closing reason"),
        required=False,
        choices=[("", "–"), *Case.ClosingReason.choices],
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("status") == Case.Status.CLOSED and not data.get("closing_reason"):
            self.add_error("closing_reason", _("Please say why the case is closed."))
        return data


_YES_NO = [("", "–"), ("yes", _("yes")), ("no", _("no"))]


class EsfForm(forms.Form):
    """ESF+ participant data of a case (asked only where the office is ESF+-funded)."""

    labour_status = forms.ChoiceField(
        label=_("Labour market status at entry"),
        required=False,
        choices=[("", "–"), *EsfLabourStatus.choices],
    )
    education = forms.ChoiceField(
        label=_("Education level at entry (ISCED)"),
        required=False,
        choices=[("", "–"), *EsfEducation.choices],
    )
    left_in_education = forms.TypedChoiceField(
        label=_("On leaving: in education or training"),
        required=False,
        choices=_YES_NO,
        coerce=lambda v: v == "yes",
        empty_value=None,
    )
    left_qualified = forms.TypedChoiceField(
        label=_("On leaving: gained a qualification"),
        required=False,
        choices=_YES_NO,
        coerce=lambda v: v == "yes",
        empty_value=None,
    )
    left_employed = forms.TypedChoiceField(
        label=_("On leaving: in employment (incl. self-employed)"),
        required=False,
        choices=_YES_NO,
        coerce=lambda v: v == "yes",
        empty_value=None,
    )

    @classmethod
    def for_case(cls, case: Case) -> EsfForm:
        def yes_no(value: bool | None) -> str:
            return "" if value is None else ("yes" if value else "no")

        return cls(
            prefix="esf",
            initial={
                "labour_status": case.esf_labour_status,
                "education": case.esf_education,
                "left_in_education": yes_no(case.esf_left_in_education),
                "left_qualified": yes_no(case.esf_left_qualified),
                "left_employed": yes_no(case.esf_left_employed),
            },
        )


class HandoverForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.exclude(kind__in=Organisation.OFFICE_KINDS),
    )
    purpose_note = forms.CharField(label=_("Purpose"), max_length=200)
    consent_given = forms.BooleanField(
        label=_(
            "The person has consented to handing over this case to exactly this partner "
            "for this purpose (consent text version 1)."
        ),
    )
