from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.accounts.models import Organisation
from kausa.matching import ba_api, imports
from kausa.matching.management.commands.import_offers import write_unmapped


class Command(BaseCommand):
    help = (
        "Fetch apprenticeship offers (angebotsart 4) from the BA Jobsuche API around a place "
        "and import them like a BA Jobsuche file: `kausa fetch-ba-offers --wo Berlin "
        "--umkreis 25 --organisation ls-berlin`. Base URL from KAUSA_BA_JOBSUCHE_URL."
    )

    transport: ba_api.Transport | None = None  # tests put a fake in place of the network

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wo", required=True, help="place or postal code")
        parser.add_argument("--umkreis", type=int, default=25, help="radius in km")
        parser.add_argument("--organisation", required=True, help="slug of the office")
        parser.add_argument("--api-version", default="v4", choices=sorted(ba_api.ADAPTERS))
        parser.add_argument("--max-pages", type=int, default=10)
        parser.add_argument(
            "--full",
            action="store_true",
            help="withdraw the offers this office listed and no office lists any more",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['organisation']!r}.")
        if not 1 <= options["umkreis"] <= 200:
            raise CommandError("--umkreis must be between 1 and 200 km.")
        adapter = ba_api.adapter_for(
            options["api_version"],
            base_url=os.environ.get("KAUSA_BA_JOBSUCHE_URL") or ba_api.DEFAULT_BASE_URL,
            **({"transport": self.transport} if self.transport else {}),
        )
        try:
            data = ba_api.fetch_as_file(
                adapter,
                wo=options["wo"],
                umkreis=options["umkreis"],
                max_pages=options["max_pages"],
            )
            report = imports.offers_import(
                data=data,
                file_format="ba-jobsuche",
                organisation=organisation,
                full=options["full"],
            )
        except (ba_api.BaApiError, imports.ImportFileError) as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        except ValidationError as error:  # a write refused: the import's transaction is undone
            raise CommandError(f"{'; '.join(error.messages)}. Nothing was imported.") from None
        for line, external_id, problem in report.problems:
            self.stderr.write(f"{line}: {external_id or '-'}: {problem}")
        write_unmapped(self.stdout.write, report)
        self.stdout.write(f"BA Jobsuche {adapter.version} ({options['wo']}): {report.summary()}")
