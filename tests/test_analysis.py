"""Workload analysis on hand-worked examples, the seed's own among them."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from lib import domain
from lib.demo import dataset as demo
from lib.intake import reading as ingest
from lib.store import db
from lib.workload import analysis, analysis_view, reference, versions
from lib.workload import reference_view as view
from lib.workload import team as team_data
from lib.workload.analysis import PP, RELATIVE, Form
from tests.apptest import open_tab, run_app

D = domain.load()
SLOTS = view.slots(D)
NATIONAL = reference.national(SLOTS)
AUDIT_ALL = {"preparation_and_assessment": 24, "work_with_client": 45, "work_not_client_specific": 15,
             "work_with_other_persons": 8, "other_duties": 8}  # seed 000 table 2, all respondents


def _form(group_pcts: dict[str, float], total: float = 168.0, fte: float = 1.0, share: float = 100.0) -> Form:
    """Hours spread inside each group in proportion to the national reference."""
    hours = {}
    for g in D.reference.groups:
        inside = [s for s in SLOTS if s.group_id == g.id]
        for s in inside:
            hours[s.id] = total * group_pcts[g.id] / 100 * s.national_pct / sum(x.national_pct for x in inside)
    return Form(1, "SD01", date(2026, 5, 4), date(2026, 5, 15), "social_worker", "mixed", "city", fte, share, hours)


def _significant(result) -> set[str]:
    return {dict(f.params)["id"] for f in result.flags if f.key == "significant"}


def test_seed_example_flags_only_client_work_under_the_pp_reading():
    result = analysis.analyse(D, SLOTS, _form(AUDIT_ALL), NATIONAL, PP)
    assert _significant(result) == {"work_with_client"}
    client = next(x for x in result.groups if x.id == "work_with_client")
    assert client.pp == pytest.approx(-15) and client.relative == pytest.approx(-25)
    assert {f.key for f in result.flags} == {"significant", "other_high", "core_low"}


def test_relative_reading_also_flags_preparation():
    result = analysis.analyse(D, SLOTS, _form(AUDIT_ALL), NATIONAL, RELATIVE)
    assert {"work_with_client", "preparation_and_assessment"} <= _significant(result)


def test_a_worker_on_the_reference_has_no_flags_and_overtime_is_shown_in_hours():
    on_reference = {g.id: g.pct for g in D.reference.groups}
    assert analysis.analyse(D, SLOTS, _form(on_reference), NATIONAL).flags == ()
    busy = analysis.analyse(D, SLOTS, _form(on_reference, total=189.0), NATIONAL)
    assert [f.key for f in busy.flags] == ["overtime"]
    assert dict(busy.flags[0].params)["hours"] == pytest.approx(21.0)
    assert dict(busy.flags[0].params)["pct"] == pytest.approx(12.5)


def test_mixed_post_scales_hours_not_the_split():
    on_reference = {g.id: g.pct for g in D.reference.groups}
    result = analysis.analyse(D, SLOTS, _form(on_reference, total=134.4, share=80.0), NATIONAL)
    assert result.flags == () and result.overtime_hours == 0
    consultation = next(x for x in result.slots if x.id == "client_consultation")
    assert consultation.actual_pct == pytest.approx(30) and consultation.reference_hours == pytest.approx(40.32)


def test_paperwork_above_consultation_is_flagged():
    form = _form({g.id: g.pct for g in D.reference.groups})
    form.hours["case_documentation"] += 30
    assert "paperwork" in {f.key for f in analysis.analyse(D, SLOTS, form, NATIONAL).flags}


def test_explanation_reads_the_numbers_and_is_silent_when_thin():
    result = analysis.analyse(D, SLOTS, _form(AUDIT_ALL), NATIONAL)
    parts = analysis.explanation(result)
    key, params = parts[0]
    assert key == "core"
    assert dict(params)["id"] == "work_with_client" and dict(params)["pp"] == pytest.approx(15)
    assert dict(params)["hours"] == pytest.approx(-25.2)
    thin = _form(AUDIT_ALL, total=10.0)
    assert analysis.explanation(analysis.analyse(D, SLOTS, thin, NATIONAL)) == []


def test_team_benchmark_and_reanalysis_date():
    results = [analysis.analyse(D, SLOTS, _form(AUDIT_ALL), NATIONAL) for _ in range(3)]
    team = analysis.team(D, results)
    assert team.benchmark == "city" and team.flag_counts["significant"] == 3
    assert team.mean_groups["work_with_client"] == pytest.approx(45)
    assert analysis.next_analysis(D, date(2026, 5, 15), plan_active=False) == date(2029, 5, 15)
    assert analysis.next_analysis(D, date(2028, 2, 29), plan_active=True) == date(2030, 2, 28)


def test_heatmap_labels_every_function_and_colours_by_meaning():
    """The audit's average worker spends more than the reference on other duties (8 % vs 3 %) and less
    on client work: both are bad news, so both are red (negative tone), whatever the sign in pp."""
    team = analysis.team(D, [analysis.analyse(D, SLOTS, _form(AUDIT_ALL), NATIONAL)])
    rows = {r["item"]: r for r in analysis_view.heatmap_rows(D, team_data.of(team))}
    names = analysis_view.names(D)
    assert len(rows) == len(SLOTS)  # every function (the shared 4 % block as one)
    other = rows[names["other_tasks"]]
    consultation = rows[names["client_consultation"]]
    assert other["pp"] > 0 > other["tone"] and consultation["pp"] < 0 and consultation["tone"] < 0
    assert other["text"] == f"{other['pp']:.1f}".replace(".", ",")


# --- the page and its exports (AppTest on the DEMO data) ---------------------------------------


def _demo(path) -> int:
    con = db.connect(path)
    sid = demo.load_demo(con, ingest.context(D))
    con.close()
    return sid


def _shown_worker(box) -> str:
    """The worker a worker choice shows (its label: code · period)."""
    return box.format_func(box.value).split(" · ")[0]


def _choose_worker(at, code: str) -> None:
    box = at.selectbox(key="an_worker")
    box.set_value(next(o for o in box.options if o.startswith(f"{code} · "))).run()


def test_page_shows_flags_explanation_and_team(isolated_store):
    _demo(isolated_store)
    at = run_app(page="pages/analysis.py")
    assert not at.exception
    _choose_worker(at, "SD04")  # other duties 4 h a week
    warnings = [w.value for w in at.warning if not w.value.startswith("DEMO")]
    assert "„Citi pienākumi” 11,7\u00a0% — vairāk par 3\u00a0%." in warnings
    table = at.table[0].value
    row = table[table["Funkcija / grupa"] == "Citi pienākumi"].iloc[0]
    assert (row["Faktiski,\u00a0%"], row["Etalons,\u00a0%"], row["Novirze, pp"]) == ("11,7", "3,0", "8,7")
    open_tab(at, "Komanda", "analysis_tabs")  # only the open tab is drawn
    assert not at.exception and not [s for s in at.selectbox if s.key == "an_worker"]
    assert any(m.value.startswith("Darbinieki ar pazīmēm") and "(no 4)" in m.value for m in at.markdown)
    assert at.table[0].value["Darbinieks"].tolist() == ["SD01", "SD02", "SD03", "SD04"]
    open_tab(at, "Pasākumi", "analysis_tabs")
    at.toggle(key="an_plan").set_value(True).run()
    open_tab(at, "Darbinieks", "analysis_tabs")  # the choices made in other tabs are still there
    assert _shown_worker(at.selectbox(key="an_worker")) == "SD04"
    open_tab(at, "Pasākumi", "analysis_tabs")
    assert at.toggle(key="an_plan").value is True


def test_a_trend_worker_whose_forms_are_gone_falls_back_to_the_team(isolated_store):
    sid = _demo(isolated_store)
    at = run_app(page="pages/analysis.py")
    open_tab(at, "Laika gaitā", "analysis_tabs")
    at.selectbox(key="an_trend_worker").set_value("SD04").run()
    open_tab(at, "Komanda", "analysis_tabs")  # meanwhile another user deletes SD04's forms
    con = db.connect(isolated_store)
    con.execute("DELETE FROM workload_entries WHERE form_id IN (SELECT id FROM workload_forms"
                " WHERE service_id = ? AND worker_code = 'SD04')", [sid])
    con.execute("DELETE FROM workload_forms WHERE service_id = ? AND worker_code = 'SD04'", [sid])
    con.close()
    open_tab(at, "Laika gaitā", "analysis_tabs")
    assert not at.exception and at.selectbox(key="an_trend_worker").value is None  # the team's trend


def test_service_reference_and_filters(isolated_store):
    sid = _demo(isolated_store)
    con = db.connect(isolated_store)
    values = reference.move(reference.move(NATIONAL, "home_visits", 0, reference.BLOCK).values, "other_tasks", 6,
                            reference.BLOCK).values
    versions.save(con, sid, SLOTS, "Mūsu etalons", "", values, {}, activate=True)
    con.close()
    at = run_app("en", "pages/analysis.py")
    at.radio(key="an_ref").set_value("service").run()
    _choose_worker(at, "SD04")
    assert "“Other duties” 11.7\u00a0% — above 3\u00a0%." in [w.value for w in at.warning]
    row = at.table[0].value.iloc[-1]
    assert row["Function / group"] == "Other duties (tasks assigned by the direct manager)"
    assert row["Reference,\u00a0%"] == "6.0"
    at.selectbox(key="an_territory").set_value("rural").run()
    open_tab(at, "Team", "analysis_tabs")
    assert at.table[0].value["Worker"].tolist() == ["SD02", "SD04"]
    at.selectbox(key="an_territory").set_value("city").run()  # SD04 is filtered out: the first one is shown
    open_tab(at, "Worker", "analysis_tabs")
    assert not at.exception and _shown_worker(at.selectbox(key="an_worker")) == "SD01"


def test_xlsx_report_numbers_equal_the_page_and_are_injection_safe(isolated_store):
    sid = _demo(isolated_store)
    con = db.connect(isolated_store)
    forms = analysis.load_forms(con, sid, SLOTS)
    con.close()
    team = analysis.team(D, [analysis.analyse(D, SLOTS, f, NATIONAL) for f in analysis.latest_per_worker(forms)])
    wb = load_workbook(io.BytesIO(analysis_view.export_xlsx(D, team, PP, "=evil()", "nacionālais etalons",
                                                            date(2026, 12, 1))))
    ws = wb["Komanda"]
    assert wb.sheetnames[0] == "Komanda" and ws["A2"].value == "Dienests: =evil()"  # not a formula
    assert [ws["A1"].value, ws["A3"].value, ws["A4"].value] == [
        "Slodzes analīze — Komanda", "Sagatavots: 01.12.2026", "Salīdzināts ar: nacionālais etalons"]
    # the header row styled, frozen and printed on every page; dates as dates shown dd.mm.yyyy
    assert [c.value for c in ws[7]][:3] == ["Darbinieks", "No", "Līdz"] and ws["A7"].font.bold
    assert ws.freeze_panes == "A8" and ws.print_title_rows == "$7:$7" and ws.page_setup.orientation == "landscape"
    assert ws["B8"].value == datetime(2026, 5, 4) and ws["B8"].number_format == "DD.MM.YYYY"
    assert ws["D8"].number_format == "0.0" and ws.column_dimensions["I"].width == 70
    sd04 = wb[wb.sheetnames[4]]
    values = {r[0]: r[1:4] for r in sd04.iter_rows(min_row=8, values_only=True)}
    assert values["Citi pienākumi"] == (11.7, 3.0, 8.7)  # the page shows 11,7 / 3,0 / 8,7 (test above)
    csv = analysis_view.export_csv(D, team_data.of(team)).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Darbinieks;Periods;") and "SD04" in csv


def test_trend_averages_workers_of_the_same_period():
    a = analysis.analyse(D, SLOTS, _form(AUDIT_ALL), NATIONAL)
    b = analysis.analyse(D, SLOTS, _form({g.id: g.pct for g in D.reference.groups}), NATIONAL)
    rows = {r["series"]: r["pct"] for r in analysis_view.trend_rows(D, [a, b])}
    assert rows["Darbs ar klientu"] == pytest.approx((45 + 60) / 2)
