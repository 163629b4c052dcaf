"""Mail after commit: tasks take ids, load fresh rows and write in the person's language."""

from __future__ import annotations

from email.mime.image import MIMEImage
from email.utils import make_msgid

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from kausa.core.links import absolute_reverse
from kausa.events.checkin.qr import checkin_url, qr_png
from kausa.events.models import Event, Registration

# Mails about a confirmed seat carry the check-in QR code that staff scan at the door (an
# online event has no door: its mails say how to join the video room instead).
QR_KINDS = {"confirmed", "promoted", "reminder"}


def _qr_image(registration: Registration) -> MIMEImage:
    image = MIMEImage(qr_png(checkin_url(registration.checkin_code)), "png")
    image.add_header("Content-ID", make_msgid("checkin", domain="kausa.qr"))
    image.add_header("Content-Disposition", "inline", filename="check-in.png")
    return image


def _message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """Plain text (with code and link) plus HTML in the person's language and direction.

    With a seat, the HTML shows the QR code as an inline image (``cid:``) in a
    multipart/related message, so mail programs show it without loading anything.
    """
    image = None
    if (
        kind in QR_KINDS
        and registration.status == Registration.Status.CONFIRMED
        and not registration.event.is_online
    ):
        image = _qr_image(registration)
    with translation.override(registration.language):
        event = registration.event
        title, _description = event.text_for(registration.language)
        link = absolute_reverse("events:registration_detail", registration.token)
        context = {
            "registration": registration,
            "event": event,
            "title": title,
            "link": link,
            "kind": kind,
            "starts": timezone.localtime(event.starts_at),
            "ends": timezone.localtime(event.ends_at),
            "qr_cid": image["Content-ID"].strip("<>") if image else "",
        }
        subject = render_to_string("events/mail/subject.txt", context).strip()
        context["subject"] = subject
        body = render_to_string("events/mail/registration.txt", context)
        html = render_to_string("events/mail/registration.html", context)
    message = EmailMultiAlternatives(subject, body, None, [registration.email])
    message.attach_alternative(html, "text/html")
    if image is not None:
        message.mixed_subtype = "related"
        message.attach(image)
    return message


def _send(registration: Registration, kind: str) -> None:
    _message(registration, kind).send()


@task()
def send_registration_mail(registration_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.email and registration.is_active:
        _send(registration, registration.status)


@task()
def send_promotion_mail(registration_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.email and registration.status == Registration.Status.CONFIRMED:
        _send(registration, "promoted")


@task()
def send_event_cancelled_mail(registration_id: int) -> None:
    """The office cancelled the event: tell everyone who was registered or waiting."""
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.email and registration.event.status == Event.Status.CANCELLED:
        _send(registration, "event_cancelled")


@task()
def send_reminder_mail(registration_id: int) -> None:
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
            or registration.event.status != Event.Status.PUBLISHED
            or registration.reminder_sent_at is not None
            or not registration.email
        ):
            return
        registration.reminder_sent_at = timezone.now()
        registration.save(update_fields=["reminder_sent_at", "updated_at"])
    _send(registration, "reminder")


@task()
def send_speed_schedule_mail(
    kind: str, row_id: int, cancelled: bool = False, calendar: str = ""
) -> None:
    """The personal interview schedule link, to an applicant or a company.

    With ``cancelled`` (the office called the speed dating off): no interviews take place;
    ``calendar`` (iCalendar text) then marks each interview cancelled in the person's
    calendar and is attached as ``interviews.ics``.
    """
    from kausa.events.models import SpeedDatingApplicant, SpeedDatingCompany

    model = SpeedDatingApplicant if kind == "applicant" else SpeedDatingCompany
    row = model.objects.select_related("event").filter(pk=row_id).first()
    if row is None or not row.email:
        return
    language = getattr(row, "language", "de") or "de"
    with translation.override(language):
        title, _description = row.event.text_for(language)
        link = absolute_reverse("events:speed_personal", row.token)
        context = {"name": row.name, "title": title, "link": link, "cancelled": cancelled}
        subject = render_to_string("events/mail/speed_subject.txt", context).strip()
        body = render_to_string("events/mail/speed_schedule.txt", context)
    message = EmailMultiAlternatives(subject, body, None, [row.email])
    if calendar:
        message.attach("interviews.ics", calendar, "text/calendar; charset=utf-8")
    message.send()


@task()
def speed_dating_solve(run_id: int) -> None:
    """The speed-dating scheduler for a run asked for on the staff page (up to 30 s)."""
    from kausa.events.speed_dating.services import speed_dating_run_execute

    speed_dating_run_execute(run_id=run_id)
