from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kausa.privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise young people whose cases have all been closed for longer than their "
        "office's retention period (run daily, e.g. from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = retention_apply()
        self.stdout.write(f"Anonymised {count} person(s) past their office's retention period.")
