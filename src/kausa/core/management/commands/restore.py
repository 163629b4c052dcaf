from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.core.backup import BackupError, backup_restore, backup_verify, format_size


class Command(BaseCommand):
    help = (
        "Restore a backup made by `kausa backup` into the configured database and upload "
        "storage. Every file is checked against manifest.json first; a target that is not empty "
        "is refused unless --force (which replaces it). Afterwards each table's row count is "
        "compared with the backup. Stop the site and its workers first. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR", help="a backup directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data (and overwrite uploads of the same name)",
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="only check the backup's files against its manifest; change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        directory: Path = options["directory"].absolute()
        try:
            if options["verify_only"]:
                manifest = backup_verify(directory=directory)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{directory}: all {len(manifest.files)} files match the manifest "
                        f"(backup of {manifest.created_at}, Kausa {manifest.kausa_version}, "
                        f"{manifest.vendor_name}, {manifest.inventory.rows:,} rows, "
                        f"{len(manifest.media_files):,} uploaded files)."
                    )
                )
                return
            summary = backup_restore(directory=directory, force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        manifest, inventory = summary.manifest, summary.inventory
        if options["verbosity"] >= 2:
            for table, rows in sorted(inventory.tables.items()):
                self.stdout.write(f"  {table}: {rows:,}")
        self.stdout.write(
            f"Backup of {manifest.created_at} (Kausa {manifest.kausa_version}): "
            f"all {len(manifest.files)} files matched the manifest."
        )
        action = (
            "Replaced the {} database with the backup's"
            if summary.replaced
            else "Restored the {} database"
        )
        self.stdout.write(
            f"{action.format(manifest.vendor_name)}: {len(inventory.tables)} tables, "
            f"{inventory.rows:,} rows, {inventory.migration_count} migrations; every table's "
            "row count matches the backup."
        )
        self.stdout.write(
            f"Restored {summary.files:,} uploaded files ({format_size(manifest.media_bytes)}), "
            "each checked after writing."
        )
        if summary.files_not_in_backup:
            self.stdout.write(
                f"{summary.files_not_in_backup:,} files in the upload storage are not in the "
                "backup; they were left in place."
            )
        if summary.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(summary.unapplied_migrations)} migrations of this Kausa version are "
                    "not applied in the backup: run `kausa migrate` before starting the site."
                )
            )
        if summary.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup has {len(summary.unknown_migrations)} migrations this Kausa "
                    f"version does not know (e.g. {summary.unknown_migrations[0]}): it comes "
                    f"from a newer version ({manifest.kausa_version}); run that version."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Restore finished in {elapsed:.1f} s."))
