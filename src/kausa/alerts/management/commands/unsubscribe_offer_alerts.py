from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kausa.alerts import services


class Command(BaseCommand):
    help = (
        "Delete every offer alert of an e-mail address: for unsubscribe requests that "
        "arrive by mail (the digests' List-Unsubscribe mailto goes to KAUSA_OPERATOR_EMAIL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the address whose alerts go")

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.alerts_delete_for_email(email=options["email"])
        self.stdout.write(f"Deleted {count} alert(s).")
