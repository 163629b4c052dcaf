from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from kausa.counselling import services
from kausa.counselling.models import Case, Consultation
from kausa.people.models import Consent, YoungPerson
from kausa.people.services import consent_record
from kausa.privacy.services import person_erase, retention_apply
from tests.conftest import login
from tests.counselling.factories import CaseFactory, ConsultationFactory
from tests.factories import TEST_NOW, ParentFactory, YoungPersonFactory

# The person's consultation (a date that may not lie in the future) and the cases closed
# years ago are dated against one fixed day.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(TEST_NOW)]

MARK = "Zxqvorta"  # a name no other row contains


@pytest.fixture
def person(office, advisor, partner_org):
    person = YoungPersonFactory(
        organisation=office,
        first_name=MARK,
        last_name=f"{MARK}-Nachname",
        email="zxq@example.org",
        phone="+49 151 999",
    )
    ParentFactory(organisation=office, last_name=f"{MARK}-Eltern").children.add(person)
    case = services.case_open(user=advisor, organisation=office, young_person=person)
    services.consultation_record(
        user=advisor,
        case=case,
        held_on=dt.date(2026, 11, 2),
        channel="phone",
        duration_minutes=30,
        language_code="de",
        topics=["applications"],
        notes=f"Gespräch mit {MARK}",
    )
    consent = consent_record(
        user=advisor, young_person=person, purpose="case_handover", recipient=partner_org
    )
    services.handover_create(
        user=advisor, case=case, partner=partner_org, consent=consent, purpose_note="Begleitung"
    )
    return person


def _rows_containing(text: str) -> list[str]:
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for field in fields:
            if isinstance(model._meta.get_field(field), models.JSONField):
                continue
            if model.objects.filter(**{f"{field}__icontains": text}).exists():
                found.append(f"{model._meta.label}.{field}")
    return found


def test_export_holds_everything_about_the_person_and_nobody_else(advisor, person, office):
    YoungPersonFactory(organisation=office, first_name="Andere", last_name="Person")
    response = login(advisor).get(f"/en/staff/privacy/people/{person.pk}/export.json")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["person"]["email"] == "zxq@example.org"
    assert data["cases"][0]["consultations"][0]["notes"] == f"Gespräch mit {MARK}"
    assert data["parents"][0]["last_name"] == f"{MARK}-Eltern"
    assert "Andere" not in response.content.decode()
    pdf = login(advisor).get(f"/en/staff/privacy/people/{person.pk}/export.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_erasure_leaves_no_trace_but_keeps_counts(advisor, person, partner):
    assert _rows_containing(MARK)
    case_count, consultation_count = Case.objects.count(), Consultation.objects.count()
    person_erase(user=advisor, person=person)
    assert _rows_containing(MARK) == []
    assert _rows_containing("zxq@example.org") == []
    assert (Case.objects.count(), Consultation.objects.count()) == (case_count, consultation_count)
    from kausa.counselling.selectors import case_list

    assert not case_list(user=partner).exists(), "the partner loses the case at once"
    assert not Consent.objects.filter(young_person=person, withdrawn_at__isnull=True).exists()


def test_erase_page_needs_the_typed_name(advisor, person):
    client = login(advisor)
    url = f"/en/staff/privacy/people/{person.pk}/erase/"
    assert client.post(url, {"confirm": "wrong"}).status_code == 400
    assert YoungPerson.objects.get(pk=person.pk).first_name == MARK
    assert client.post(url, {"confirm": person.last_name}).status_code == 302
    assert YoungPerson.objects.get(pk=person.pk).is_anonymised


def test_retention_anonymises_only_long_closed_cases(advisor, office):
    old = CaseFactory(
        organisation=office,
        status="closed",
        closing_reason="placed",
        closed_on=dt.date(2022, 1, 10),
    )
    recent = CaseFactory(
        organisation=office, status="closed", closing_reason="placed", closed_on=dt.date(2026, 6, 1)
    )
    open_case = CaseFactory(organisation=office)
    ConsultationFactory(case=old)
    assert retention_apply(today=dt.date(2026, 11, 29)) == 1
    old.young_person.refresh_from_db()
    assert old.young_person.is_anonymised
    for case in (recent, open_case):
        case.young_person.refresh_from_db()
        assert not case.young_person.is_anonymised


def test_retention_command_runs(capsys):
    call_command("apply_retention")
    assert "Anonymised 0 person(s)" in capsys.readouterr().out
