"""A coordinator opens the year's figures, sets a target, compares, and downloads the
report as XLSX and PDF, then opens both (issue 13, done means)."""

from __future__ import annotations

import io

import openpyxl
import pypdf
import pytest

from kausa.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_coordinator_compares_the_year_with_targets_and_downloads_xlsx_and_pdf(page, demo_site):
    page.goto(f"{demo_site.url}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("coordinator@kausa.example")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/de/staff/")
    page.locator("nav a[href='/de/staff/figures/']").first.click()
    page.wait_for_url("**/de/staff/figures/")
    assert page.locator("h1").inner_text().startswith("Kennzahlen")

    # a target for consultations, set with the keyboard
    page.locator("a[href*='/staff/figures/targets/']").click()
    page.wait_for_url("**/staff/figures/targets/**")
    field = page.locator("#id_consultations")
    field.fill("")
    field.type("999")
    field.press("Enter")
    page.wait_for_url("**/staff/figures/targets/?office=*")
    assert page.locator("[role=status], .messages").first.is_visible()
    page.locator(".breadcrumb a").click()  # the figures of the office just given a target
    page.wait_for_url("**/de/staff/figures/?level=office:*")
    targets = page.locator("#targets-title").locator("xpath=..")
    assert "999" in targets.locator("table").inner_text()
    assert targets.locator("svg[role=img]").count() == 1
    assert page.locator("#charts-title").is_visible()

    with page.expect_download() as xlsx_download:
        page.locator("a[href^='export.xlsx']").click()
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    assert len(workbook.sheetnames) >= 2
    cells = [v for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    assert "Beratungen" in cells and any(isinstance(v, int) and v > 0 for v in cells)

    with page.expect_download() as pdf_download:
        page.locator("a[href^='export.pdf']").click()
    reader = pypdf.PdfReader(pdf_download.value.path())
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Beratungen" in text and "999" in text
    assert round(float(reader.pages[0].mediabox.width)) == 595
