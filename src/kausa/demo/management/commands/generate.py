from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.demo.generate import (
    BATCH,
    GenerateError,
    generate,
    generated_clear,
    generated_present,
)


class Command(BaseCommand):
    help = (
        "Fill the configured database with national-scale synthetic data: offices with "
        "advisors in every state, young people, companies and apprenticeship offers at real "
        "postal codes (see docs/generate.md). Everything made belongs to organisations whose "
        "slug starts with 'gen-'; --clear removes it. Refuses to run in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, help="young people")
        parser.add_argument("--offers", type=int, help="apprenticeship offers")
        parser.add_argument("--offices", type=int, help="offices, at least one per state (16)")
        parser.add_argument(
            "--companies", type=int, help="companies (default: one per three offers)"
        )
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--dry-run", action="store_true", help="draw everything, write nothing, print counts"
        )
        parser.add_argument(
            "--clear", action="store_true", help="first delete what an earlier run generated"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Generated data has invented people and the demo password: it never goes "
                "into a database with KAUSA_ENV=production."
            )
        wanted = [options[k] for k in ("people", "offers", "offices")]
        if options["clear"] and not options["dry_run"]:
            self._clear()
            if all(v is None for v in wanted):
                return
        if any(v is None for v in wanted):
            raise CommandError("Give --people, --offers and --offices (or only --clear).")
        try:
            summary = generate(
                people=options["people"],
                offers=options["offers"],
                offices=options["offices"],
                companies=options["companies"],
                seed=options["seed"],
                dry_run=options["dry_run"],
                progress=self._progress,
            )
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        made = ", ".join(f"{n:,} {name}" for name, n in summary.counts.items())
        if summary.written:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {made} in {summary.seconds:.1f} s "
                    f"({summary.rows / summary.seconds:,.0f} rows/s)."
                )
            )
        else:
            self.stdout.write(f"Dry run, nothing written. Would generate {made}.")
        for line in summary.notes:
            self.stdout.write(f"  {line}")
        if summary.written:
            steps = ", ".join(f"{name} {s:.1f} s" for name, s in summary.phases.items())
            self.stdout.write(f"  time: {steps}")

    def _clear(self) -> None:
        if not generated_present():
            self.stdout.write("No generated data to clear.")
            return
        started = time.perf_counter()
        try:
            deleted = generated_clear()
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        gone = ", ".join(f"{n:,} {label}" for label, n in deleted.items())
        self.stdout.write(
            f"Cleared generated data: {gone} ({time.perf_counter() - started:.1f} s)."
        )

    def _progress(self, what: str, done: int, total: int) -> None:
        # a line per tenth, not per batch
        step = max(total // 10, 1)
        if done == total or done // step > (done - BATCH) // step:
            self.stdout.write(f"  {what}: {done:,} / {total:,}")
