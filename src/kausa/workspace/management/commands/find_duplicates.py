from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kausa.companies import selectors as company_selectors
from kausa.companies import services as company_services
from kausa.people import selectors as people_selectors
from kausa.people import services as people_services


class Command(BaseCommand):
    help = (
        "Look for young people and companies entered twice in each office (run nightly by "
        "`kausa scheduler`): pairs that are probably one person or one company are listed "
        "for the advisors on the 'Possible duplicates' page with their score and reasons; "
        "pairs an advisor dismissed or merged are not shown again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--office", type=int, action="append", help="only this office (id; repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = options["office"]
        for office in chosen or people_selectors.offices_with_people():
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
        for office in chosen or company_selectors.offices_with_companies():
            started = time.monotonic()
            found = company_services.company_duplicates_check(organisation_id=office)
            self.stdout.write(
                f"Office {office}: {found.companies} companies, {found.compared} pairs "
                f"compared, {found.new} new possible duplicate(s), {found.gone} no longer "
                f"found ({time.monotonic() - started:.1f} s)."
            )
