from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kausa.matching.index import index_root
from kausa.matching.index_tasks import offer_index_build_locked


class Command(BaseCommand):
    help = (
        "Build the shared offer index of this machine (memory-mapped by every web worker) "
        "and make it current. Run it at deploy after migrate; the scheduler and the task "
        "worker run it after changes. --if-stale: only when offers changed since the "
        "current version; --full: read every offer (else only the changed ones are "
        "merged into the current version)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-stale", action="store_true")
        parser.add_argument("--full", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        result = offer_index_build_locked(if_stale=options["if_stale"], full=options["full"])
        where = index_root() / str(result["name"])
        if not result["built"]:
            self.stdout.write(f"Offer index {where} is current.")
            return
        self.stdout.write(
            f"Offer index {where} ({result['kind']}): {result['offers']:,} offers; "
            f"read {result['read_s']:.1f} s, build {result['build_s']:.1f} s, "
            f"write {result['write_s']:.1f} s."
        )
