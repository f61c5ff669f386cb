"""Journey: a service head downloads the template, a worker fills it, the head uploads it together
with a broken file, reads the per-cell report and sees the imported worker."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.harness import wait_idle

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_download_fill_upload_with_a_broken_file(service_server, page, tmp_path, shots):
    page.goto(f"{service_server.url}/upload")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text("Datu augšupielāde")
    assert page.get_by_text("Page not found").count() == 0  # the deep link works on a fresh server ...
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Valoda · Language")  # ... through the router
    shots("upload-page")

    with page.expect_download() as info:
        page.get_by_role("button", name="Slodzes analīzes veidlapa").click()
    download = info.value
    assert download.suggested_filename == "slodzes_analizes_veidlapa.xlsx"
    template = tmp_path / download.suggested_filename
    download.save_as(template)

    wb = load_workbook(template)
    worker, functions = wb["Darbinieks"], wb["Funkcijas"]
    worker["B2"], worker["B4"], worker["B5"], worker["B6"] = "SD21", "sociālais darbinieks", "pieaugušie", "pilsēta"
    worker["B7"], worker["B9"], worker["B10"] = 1, date(2026, 9, 7), date(2026, 9, 18)
    for row in range(2, 19):
        functions.cell(row=row, column=4).value = 2 if row != 5 else 14
        functions.cell(row=row, column=5).value = "nedēļā"
    filled = tmp_path / "SD21_slodze.xlsx"
    buffer = io.BytesIO()
    wb.save(buffer)
    filled.write_bytes(buffer.getvalue())

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [str(filled), str(CORPUS / "date_in_hours.xlsx")])
    expect(page.get_by_text("SD21_slodze.xlsx", exact=True)).to_be_visible()
    page.get_by_role("button", name="Pārbaudīt un importēt").click()
    expect(page.get_by_text("Faili: 2 — importēti: 1, ar kļūdām: 1")).to_be_visible(timeout=30_000)
    wait_idle(page)
    expect(page.get_by_text("SD21_slodze.xlsx importēts (slodzes analīze) — rindas: 17, darbinieki: 1.")
           ).to_be_visible()
    expect(page.get_by_text("date_in_hours.xlsx netika importēts — kļūdas: 1.", exact=False)).to_be_visible()
    overtime = page.get_by_test_id("stTable").filter(has_text="virsstundas")
    expect(overtime).to_contain_text("brīdinājums")  # imported, with the overtime shown as a warning
    report = page.get_by_test_id("stTable").filter(has_text="Šūnā ir datums")
    expect(report).to_contain_text("Funkcijas")
    expect(report).to_contain_text("D (Laiks, h)")
    expect(report).to_contain_text("Šūnā ir datums, bet gaidīts skaitlis")
    row = report.locator("tr", has_text="Šūnā ir datums")
    expect(row.locator("td").nth(2)).to_have_text("9")
    expect(row.locator("td").nth(4)).to_have_text("01.05.2026")  # the date Excel made, shown the Latvian way
    shots("upload-report")
    report.screenshot(path=str(shots.directory / "report-table.png"))

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Sākums").click()
    wait_idle(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Sociālie darbinieki")).to_contain_text("1")
    expect(page.get_by_test_id("stMetric").filter(has_text="Importētie faili")).to_contain_text("1")
    shots("home-after-import")
