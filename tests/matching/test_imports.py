"""`kausa import-offers`: BA Jobsuche and CSV/XLSX, idempotent, strict, full feed, reports."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from kausa.companies.models import Offer
from kausa.matching.imports import CSV_COLUMNS

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def run(path: Path, fmt: str, *extra: str, organisation: str = "office-a") -> str:
    out = io.StringIO()
    call_command(
        "import_offers",
        str(path),
        "--format",
        fmt,
        "--organisation",
        organisation,
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for name in ("offers.csv", "offers_bad.csv", "ba_jobsuche.json"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def test_csv_import_creates_offers_and_companies(office, work):
    output = run(work / "offers.csv", "csv")
    assert "3 created" in output
    offers = Offer.objects.filter(source="office-import").order_by("external_id")
    assert [o.external_id for o in offers] == ["A-1", "A-2", "A-3"]
    a1 = offers[0]
    assert a1.organisation == office and a1.places == 2 and a1.required_german == "B1"
    assert a1.occupation.kldb_id == "25212"
    assert a1.company.name == "Autohaus Yilmaz GmbH" and a1.company.postal_code_id == "12045"
    assert a1.company.website == "https://autohaus-yilmaz.example"
    assert offers[1].occupation.short_name == "Bäcker/in"


def test_reimport_updates_instead_of_duplicating(office, work):
    run(work / "offers.csv", "csv")
    changed = (work / "offers.csv").read_text().replace("2027-08-01,2,", "2027-08-01,3,")
    (work / "offers.csv").write_text(changed)
    output = run(work / "offers.csv", "csv")
    assert "0 created, 3 updated" in output
    assert Offer.objects.count() == 3
    assert Offer.objects.get(external_id="A-1").places == 3


def test_full_feed_withdraws_missing_offers(office, work):
    run(work / "offers.csv", "csv")
    lines = (work / "offers.csv").read_text().splitlines()
    (work / "offers.csv").write_text("\n".join(lines[:3]) + "\n")  # A-3 missing
    output = run(work / "offers.csv", "csv", "--full")
    assert "1 withdrawn" in output
    assert Offer.objects.get(external_id="A-3").status == "withdrawn"


def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_imported(office, work):
    output = run(work / "offers_bad.csv", "csv")
    assert "1 created" in output and "4 bad rows" in output
    raw = (work / "offers_bad.csv.report.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the dialect of every Kausa CSV
    report = raw.decode("utf-8-sig")
    assert "3;B-2;unknown postal code 01234" in report
    assert "4;B-3;unknown occupation 'Raumfahrer/in'" in report
    assert "5;B-4;start date 'bald' is not a date" in report
    assert "6;B-5;places must be between 1 and 500" in report


def test_import_report_never_hands_a_formula_from_the_file_to_a_spreadsheet(office, work):
    import csv

    lines = (work / "offers_bad.csv").read_text().splitlines()
    lines[2] = lines[2].replace("B-2", "=HYPERLINK(1)", 1)
    (work / "offers_bad.csv").write_text("\n".join(lines) + "\n")
    run(work / "offers_bad.csv", "csv")
    text = (work / "offers_bad.csv.report.csv").read_bytes().decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    assert "'=HYPERLINK(1)" in cells and not any(c.startswith("=") for c in cells)


def test_strict_rejects_the_whole_file(office, work):
    with pytest.raises(CommandError, match="4 bad row"):
        run(work / "offers_bad.csv", "csv", "--strict")
    assert not Offer.objects.exists()


def test_ba_jobsuche_import_maps_fields_and_skips_other_offer_kinds(office, work):
    output = run(work / "ba_jobsuche.json", "ba-jobsuche")
    assert "2 created" in output and "1 skipped" in output and "1 bad rows" in output
    elektro = Offer.objects.get(source="ba-jobsuche", external_id="10000-1184867112-S")
    assert elektro.occupation.short_name == "Elektroniker/in"
    assert elektro.company.postal_code_id == "90537"
    assert elektro.company.lat == pytest.approx(49.3757)
    retail = Offer.objects.get(external_id="10001-1002716922-S")
    assert retail.company.postal_code_id == "07743"  # the leading zero restored
    assert retail.occupation.kldb_id == "62102"
    report = (work / "ba_jobsuche.json.report.csv").read_text()
    assert "item 4;10001-1234567890-S;unknown occupation" in report


def test_xlsx_template_import(office, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(list(CSV_COLUMNS))
    sheet.append(["X-1", "Pflegedienst Aydin", "", "07743", "Bäcker/in", "2027-08-01", 1])
    sheet.append([None] * len(CSV_COLUMNS))
    path = tmp_path / "offers.xlsx"
    book.save(path)
    assert "1 created" in run(path, "xlsx")


def test_unreadable_file_and_unknown_organisation_change_nothing(office, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not JSON"):
        run(path, "ba-jobsuche")
    with pytest.raises(CommandError, match="slug"):
        run(FIXTURES / "offers.csv", "csv", organisation="nope")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,plz\nx,10115\n")
    with pytest.raises(CommandError, match="header lacks"):
        run(wrong, "csv")
    assert not Offer.objects.exists()
