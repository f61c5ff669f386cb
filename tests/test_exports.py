"""Every export keeps user text as text: no cell becomes a formula, control characters do not break
the file, codes like SD/01 give valid sheet names (tests/hostile_text.py seeds the store)."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from lib import domain
from lib.exports import FORMULA_STARTS, safe_cell, sheet_title
from lib.quality import assessments, member_form, rules, view
from lib.workload import analysis, analysis_view, versions
from lib.workload import reference_view as rview
from lib.workload import team as team_data
from tests.hostile_text import seed

D = domain.load()
SLOTS = rview.slots(D)


def _cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_safe(data: bytes) -> list[str]:
    cells = _cells(data)
    assert cells
    for c in cells:
        assert c.data_type != "f", (c.coordinate, c.value)
        if isinstance(c.value, str):
            assert not c.value.startswith(FORMULA_STARTS), (c.coordinate, c.value)
            assert "\x0b" not in c.value
    return [str(c.value) for c in cells]


def test_safe_cell_and_sheet_titles():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("-3") == "'-3" and safe_cell(-3) == -3
    assert safe_cell("a\x0bb\x00") == "ab"
    taken: set[str] = set()
    assert sheet_title("SD/01_20260515", taken) == "SD-01_20260515"
    assert sheet_title("SD/01_20260515", taken) == "SD-01_20260515 (2)"
    assert len(sheet_title("x" * 80, taken)) == 31
    assert sheet_title("[]:*?/\\", None) == "-------"


def test_every_export_of_a_hostile_store_opens_and_holds_no_formula(con):
    s = seed(con, 9)
    forms = analysis.load_forms(con, s.service_id, SLOTS)
    assert {f.code for f in forms} == {"SD/01", "=1+1"}
    ref = versions.active(con, s.service_id)[1].values
    team = analysis.team(D, [analysis.analyse(D, SLOTS, f, ref, analysis.PP) for f in forms])
    texts = _assert_safe(analysis_view.export_xlsx(D, team, analysis.PP, s.service_name, s.version,
                                                           date(2026, 12, 1)))
    assert f"'{'=1+1'}" in texts and any(t.startswith("'=1+1 ![version]") or "![version]" in t for t in texts)
    data = analysis_view.export_xlsx(D, team, analysis.PP, "x", "y", date(2026, 12, 1))
    sheets = load_workbook(io.BytesIO(data)).sheetnames
    assert any(name.startswith("SD-01_") for name in sheets)

    shown = team_data.of(team)
    rows = list(csv.reader(io.StringIO(analysis_view.export_csv(D, shown).decode("utf-8-sig")), delimiter=";"))
    assert not [c for row in rows[1:] for c in row if c.startswith(FORMULA_STARTS)]

    version = next(v for v in versions.listing(con, s.service_id) if v.is_active)
    saved = versions.load(con, s.service_id, version.id)
    texts = _assert_safe(versions.export_xlsx(SLOTS, rview.group_names(D), saved, version.name, "lv"))
    assert texts[0] == "'" + s.version  # the version name in A1, as text

    snap = assessments.load(con, s.service_id, s.assessment_id)
    items = rules.practices(D.catalogue, "base", snap.decisions, snap.custom)
    texts = _assert_safe(view.report_xlsx(D.catalogue, snap, items, ["Pašnovērtējums", f"Dienests: {s.service_name}"]))
    assert any(s.member in t for t in texts)  # member names as column headers, as text
    member = next(m for m in snap.members if m.name.startswith("!"))
    data = member_form.export_form(D.catalogue, snap, member.id, "lv")
    _assert_safe(data)
    back = member_form.parse_form("forma.xlsx", data, D.catalogue, snap)
    assert back.member_id == member.id and not back.problems
