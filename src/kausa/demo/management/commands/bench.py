from __future__ import annotations

import argparse
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# benchmark name -> module with `add_arguments(parser)` and `run(options, stdout)`
BENCHMARKS = {
    "matching": "kausa.bench.matching",
    "jobwalk": "kausa.bench.jobwalk",
    "scheduling": "kausa.bench.events",
    "workspace": "kausa.bench.counselling",
    "reporting": "kausa.bench.reporting",
}


class Command(BaseCommand):
    help = "Run a benchmark and print its figures: " + ", ".join(BENCHMARKS)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(BENCHMARKS))
        parser.add_argument("rest", nargs=argparse.REMAINDER, help="options of the benchmark")

    def handle(self, *args: Any, **options: Any) -> None:
        module_name = BENCHMARKS[options["name"]]
        if find_spec(module_name) is None:
            raise CommandError(f"The {options['name']} benchmark is not available yet.")
        module = import_module(module_name)
        parser = argparse.ArgumentParser(prog=f"kausa bench {options['name']}")
        module.add_arguments(parser)
        bench_options = parser.parse_args(options["rest"])
        module.run(bench_options, self.stdout)
