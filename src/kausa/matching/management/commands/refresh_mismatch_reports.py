from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kausa.matching.mismatch_services import mismatch_reports_refresh


class Command(BaseCommand):
    help = (
        "Queue a fresh computation of every stored mismatch analysis (run nightly by "
        "`kausa scheduler`). Analyses already waiting or running are left alone."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = mismatch_reports_refresh()
        self.stdout.write(f"Queued {count} mismatch analysis/analyses.")
