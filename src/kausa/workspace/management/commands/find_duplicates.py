from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kausa.people import selectors as people_selectors
from kausa.people import services as people_services


class Command(BaseCommand):
    help = (
        "Look for young people entered twice in each office (run nightly by `kausa "
        "scheduler`): pairs that probably are one person are listed for the advisors on "
        "the 'Possible duplicates' page with their score and reasons; pairs an advisor "
        "dismissed or merged are not shown again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--office", type=int, action="append", help="only this office (id; repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        offices = options["office"] or people_selectors.offices_with_people()
        for office in offices:
            started = time.monotonic()
            check = people_services.duplicates_check(organisation_id=office)
            self.stdout.write(
                f"Office {office}: {check.people} people, {check.compared} pairs compared, "
                f"{check.stored.new} new possible duplicate(s), {check.stored.gone} no longer "
                f"found ({time.monotonic() - started:.1f} s)."
            )
            if check.skipped_blocks:
                self.stdout.write(
                    f"  {check.skipped_blocks} group(s) too large to compare pair by pair."
                )
