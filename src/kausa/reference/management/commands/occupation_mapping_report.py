from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.reference.loaders import ReferenceDataError
from kausa.reference.occupation_report import mapping_report, read_expected_names


class Command(BaseCommand):
    help = (
        "Map a list of BA-style occupation names (CSV: ba_name;expected[;kldb]) and print "
        "the share mapped to the expected occupation, how each was mapped, and every miss "
        "with the three closest occupations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="e.g. tests/reference/ba_occupation_names.csv")
        parser.add_argument(
            "--fail-under",
            type=float,
            default=None,
            help="exit with an error if fewer than this percentage map correctly",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = mapping_report(read_expected_names(options["path"]))
        except (OSError, ReferenceDataError) as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if options["fail_under"] is not None and report.percent < options["fail_under"]:
            raise CommandError(
                f"{report.percent:.1f} % mapped correctly, below {options['fail_under']} %"
            )
