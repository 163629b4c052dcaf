from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kausa.privacy.contact_retention import contact_retention_apply
from kausa.privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise young people whose cases have all been closed for longer than their "
        "office's retention period, and blank the contact data of event registrations, "
        "speed-dating sign-ups, contact requests, nominations and visit requests once that "
        "period has passed since they were over (run daily, e.g. from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = retention_apply()
        self.stdout.write(f"Anonymised {count} person(s) past their office's retention period.")
        report = contact_retention_apply()
        for label, blanked in report.counts.items():
            self.stdout.write(f"Blanked the contact data of {blanked} {label}.")
        if not report.total:
            self.stdout.write("No contact data of events, requests or nominations was due.")
