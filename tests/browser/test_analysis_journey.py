"""Journey: a service head uploads the sample forms, opens the analysis, picks a worker, reads the
flags and the explanation, downloads the xlsx report and the PDF and finds the same numbers in them;
in English the downloads are in English."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from lib.demo import samples
from tests.browser.harness import choose, wait_idle


def test_upload_analyse_and_download(service_server, page, tmp_path, shots):
    page.goto(f"{service_server.url}/upload")
    wait_idle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [str(p) for p in sorted(samples.SAMPLES_DIR.iterdir()) if p.suffix in {".xlsx", ".ods", ".csv"}])
    page.get_by_role("button", name="Pārbaudīt un importēt").click()
    expect(page.get_by_text("Faili: 4 — importēti: 4")).to_be_visible(timeout=30_000)
    wait_idle(page)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Slodzes analīze").click()
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text("Slodzes analīze")
    choose(page, page.get_by_label("Darbinieks un periods", exact=True), "SD04 · 04.05.2026–15.05.2026")
    expect(page.get_by_text("„Citi pienākumi” 11,7\u00a0% — vairāk par 3\u00a0%.", exact=True)).to_be_visible()
    expect(page.get_by_text("Lielākā novirze: Darbs ar citām personām (3 funkcijas kopā) (10,6 pp).", exact=False)
           ).to_be_visible()
    shots("worker-SD04")

    page.get_by_role("tab", name="Komanda").click()
    wait_idle(page)
    report = _download(page, "Lejupielādēt atskaiti (xlsx)", tmp_path / "report.xlsx")
    shots("team")
    wb = load_workbook(report)
    sheet = next(wb[name] for name in wb.sheetnames if name.startswith("SD04"))
    rows = {r[0]: r[1:4] for r in sheet.iter_rows(min_row=8, values_only=True)}
    assert rows["Citi pienākumi"] == (11.7, 3.0, 8.7)
    team = wb[wb.sheetnames[0]]
    assert team["A2"].value.startswith("Dienests: ")
    assert [team.cell(row=r, column=1).value for r in range(8, 12)] == ["SD01", "SD02", "SD03", "SD04"]

    pdf = _download(page, "Lejupielādēt PDF pārskatu", tmp_path / "report.pdf")
    text = _pdf_text(pdf)
    assert "Slodzes analīze" in text and "Darbs ar klientu" in text and "SD04 · 04.05.2026–15.05.2026" in text
    assert "Virsstundas: 9,7 h mēnesī" in text

    # only the open tab is drawn; back on the worker tab, the worker chosen before is still there
    page.get_by_role("tab", name="Darbinieks", exact=True).click()
    wait_idle(page)
    expect(page.get_by_label("Darbinieks un periods", exact=True)).to_have_value("SD04 · 04.05.2026–15.05.2026")
    expect(page.get_by_text("„Citi pienākumi” 11,7\u00a0% — vairāk par 3\u00a0%.", exact=True)).to_be_visible()

    # the same downloads asked for in English are English through and through
    page.get_by_text("English", exact=True).click()
    wait_idle(page)
    page.get_by_role("tab", name="Team").click()
    wait_idle(page)
    english = _download(page, "Download the report (xlsx)", tmp_path / "report-en.xlsx")
    team = load_workbook(english).worksheets[0]
    header = [c.value for c in team[7]]
    assert team.title == "Team" and header[:3] == ["Worker", "From", "To"] and "Work with the client, %" in header
    english_pdf = _download(page, "Download the PDF report", tmp_path / "report-en.pdf")
    text = _pdf_text(english_pdf)
    assert "Workload analysis" in text and "Overtime: 9.7 h a month" in text and "Darbinieks" not in text
    shots("team-english")


def _download(page, button: str, path):
    """Click a download button and keep the file it serves."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    info.value.save_as(path)
    return path


def _pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils (pdftotext) are missing: `make test` installs them")
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
