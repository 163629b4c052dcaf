from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from kausa.core.scheduler import JOBS, run_due


class Command(BaseCommand):
    help = (
        "Run the periodic jobs: "
        + ", ".join(f"{job.command} every {job.every}" for job in JOBS)
        + ". Runs until stopped (one process per installation; a second one does no harm), "
        "or with --once runs what is due and exits (for cron or a systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due, then exit")
        parser.add_argument(
            "--interval", type=int, default=60, help="seconds between checks (default 60)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            ran = run_due()
            if ran:
                self.stdout.write(f"Ran: {', '.join(ran)}.")
            elif options["once"]:
                self.stdout.write("Nothing due.")
            if options["once"]:
                return
            time.sleep(options["interval"])
            close_old_connections()  # a long-running process: no connection outlives its age
