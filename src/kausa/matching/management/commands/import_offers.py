from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.accounts.models import Organisation
from kausa.matching import imports

HELP = """Import apprenticeship offers: `kausa import-offers FILE --format ba-jobsuche|csv|xlsx`.

Idempotent by source and external id (a re-import updates, never duplicates). --full: the
file is the complete feed, so open offers of this source and organisation that are missing
from it are marked withdrawn. A bad row is reported with its line and reason; --strict
rejects the whole file and writes nothing, otherwise the good rows are imported and a report
(CSV: line, external_id, problem) is written next to the file.

CSV/XLSX template (header row, UTF-8, ',' or ';'):
  external_id,company_name,street,postal_code,occupation,start_date,places,
  required_certificate,required_german,description,website
  required: external_id, company_name, postal_code, occupation (KldB code like 25212 or the
  name), start_date (YYYY-MM-DD or DD.MM.YYYY). places 1-500 (default 1);
  required_certificate none|first|intermediate|fhr|abitur; required_german none|A1..C2.
BA Jobsuche: JSON as returned by /pc/v4/jobs ({"stellenangebote": [...]}) or a list of
job details (/pc/v4/jobdetails); only angebotsart 4 (Ausbildung) is imported.
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
        parser.add_argument(
            "--organisation", required=True, help="slug of the office the offers belong to"
        )
        parser.add_argument("--source", default="", help="source name (default by format)")
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
        for line, external_id, problem in report.problems:
            self.stderr.write(f"{path}: {line}: {external_id or '-'}: {problem}")
        if not report.written:
            raise CommandError(
                f"{len(report.problems)} bad row(s) and --strict: nothing was imported."
            )
        report_path = options["report"] or path.with_name(path.name + ".report.csv")
        if report.problems:
            report_path.write_text(report.as_csv(), encoding="utf-8")
            self.stdout.write(f"Report of the bad rows: {report_path}")
        self.stdout.write(f"{path.name} ({report.source}): {report.summary()}")
