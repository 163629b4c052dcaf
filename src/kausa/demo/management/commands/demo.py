from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.demo import data
from kausa.demo.generator import demo_create


class Command(BaseCommand):
    help = (
        "Set up the demo: migrate, load reference data, create realistic demo data once "
        "(fixed seed), print the logins and serve the site. Refuses to run in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "The demo writes known passwords: it never runs with KAUSA_ENV=production."
            )
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference", stdout=self.stdout)
        summary = demo_create()
        if summary.created:
            made = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {made}."))
        else:
            self.stdout.write("Demo data already present; nothing duplicated.")
            if summary.counts:
                added = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
                self.stdout.write(f"Added what newer parts of Kausa bring: {added}.")
        self._print_logins(options["port"])
        if not options["no_serve"]:
            call_command("serve", port=options["port"])

    def _print_logins(self, port: int) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"Kausa demo: http://127.0.0.1:{port}/de/  (staff login: /de/accounts/login/)"
        )
        self.stdout.write(f"Password for every demo login: {data.DEMO_PASSWORD}")
        for email, name, slug, role, _staff in data.USERS:
            self.stdout.write(f"  {role:<12} {email:<30} {name} ({slug})")
        self.stdout.write(f"  {'superuser':<12} {data.SUPERUSER[0]:<30} /de/admin/")
        self.stdout.write(
            f"  {'juror':<12} {'juror1@kausa.example':<30} award jury (also juror2, juror3)"
        )
        self.stdout.write("")
