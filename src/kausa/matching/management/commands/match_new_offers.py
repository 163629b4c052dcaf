"""`kausa match-new-offers`: new offers for the young people of every office (nightly, from
`kausa scheduler`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kausa.matching.new_matches import match_new_offers


class Command(BaseCommand):
    help = (
        "Rank the offers created or changed since the last run against every active young "
        "person and put the best new matches into the advisors' overview."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full", action="store_true", help="rank every person against all offers"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = match_new_offers(full=options["full"])
        self.stdout.write(
            f"New offers for your people: {run.matches} new matches for {run.people} young "
            f"people ({run.changed_offers} offers changed since "
            f"{run.since:%Y-%m-%d %H:%M}; {run.ranked_in_full} ranked in full) "
            f"in {run.seconds:.1f} s."
        )
