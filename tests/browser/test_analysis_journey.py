"""Journey: a service head uploads the sample forms, opens the analysis, picks a worker, reads the
flags and the explanation, downloads the xlsx report and finds the same numbers in it."""

from __future__ import annotations

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
    with page.expect_download() as info:
        page.get_by_role("button", name="Lejupielādēt atskaiti (xlsx)").click()
    report = tmp_path / "report.xlsx"
    info.value.save_as(report)
    shots("team")
    wb = load_workbook(report)
    sheet = next(wb[name] for name in wb.sheetnames if name.startswith("SD04"))
    rows = {r[0]: r[1:4] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Citi pienākumi"] == (11.7, 3.0, 8.7)
    team = wb[wb.sheetnames[0]]
    assert [team.cell(row=r, column=1).value for r in range(3, 7)] == ["SD01", "SD02", "SD03", "SD04"]
