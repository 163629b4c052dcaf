from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.jobwalk.services import network_load


class Command(BaseCommand):
    help = (
        "Build the walkable street network of a city from an OpenStreetMap extract "
        "(.osm.pbf, .osm or .osm.gz) and store it under the data directory (streets/<city>.npz)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="OpenStreetMap extract")
        parser.add_argument("--name", required=True, help="city name, e.g. 'Lauf an der Pegnitz'")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            network = network_load(path=options["file"], city_name=options["name"])
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {exc}") from exc
        except (ValueError, RuntimeError, ValidationError) as exc:
            raise CommandError(f"Street network not loaded: {exc}") from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{network.name}: {network.node_count:,} nodes, {network.edge_count:,} edges "
                f"-> {network.file_path} ({elapsed:.1f} s)"
            )
        )
