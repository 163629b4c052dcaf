"""Mail after commit: the task takes the alert's id and reads it fresh."""

from __future__ import annotations

from django_tasks import task

from kausa.alerts import mail
from kausa.alerts.models import Alert


@task()
def send_alert_mail(alert_id: int, kind: str) -> None:
    """The confirmation link (``confirm``) or, for a search saved again, its link
    (``exists``); nothing when the alert was deleted in the meantime."""
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or (kind == "confirm" and alert.is_confirmed):
        return
    mail.confirmation_message(alert, kind).send()
