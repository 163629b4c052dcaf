from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kausa.jobwalk.models import PLANNED_TOUR_DAYS
from kausa.jobwalk.services import planned_tours_delete_expired


class Command(BaseCommand):
    help = (
        f"Delete the tours made with the public JOBWALK planner once their {PLANNED_TOUR_DAYS} "
        "days are over (their links then answer that the tour has expired); run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = planned_tours_delete_expired()
        self.stdout.write(f"Deleted {count} expired planned tour(s).")
