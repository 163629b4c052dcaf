"""Mail after commit: tasks take ids, load fresh rows and write in the person's language."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from kausa.events.models import Registration


def _send(registration: Registration, kind: str, base_url: str) -> None:
    with translation.override(registration.language):
        event = registration.event
        title, _description = event.text_for(registration.language)
        link = base_url.rstrip("/") + reverse(
            "events:registration_detail", args=[registration.token]
        )
        context = {
            "registration": registration,
            "event": event,
            "title": title,
            "link": link,
            "kind": kind,
            "starts": timezone.localtime(event.starts_at),
            "ends": timezone.localtime(event.ends_at),
        }
        subject = render_to_string("events/mail/subject.txt", context).strip()
        body = render_to_string("events/mail/registration.txt", context)
    send_mail(subject, body, None, [registration.email])


@task()
def send_registration_mail(registration_id: int, base_url: str = "") -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.email and registration.is_active:
        _send(registration, registration.status, base_url)


@task()
def send_promotion_mail(registration_id: int, base_url: str = "") -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.email and registration.status == Registration.Status.CONFIRMED:
        _send(registration, "promoted", base_url)


@task()
def send_reminder_mail(registration_id: int, base_url: str = "") -> None:
    """The day-before reminder; nothing after a cancellation, never twice."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("event")
            .filter(pk=registration_id)
            .first()
        )
        if (
            registration is None
            or registration.status != Registration.Status.CONFIRMED
            or registration.reminder_sent_at is not None
            or not registration.email
        ):
            return
        registration.reminder_sent_at = timezone.now()
        registration.save(update_fields=["reminder_sent_at", "updated_at"])
    _send(registration, "reminder", base_url)


@task()
def send_speed_schedule_mail(kind: str, row_id: int, base_url: str = "") -> None:
    """The personal interview schedule link, to an applicant or a company."""
    from kausa.events.models import SpeedDatingApplicant, SpeedDatingCompany

    model = SpeedDatingApplicant if kind == "applicant" else SpeedDatingCompany
    row = model.objects.select_related("event").filter(pk=row_id).first()
    if row is None or not row.email:
        return
    language = getattr(row, "language", "de") or "de"
    with translation.override(language):
        title, _description = row.event.text_for(language)
        link = base_url.rstrip("/") + reverse("events:speed_personal", args=[row.token])
        context = {"name": row.name, "title": title, "link": link}
        subject = render_to_string("events/mail/speed_subject.txt", context).strip()
        body = render_to_string("events/mail/speed_schedule.txt", context)
    send_mail(subject, body, None, [row.email])
