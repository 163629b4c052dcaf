from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.accounts.models import Organisation
from kausa.matching import imports

HELP = """Import apprenticeship offers: `kausa import-offers FILE --format ba-jobsuche|csv|xlsx`.

Idempotent by source and external id (a re-import updates, never duplicates). BA offers
are one catalogue shared by all offices: an offer another office imported first stays with
that office and is counted as "already in the catalogue"; nothing moves between offices.
--full: the file is this office's complete feed of the source, so offers it listed before
and misses now are no longer listed by it, and open ones no office lists any more are
withdrawn. A bad row is reported with its line and reason (an occupation name that does
not map with the three closest occupations); --strict rejects the whole file and writes
nothing, otherwise the good rows are imported and a report (CSV: line, external_id,
problem, closest_occupations) is written next to the file.

CSV/XLSX template (header row; CSV in UTF-8 with or without BOM, Windows-1252 or UTF-16,
separated by ',' ';' or tabs; the report names the encoding it read):
  external_id,company_name,street,postal_code,occupation,start_date,places,
  required_certificate,required_german,description,website[,lat,lon]
  required: external_id, company_name, postal_code, occupation (KldB code like 25212 or the
  name, BA spellings too), start_date (YYYY-MM-DD or DD.MM.YYYY). places 1-500 (default 1);
  required_certificate none|first|intermediate|fhr|abitur; required_german none|A1..C2;
  lat/lon in decimal degrees (a decimal comma is fine).
BA Jobsuche: JSON as returned by /pc/v4/jobs ({"stellenangebote": [...]}) or a list of
job details (/pc/v4/jobdetails); only apprenticeships are imported (angebotsart 4 /
AUSBILDUNG; dual study courses without a training occupation are skipped).
See docs/offer-import.md."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=imports.FORMATS, dest="fmt")
        parser.add_argument("--organisation", required=True, help="slug of the office that imports")
        parser.add_argument(
            "--source",
            default="",
            help="name of the office's own feed (CSV/XLSX; default office-import)",
        )
        parser.add_argument("--strict", action="store_true", help="any bad row: import nothing")
        parser.add_argument("--full", action="store_true", help="withdraw offers missing here")
        parser.add_argument("--report", type=Path, help="report path (default FILE.report.csv)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['organisation']!r}.")
        try:
            report = imports.offers_import(
                data=path.read_bytes(),
                file_format=options["fmt"],
                organisation=organisation,
                source=options["source"],
                strict=options["strict"],
                full=options["full"],
            )
        except imports.ImportFileError as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.") from None
        except ValidationError as error:  # a write refused: the import's transaction is undone
            raise CommandError(
                f"{path}: {'; '.join(error.messages)}. Nothing was imported."
            ) from None
        for line, external_id, problem in report.problems:
            self.stderr.write(f"{path}: {line}: {external_id or '-'}: {problem}")
        write_unmapped(self.stdout.write, report)
        if not report.written:
            raise CommandError(
                f"{len(report.problems)} bad row(s) and --strict: nothing was imported."
            )
        report_path = options["report"] or path.with_name(path.name + ".report.csv")
        if report.problems:
            report_path.write_bytes(report.as_csv())
            self.stdout.write(f"Report of the bad rows: {report_path}")
        read_as = f", {report.read_as()}" if report.read_as() else ""
        self.stdout.write(f"{path.name} ({report.source}{read_as}): {report.summary()}")


def write_unmapped(write: Callable[[str], None], report: imports.ImportReport) -> None:
    """The occupation names that map to no occupation, with the three closest."""
    lines = report.unmapped_lines()
    if lines:
        write(f"Occupation names not recognised ({len(lines)}):")
        for line in lines:
            write(f"  {line}")
