from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kausa.alerts import services


class Command(BaseCommand):
    help = (
        "Send the offer alerts' digests that are due now (daily ones once a day, weekly ones "
        f"on their weekday, from {services.SEND_HOUR}:00 local time) and delete alerts nobody "
        f"confirmed within {services.UNCONFIRMED_DAYS} days or used for "
        f"{services.INACTIVE_DAYS} days. Safe to run as often as you like (kausa scheduler "
        "runs it hourly): no offer goes to an alert twice. Links come from KAUSA_SITE_URL."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = services.alerts_expire()
        report = services.digests_send_due()
        self.stdout.write(
            f"Sent {report.sent} digest(s); {report.empty} alert(s) had nothing new; "
            f"{report.failed} failed (tried again next run)."
        )
        if report.skipped:
            self.stdout.write(f"Skipped {len(report.skipped)} alert(s) whose search fails.")
        self.stdout.write(
            f"Deleted {expired.unconfirmed} unconfirmed and {expired.inactive} unused alert(s)."
        )
