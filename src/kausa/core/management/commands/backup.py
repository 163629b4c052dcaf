from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.core.backup import BackupError, backup_create, format_size


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump; SQLite: online backup API, safe while the "
        "site runs) and every uploaded file into DIR, which must be new or empty, with a "
        "manifest.json of row counts, migrations and checksums. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR", help="new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        directory: Path = options["directory"].absolute()
        try:
            manifest = backup_create(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        inventory = manifest.inventory
        dump = manifest.files[manifest.database_file]
        if options["verbosity"] >= 2:
            for table, rows in sorted(inventory.tables.items()):
                self.stdout.write(f"  {table}: {rows:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest.vendor_name} database ({len(inventory.tables)} tables, "
                f"{inventory.rows:,} rows, {inventory.migration_count} migrations; "
                f"{format_size(dump.size)} dump) and {len(manifest.media_files):,} uploaded files "
                f"({format_size(manifest.media_bytes)}) to {directory} in {elapsed:.1f} s."
            )
        )
