from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kausa.events.registration.services import reminders_enqueue


class Command(BaseCommand):
    help = (
        "Queue the reminder e-mails for events starting tomorrow (run hourly or daily). "
        "Personal links are built from KAUSA_SITE_URL. "
        "Cancelled registrations and people already reminded get nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_enqueue()
        self.stdout.write(f"Queued {count} reminder(s).")
