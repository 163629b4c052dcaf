from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve Kausa on http://127.0.0.1:PORT (development server with static files). "
        "In production run a WSGI server instead: gunicorn kausa.wsgi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            self.stderr.write(f"--port {port} is not a TCP port (1–65535).")
            raise SystemExit(2)
        call_command("runserver", f"{options['host']}:{port}", use_reloader=False)
