from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.reference.loaders import ReferenceDataError, load_reference


class Command(BaseCommand):
    help = (
        "Load postal codes, districts, occupations, the KldB 2010 hierarchy and languages "
        "from the bundled CSV files (or --dir). Idempotent; a bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, help="folder with the reference CSV files")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = load_reference(options["dir"])
        except ReferenceDataError as exc:
            raise CommandError(f"Reference data not loaded, nothing changed: {exc}") from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary} in {elapsed:.1f} s."))
