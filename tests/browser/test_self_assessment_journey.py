"""Journey: a working group creates its 2025 self-assessment, two members score two practices, the
group agrees a practice score and a criterion score (→ level), puts the suggested priority in the
plan, ticks a self-check; after a reload everything is still there and the xlsx report holds it."""

from __future__ import annotations

import re
import subprocess

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser import scoring
from tests.browser.harness import choose, grid_text, wait_idle

TAB_INDIVIDUAL = "Individuālā vērtēšana"
TAB_CONSENSUS = "Vienošanās"
TAB_CRITERIA = "Kritēriji un līmeņi"
TAB_PLAN = "Pilnveides plāns"
TAB_OVERVIEW = "Pārskats un eksports"
ASSESSMENT = "2025 · bāzes standarts · Individuālā vērtēšana"
CRITERION = "1. Līderība"
SEED = "1. Līderība: 2. līmenis (45 punkti)"
AGREED_SCORE = "Saskaņotais vērtējums (0–100)"
SAVE_AGREED = "Saglabāt saskaņoto vērtējumu"
QUALITY_CHECKS = "Pašpārbaude: plāna kvalitāte"
LEVEL_2 = "Nepieciešami uzlabojumi šajā kritērijā"


def _panel(page):
    """The shown tab's panel (Streamlit gives role=tabpanel to the selected one only)."""
    return page.get_by_role("tabpanel")


def _open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    wait_idle(page)
    _still_on(page, name)


def _still_on(page, name: str) -> None:
    """After an action's run has finished (check its effect first) the user is still on the tab
    they worked in."""
    wait_idle(page)
    expect(page.get_by_role("tab", selected=True)).to_have_text(name)


def _pick(page, tab: str, label: str, option: str) -> None:
    choose(page, _panel(page).get_by_role("combobox", name=label, exact=True), option, exact=True)
    expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(option)
    _still_on(page, tab)


def _score(page, values: list[int | str], stored: int) -> None:
    """Type a member's scores down the grid from its first row and save; `stored` = the individual
    scores the status line counts afterwards."""
    scoring.type_scores(page, values)
    scoring.save(page)
    expect(page.get_by_text(f"Dalībnieki: 2 · individuālie vērtējumi: {stored} · saskaņotie: 0")).to_be_visible()
    _still_on(page, TAB_INDIVIDUAL)


def _spread(rows: list[list[str]]) -> list[tuple[str, ...]]:
    """Item, Anna's and Jānis's scores and their difference, per row of the consensus table."""
    header = rows[0]
    return [(r[0], r[header.index("Anna")], r[header.index("Jānis")], r[header.index("Atšķirība")]) for r in rows[1:]]


def _check_box(page):
    """The plan-quality self-check expander, opened (and done animating)."""
    expander = _panel(page).get_by_test_id("stExpander").filter(has_text=QUALITY_CHECKS)
    if not expander.get_by_role("checkbox").first.is_visible():
        expander.locator("summary").click()
    expect(expander.get_by_role("checkbox").first).to_be_visible()
    # an animation cancelled by a redraw rejects its promise: it is over all the same
    expander.evaluate("e => Promise.all(e.getAnimations({subtree: true}).map(a => a.finished.catch(() => null)))")
    return expander


def test_self_assessment_from_scores_to_plan_and_report(service_server, page, shots, tmp_path):
    page.goto(f"{service_server.url}/self_assessment")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text("Pašnovērtējums")

    # 1. create the 2025 assessment (the form is open while there is none)
    year = page.get_by_label("Gads", exact=True)
    expect(year).to_be_visible()
    year.fill("2025")
    expect(page.get_by_role("radio", name="bāzes standarts", exact=True)).to_be_checked()
    page.get_by_label("Darba grupas dalībnieki (katrs savā rindā)", exact=True).fill("Anna\nJānis")
    page.get_by_role("button", name="Izveidot", exact=True).click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Pašnovērtējums 2025. gadam izveidots.")).to_be_visible()
    expect(page.get_by_role("combobox", name="Pašnovērtējums", exact=True)).to_have_value(ASSESSMENT)

    # 2. individual scores: Anna, then Jānis
    _open_tab(page, TAB_INDIVIDUAL)
    expect(_panel(page).get_by_role("combobox", name="Dalībnieks", exact=True)).to_have_value("Anna")
    expect(_panel(page).get_by_role("combobox", name="Kritērijs", exact=True)).to_have_value(CRITERION)
    _score(page, [40, 70], 2)
    typed = [["31 – 50 punktu", "40"], ["51 – 80 punktu", "70"]]
    assert [r[2:4] for r in scoring.grid_cells(page, lambda c: [r[2:4] for r in c[1:3]] == typed)[1:3]] == typed
    _pick(page, TAB_INDIVIDUAL, "Dalībnieks", "Jānis")
    expect(_panel(page).get_by_text("Novērtēti 0 no", exact=False)).to_be_visible()
    _score(page, ["85", "50,5"], 2)  # a fraction, with the real keyboard: refused, nothing stored
    expect(_panel(page).get_by_text("1.1.4: Ierakstiet veselu skaitli no 0 līdz 100.", exact=False)).to_be_visible()
    scoring.type_scores(page, [85, 65])
    scoring.save(page)
    expect(page.get_by_text("Dalībnieki: 2 · individuālie vērtējumi: 4 · saskaņotie: 0")).to_be_visible()
    expect(_panel(page).get_by_text("Ierakstiet veselu skaitli", exact=False)).to_have_count(0)
    shots("after-scoring")

    # 3. consensus: the largest disagreement first, agree 1.1.1 at 60
    _open_tab(page, TAB_CONSENSUS)
    disagreements = [("1.1.1", "40", "85", "45"), ("1.1.4", "70", "65", "5")]
    rows = grid_text(_panel(page).get_by_test_id("stDataFrame"), lambda rows: _spread(rows) == disagreements)
    header, body = rows[0], rows[1:]
    assert _spread(rows) == disagreements
    assert body[0][header.index("Vidējais (tikai diskusijai)")] == "62,5"
    expect(_panel(page).get_by_role("combobox", name="Apspriežamais vienums", exact=True)).to_have_value(
        "1.1.1 · Prakse")
    expect(_panel(page).get_by_text("Anna: 40 · Jānis: 85", exact=True)).to_be_visible()
    expect(_panel(page).get_by_test_id("stCaptionContainer").filter(has_text="vidēji 62,5")).to_contain_text(
        "no 40 līdz 85, vidēji 62,5")
    _panel(page).get_by_label(AGREED_SCORE, exact=True).fill("60")
    _panel(page).get_by_label("Pamatojums / komentārs", exact=True).fill("Jaunumus seko, kurss vēl nav aktualizēts.")
    _panel(page).get_by_role("button", name=SAVE_AGREED).click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Saskaņotais vērtējums (1.1.1) saglabāts.")).to_be_visible()
    _still_on(page, TAB_CONSENSUS)
    expect(_panel(page).get_by_text(re.compile(r"^Saglabāts: 60 — 51 – 80 punktu: "))).to_be_visible()
    shots("consensus")

    # 4. the criterion's agreed score → its level
    _open_tab(page, TAB_CRITERIA)
    expect(_panel(page).get_by_role("combobox", name="Kritērijs", exact=True)).to_have_value(CRITERION)
    criterion_form = _panel(page).get_by_test_id("stForm").filter(
        has_text=f"Kritērija „{CRITERION}” saskaņotais vērtējums")
    criterion_form.get_by_label(AGREED_SCORE, exact=True).fill("45")
    criterion_form.get_by_label("Stiprās puses", exact=True).fill("Vadītājs seko nozares aktualitātēm.")
    criterion_form.get_by_label("Uzlabojumu jomas", exact=True).fill("Komunikācija ar darbiniekiem.")
    criterion_form.get_by_role("button", name=SAVE_AGREED).click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Saskaņotais vērtējums (1) saglabāts.")).to_be_visible()
    _still_on(page, TAB_CRITERIA)
    level = _panel(page).get_by_test_id("stAlert").filter(has_text=LEVEL_2)
    expect(level).to_contain_text(f"2. līmenis: {LEVEL_2}")
    level.scroll_into_view_if_needed()
    shots("level-shown")

    # 5. the suggested priority into the plan, one self-check ticked
    _open_tab(page, TAB_PLAN)
    expect(_panel(page).get_by_text(SEED, exact=True)).to_be_visible()
    seed_row = _panel(page).get_by_test_id("stHorizontalBlock").filter(has_text=SEED).last
    seed_row.get_by_role("button", name="Plānā").click()
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Plāna rinda pievienota.")).to_be_visible()
    _still_on(page, TAB_PLAN)
    expect(seed_row.get_by_role("button", name="Plānā")).to_be_disabled()
    plan = grid_text(_panel(page).get_by_test_id("stDataFrame"), lambda rows: [r[0] for r in rows[1:]] == [SEED])
    assert plan[0][0] == "Pilnveides prioritāte" and [r[0] for r in plan[1:]] == [SEED]
    checks = _check_box(page)
    checks.get_by_test_id("stCheckbox").first.click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Atzīmēti 1 no \d+\.$"))).to_be_attached()
    _still_on(page, TAB_PLAN)
    checks = _check_box(page)
    expect(checks.get_by_role("checkbox").first).to_be_checked()
    checks.get_by_test_id("stCheckbox").first.scroll_into_view_if_needed()
    shots("plan")

    # 6. reload: everything comes back from the store
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Pašnovērtējums", exact=True)).to_have_value(ASSESSMENT)
    _open_tab(page, TAB_CONSENSUS)
    expect(_panel(page).get_by_role("combobox", name="Apspriežamais vienums", exact=True)).to_have_value(
        "1.1.1 · Prakse")
    expect(_panel(page).get_by_label(AGREED_SCORE, exact=True)).to_have_value("60")
    expect(_panel(page).get_by_text(re.compile(r"^Saglabāts: 60 — 51 – 80 punktu: "))).to_be_visible()
    _open_tab(page, TAB_CRITERIA)
    expect(_panel(page).get_by_test_id("stAlert").filter(has_text=LEVEL_2)).to_contain_text(f"2. līmenis: {LEVEL_2}")
    _open_tab(page, TAB_PLAN)
    plan = grid_text(_panel(page).get_by_test_id("stDataFrame"), lambda rows: [r[0] for r in rows[1:]] == [SEED])
    assert [r[0] for r in plan[1:]] == [SEED]
    checks = _check_box(page)
    expect(checks.get_by_role("checkbox").first).to_be_checked()
    expect(checks.get_by_test_id("stCaptionContainer")).to_have_text(re.compile(r"^Atzīmēti 1 no \d+\.$"))
    checks.get_by_test_id("stCheckbox").first.scroll_into_view_if_needed()
    shots("after-reload")
    _open_tab(page, TAB_INDIVIDUAL)
    expect(_panel(page).get_by_role("combobox", name="Dalībnieks", exact=True)).to_have_value("Anna")
    expect(_panel(page).get_by_text("Novērtēti 2 no", exact=False)).to_be_visible()
    assert scoring.grid_cells(page, lambda c: c[1][3] == "40")[1][3] == "40"

    # 7. overview: the level chart and the xlsx report
    _open_tab(page, TAB_OVERVIEW)
    chart = _panel(page).get_by_test_id("stVegaLiteChart").first
    expect(chart.locator("canvas, svg").first).to_be_visible()
    chart.scroll_into_view_if_needed()
    shots("overview")
    with page.expect_download() as download:
        _panel(page).get_by_role("button", name="Lejupielādēt pārskatu (xlsx)").click()
    report = tmp_path / download.value.suggested_filename
    download.value.save_as(report)
    assert report.name == "pasnovertejuma_parskats_2025.xlsx"
    sheet = load_workbook(report, read_only=True)["Kritēriji"]
    table = [list(r) for r in sheet.iter_rows(min_row=1, values_only=True)]
    assert table[1][0].startswith("Dienests: ")  # the title block names the service
    columns = next(r for r in table if r[0] == "Kritērijs")
    leadership = next(r for r in table[1:] if r[columns.index("Kritērijs")] == CRITERION)
    assert leadership[columns.index("Saskaņotais vērtējums")] == 45
    assert leadership[columns.index("Līmenis")] == 2
    assert leadership[columns.index("Stiprās puses")] == "Vadītājs seko nozares aktualitātēm."
    with page.expect_download() as download:
        _panel(page).get_by_role("button", name="Lejupielādēt kopsavilkumu (PDF, 1 lpp.)").click()
    summary = tmp_path / download.value.suggested_filename
    download.value.save_as(summary)
    text = subprocess.run(["pdftotext", str(summary), "-"], check=True, capture_output=True, text=True).stdout
    assert "Pašnovērtējuma kopsavilkums" in text and "1. Līderība" in text and text.count("\f") == 1
