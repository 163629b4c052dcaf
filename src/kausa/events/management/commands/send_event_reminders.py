from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kausa.events.services import reminders_enqueue


class Command(BaseCommand):
    help = (
        "Queue the reminder e-mails for events starting tomorrow (run once a day). "
        "Cancelled registrations and people already reminded get nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=os.environ.get("KAUSA_SITE_URL", "http://127.0.0.1:8000"),
            help="address of the site for the personal links (default: $KAUSA_SITE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_enqueue(base_url=options["base_url"])
        self.stdout.write(f"Queued {count} reminder(s).")
