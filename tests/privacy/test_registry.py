"""Personal data by construction: every model that declares personal fields has a registered
exporter and eraser, and the fields it declares are the ones a person would call theirs."""

from __future__ import annotations

from django.apps import apps

from kausa.privacy.registry import PersonalData, models_with_personal_fields, registered, uncovered

# Fields that always mean personal data, wherever they appear, unless the model is exempt.
TELLING = {"first_name", "last_name", "birth_date", "email", "phone", "young_person"}
EXEMPT = {
    "accounts.User": "staff accounts, kept and closed by the office's administrator",
    "companies.Company": "a company's business contact, not a private person's data",
    "events.Event": "the office's own contact address for the event",
    "events.SpeedDatingCompany": "a company's business contact for the interviews",
    "network.Ambassador": "a public profile the ambassador agreed to; the office deletes it",
    "accounts.Organisation": "the office's public contact details (address, phone, e-mail)",
}


def test_every_model_with_personal_fields_is_exported_and_erased():
    assert len(models_with_personal_fields()) >= 14
    assert uncovered() == []


def test_a_model_left_out_of_its_apps_handler_is_reported():
    entries = registered()
    events = next(e for e in entries if e.app == "kausa.events")
    without = PersonalData(
        app=events.app, models=events.models[:1], export=events.export, erase=events.erase
    )
    others = [e for e in entries if e.app != "kausa.events"]
    assert uncovered([*others, without]) == ["events.SpeedDatingApplicant"]


def test_a_handler_without_an_eraser_does_not_count():
    entries = [
        PersonalData(app=e.app, models=e.models, export=e.export, erase=None)
        if e.app == "kausa.matching"
        else e
        for e in registered()
    ]
    assert uncovered(entries) == ["matching.AdvisorRequest"]


def test_models_with_telling_fields_declare_them_or_say_why_not():
    for model in apps.get_models():
        label = model._meta.label
        if not label.startswith(tuple(c.label + "." for c in apps.get_app_configs())):
            continue
        if not model.__module__.startswith("kausa.") or label in EXEMPT:
            continue
        names = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}
        telling = names & TELLING
        declared = set(getattr(model, "PERSONAL_FIELDS", ()))
        assert telling <= declared, f"{label}: {sorted(telling - declared)} not declared"
        assert declared <= {f.name for f in model._meta.get_fields()}, label


def test_export_sections_come_in_a_stable_order_with_the_person_first():
    sections = [s for entry in registered() for s in entry.export]
    assert sections[:3] == ["person", "parents", "consents"]
    assert {"cases", "event_registrations", "speed_dating", "contact_requests"} <= set(sections)
    assert len(sections) == len(set(sections))
    erasure = [entry.app for entry in registered(for_erasure=True)]
    assert erasure[-1] == "kausa.people"  # the others match on the person's e-mail first


def test_export_and_erasure_reach_contact_requests_sent_with_the_persons_address(
    advisor, office, other_office
):
    from django.utils import timezone

    from kausa.matching.models import AdvisorRequest
    from kausa.privacy.services import person_erase, person_export
    from tests.factories import YoungPersonFactory
    from tests.matching.factories import offer_at

    person = YoungPersonFactory(organisation=office, email="mona@mail.test", phone="")

    def request(org, email):
        return AdvisorRequest.objects.create(
            organisation=org,
            offer=offer_at(org),
            name="Mona Haddad",
            email=email,
            message="Bitte rufen Sie mich an",
            consent_given_at=timezone.now(),
            consent_text_version="1",
        )

    own = request(office, "Mona@Mail.test")
    elsewhere = request(other_office, "mona@mail.test")  # another office's record
    stranger = request(office, "someone@mail.test")

    data = person_export(user=advisor, person=person)
    assert [r["message"] for r in data["contact_requests"]] == ["Bitte rufen Sie mich an"]
    person_erase(user=advisor, person=person)
    own.refresh_from_db(), elsewhere.refresh_from_db(), stranger.refresh_from_db()
    assert (own.name, own.email, own.message) == ("–", "", "")
    assert elsewhere.name == "Mona Haddad" and elsewhere.email == "mona@mail.test"
    assert stranger.name == "Mona Haddad"


def test_consent_given_and_withdrawn_are_in_the_audit_log(advisor, office):
    from kausa.core.models import AuditEntry
    from kausa.people.services import consent_record, consent_withdraw
    from tests.factories import YoungPersonFactory

    person = YoungPersonFactory(organisation=office)
    consent = consent_record(user=advisor, young_person=person, purpose="counselling")
    consent_withdraw(user=advisor, consent=consent)
    consent_withdraw(user=advisor, consent=consent)  # again: nothing more happens
    entries = AuditEntry.objects.filter(object_type="people.consent", object_id=str(consent.pk))
    assert [(e.action, e.actor_id) for e in entries.order_by("id")] == [
        ("create", advisor.pk),
        ("update", advisor.pk),
    ]
    assert "withdrawn" in entries.order_by("id").last().detail
