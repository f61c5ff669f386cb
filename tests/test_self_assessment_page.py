"""The self-assessment page through the real router: create, score as two members, see the spread,
agree by hand (never computed), levels, results indicators, plan, checklists, form round trip and the
report — every step read back from DuckDB and from what the page shows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from lib import domain
from lib.quality import assessments
from lib.quality import member_form as form
from lib.store import db
from lib.store.services import Profile, create_service
from tests.apptest import run_app, visible_texts

PAGE = "pages/self_assessment.py"


@pytest.fixture
def service(isolated_store) -> int:
    con = db.connect(isolated_store)
    sid = create_service(con, Profile("Valmieras sociālais dienests"))
    con.close()
    return sid


def _store(isolated_store, fn, *args, **kwargs):
    con = db.connect(isolated_store)
    try:
        return fn(con, *args, **kwargs)
    finally:
        con.close()


def _seeded(isolated_store, service: int, standard: str = "base") -> tuple[int, int, int]:
    """An assessment with Anna and Jānis; returns (assessment, anna, janis)."""
    aid = _store(isolated_store, assessments.create, service, 2025, standard, "", ["Anna", "Jānis"])
    snap = _store(isolated_store, assessments.load, service, aid)
    return aid, snap.members[0].id, snap.members[1].id


def _click(at, label: str, index: int = 0):
    [b for b in at.button if b.label == label][index].click().run()
    assert not at.exception
    return at


def _snap(isolated_store, service, aid):
    return _store(isolated_store, assessments.load, service, aid)


def test_create_an_assessment_with_its_group(isolated_store, service):
    at = run_app(page=PAGE)
    assert not at.exception
    at.text_input(key="sa_new_year").input("2025")
    at.radio(key="sa_new_standard").set_value("optimal")
    at.text_area(key="sa_new_members").input("Anna\nJānis\n\nAnna")
    _click(at, "Izveidot")
    assert at.success[0].value == "Pašnovērtējums 2025. gadam izveidots."
    assert at.selectbox(key="sa_pick").format_func(at.selectbox(key="sa_pick").value).startswith(
        "2025 · optimālais standarts · Individuālā vērtēšana")
    listed = _store(isolated_store, assessments.list_assessments, service)
    snap = _snap(isolated_store, service, listed[0].id)
    assert [m.name for m in snap.members] == ["Anna", "Jānis"]
    at.selectbox(key=f"sa_status_{listed[0].id}").set_value("consensus").run()
    assert _store(isolated_store, assessments.list_assessments, service)[0].status == "consensus"


def _save_grid(at, aid: int, member: int, criterion: str, edits: dict, button: str = "Saglabāt"):
    """What a member typed into the criterion's grid (the grid reports changed cells by row), saved."""
    at.session_state[f"sa_grid_{aid}_{member}_{criterion}"] = {"edited_rows": edits, "added_rows": [],
                                                               "deleted_rows": []}
    return _click(at, button)


def _grid_rows(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def _frame(at, column: str):
    """The first table on the page that has `column` (the tabs all render: the grids come first)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_a_criterion_is_scored_in_one_grid_and_saved_once(isolated_store, service):
    aid, anna, janis = _seeded(isolated_store, service)
    at = run_app(page=PAGE)
    rows = _grid_rows(at)
    assert [r["item"] for r in rows[:4]] == ["1.1.1", "1.1.4", "1.2.1", "1.2.2"] and rows[0]["score"] == ""
    _save_grid(at, aid, anna, "1", {0: {"score": "45", "note": "Notiek *reizi* gadā"}, 1: {"score": "70"}})
    assert at.success[0].value == "Saglabāts; mainīto rindu skaits: 2."
    assert _snap(isolated_store, service, aid).individual == {(anna, "practice", "1.1.1"): 45,
                                                              (anna, "practice", "1.1.4"): 70}
    assert _snap(isolated_store, service, aid).notes == {(anna, "practice", "1.1.1"): "Notiek *reizi* gadā"}
    rows = _grid_rows(at)  # the grid shows what is stored, with its band
    assert (rows[0]["score"], rows[0]["band"], rows[0]["note"]) == ("45", "31 – 50 punktu", "Notiek *reizi* gadā")
    # a fraction, an out-of-range score and a note without a score: named by item, nothing stored
    _save_grid(at, aid, anna, "1", {1: {"score": "50,5"}, 2: {"score": "101"}, 4: {"note": "tikai piezīme"},
                                    0: {"score": "46"}})
    assert [e.value for e in at.error] == [
        "1.1.4: Ierakstiet veselu skaitli no 0 līdz 100. Nekas netika saglabāts; izlabojiet un saglabājiet vēlreiz.",
        "1.2.1: Skaitlim jābūt no 0 līdz 100. Nekas netika saglabāts; izlabojiet un saglabājiet vēlreiz.",
        "1.2.3: Piezīmi saglabā tikai kopā ar vērtējumu. Nekas netika saglabāts; izlabojiet un saglabājiet vēlreiz."]
    assert _snap(isolated_store, service, aid).individual[(anna, "practice", "1.1.1")] == 45
    # Jānis's grid is his own; "save and next" moves to criterion 2
    at.selectbox(key="sa_member").set_value(janis).run()
    assert _grid_rows(at)[0]["score"] == ""
    _save_grid(at, aid, janis, "1", {0: {"score": "80"}}, button="Saglabāt un uz 2. kritēriju")
    assert at.selectbox(key="sa_ind_criterion").value == "2"
    assert _grid_rows(at)[0]["item"].startswith("2.")
    assert _snap(isolated_store, service, aid).individual[(janis, "practice", "1.1.1")] == 80


def test_results_groups_are_scored_on_both_dimensions(isolated_store, service):
    aid, anna, _ = _seeded(isolated_store, service)
    at = run_app(page=PAGE)
    at.selectbox(key="sa_ind_criterion").set_value("6").run()
    rows = _grid_rows(at)
    assert rows[0]["item"] == rows[1]["item"] == "6.1.1"
    assert rows[0]["text"].endswith("— Tendences") and rows[1]["text"].endswith("— Mērķi")
    _save_grid(at, aid, anna, "6", {0: {"score": "20"}, 1: {"score": "60"}})
    assert not at.exception
    assert _grid_rows(at)[0]["band"] == "11 – 30 punkti"
    assert _snap(isolated_store, service, aid).individual == {(anna, "trends", "6.1.1"): 20,
                                                              (anna, "goals", "6.1.1"): 60}


def test_spread_largest_first_and_the_agreed_score_is_what_the_group_typed(isolated_store, service):
    aid, anna, janis = _seeded(isolated_store, service)
    for member, scores in ((anna, {"1.1.1": 40, "1.1.4": 70}), (janis, {"1.1.1": 85, "1.1.4": 65})):
        _store(isolated_store, assessments.set_individual_many, service, aid, member,
               {("practice", k): v for k, v in scores.items()}, replace=True)
    at = run_app(page=PAGE)
    table = _frame(at, "Atšķirība")  # the consensus agenda
    assert list(table["ID"]) == ["1.1.1", "1.1.4"]
    assert list(table["Atšķirība"]) == [45, 5]
    assert list(table["Anna"]) == ["40", "70"] and list(table["Jānis"]) == ["85", "65"]
    assert any("Anna: **40** · Jānis: **85**" in m.value for m in at.markdown)
    assert any("vidēji 62,5" in c.value for c in at.caption)
    # nothing is agreed until the group enters it
    assert _snap(isolated_store, service, aid).agreed == {}
    at.text_input(key=f"sa_agr_{aid}_practice_1_1_1").input("60")
    at.text_area(key=f"sa_agr_{aid}_practice_1_1_1_why").input("Stratēģija ir, bet netiek pārskatīta.")
    _click(at, "Saglabāt saskaņoto vērtējumu")
    agreed = _snap(isolated_store, service, aid).agreed
    assert {k: (a.score, a.rationale) for k, a in agreed.items()} == {
        ("practice", "1.1.1"): (60, "Stratēģija ir, bet netiek pārskatīta.")}
    assert any(c.value.startswith("Saglabāts: 60 — 51 – 80 punktu") for c in at.caption)


@pytest.mark.parametrize(("score", "level"), [(30, 1), (31, 2), (50, 2), (51, 3), (80, 3), (81, 4)])
def test_criterion_level_follows_the_table_at_its_edges(isolated_store, service, score, level):
    aid, anna, _ = _seeded(isolated_store, service)
    _store(isolated_store, assessments.set_individual, service, aid, anna, "practice", "1.1.1", 100)
    at = run_app(page=PAGE)
    at.text_input(key=f"sa_agr_{aid}_criterion_1").input(str(score))
    at.text_area(key=f"sa_agr_{aid}_criterion_1_strengths").input("Vadītājs seko izmaiņām")
    _click(at, "Saglabāt saskaņoto vērtējumu", -1)
    assert at.success[-1].value.startswith(f"{level}\\. līmenis: ")  # escaped: not a Markdown list
    stored = _snap(isolated_store, service, aid).agreed
    assert {k: a.score for k, a in stored.items()} == {("criterion", "1"): score}  # no subcriterion filled in
    assert stored[("criterion", "1")].strengths == "Vadītājs seko izmaiņām"


def test_evidence_decisions_and_own_practice(isolated_store, service):
    aid, _, _ = _seeded(isolated_store, service)
    at = run_app(page=PAGE)
    at.text_input(key="sa_ev_1_1_1").input("Attīstības stratēģija 2024–2027")
    at.text_input(key="sa_ev_1_1_1_link").input("=HYPERLINK(\"x\")")
    _click(at, "Pievienot pierādījumu")
    assert [(e.practice_id, e.text) for e in _snap(isolated_store, service, aid).evidence] == [
        ("1.1.1", "Attīstības stratēģija 2024–2027")]
    at.radio(key="sa_decide_2_3_4").set_value("excluded").run()
    at.selectbox(key="sa_custom_sub").set_value("1.2")
    at.text_area(key="sa_custom_text").input("Vadītājs reizi ceturksnī tiekas ar katru darbinieku.")
    _click(at, "Pievienot praksi")
    snap = _snap(isolated_store, service, aid)
    assert snap.decisions == {"2.3.4": "excluded"}
    assert [c.code for c in snap.custom] == ["1.2.S1"]
    counts = at.table[0].value
    assert not at.exception and "1.2.S1" in " ".join(visible_texts(at))
    # base scored, unconfirmed, Table 1 base, optimal scored, Table 1 optimal, the service's own
    assert counts.iloc[0].tolist()[1:] == [14, 0, 13, 18, 17, 1]
    assert counts.iloc[1].tolist()[1:] == [12, 1, 12, 20, 20, 0]  # 2.3.4 excluded, 2.3.7 still unconfirmed


def test_results_minimum_is_warned_until_each_results_criterion_has_a_measured_indicator(isolated_store, service):
    aid, _, _ = _seeded(isolated_store, service)
    at = run_app(page=PAGE)
    assert any("Bāzes standarta minimums" in w.value for w in at.warning)
    for group in ("6.1.1", "7.1.1", "8.1.1"):
        at.selectbox(key="sa_ind_group").set_value(group)
        at.text_input(key="sa_ind_name").input(f"Rādītājs {group}")
        at.text_input(key="sa_ind_unit").input("%")
        at.text_input(key="sa_indv_target").input("80")
        at.text_input(key="sa_indv_2024").input("61,5")
        _click(at, "Pievienot rādītāju")
    assert not any("Bāzes standarta minimums" in w.value for w in at.warning)
    snap = _snap(isolated_store, service, aid)
    first = snap.indicators[0]
    assert (first.group_id, first.unit, first.target, dict(first.values)) == (
        "6.1.1", "%", 80.0, {2024: 61.5})
    first_id = snap.indicators[0].id
    at.selectbox(key="sa_ind_pick").set_value(first_id).run()
    assert at.text_input(key=f"sa_inde_{first_id}_2024").value == "61,5"
    at.text_input(key=f"sa_inde_{first_id}_2025").input("64")
    at.text_input(key=f"sa_inde_{first_id}_target").input("85,5")
    _click(at, "Saglabāt rādītāju")
    changed = _snap(isolated_store, service, aid).indicators[0]
    assert (changed.target, dict(changed.values)) == (85.5, {2024: 61.5, 2025: 64.0})
    at.text_input(key="sa_ind_name").input("Bez skaitļa")
    at.text_input(key="sa_indv_2023").input("daudz")
    _click(at, "Pievienot rādītāju")
    assert at.error[0].value.startswith("Nav skaitlis: 2023.")
    assert len(_snap(isolated_store, service, aid).indicators) == 3


def test_plan_seeded_from_agreed_levels_and_proposals_never_from_disagreements(isolated_store, service):
    """Seed 004 lines 7114-7120: disagreements are for the consensus meetings; lines 7332-7338: the
    priorities come from the scores obtained and the improvement proposals collected. An 80-point
    disagreement stands first on the consensus agenda and is not offered to the plan."""
    aid, anna, janis = _seeded(isolated_store, service)
    _store(isolated_store, assessments.set_agreed, service, aid, "criterion", "3", 25)
    _store(isolated_store, assessments.set_agreed, service, aid, "criterion", "1", 90)
    _store(isolated_store, assessments.set_agreed, service, aid, "subcriterion", "2.1", 40, "",
           "", "Stratēģijas *uzraudzība*")
    _store(isolated_store, assessments.set_individual, service, aid, anna, "practice", "2.1.1", 10)
    _store(isolated_store, assessments.set_individual, service, aid, janis, "practice", "2.1.1", 90)
    _store(isolated_store, assessments.set_individual, service, aid, anna, "practice", "1.1.1", 50)
    _store(isolated_store, assessments.set_individual, service, aid, janis, "practice", "1.1.1", 60)
    at = run_app(page=PAGE)
    agenda = _frame(at, "Atšķirība")
    assert (agenda["ID"][0], agenda["Atšķirība"][0]) == ("2.1.1", 80)
    assert any("lielākā atšķirība: 2.1.1, 80 punkti" in w.value for w in at.warning)
    shown = [m.value.replace("\\.", ".", 1) for m in at.markdown]
    assert "3. Cilvēkresursi: 1. līmenis (25 punkti)" in shown
    assert not any(s.startswith("1. Līderība") for s in shown)  # level 4 is no priority
    assert "2.1 — Uzlabojumu jomas: Stratēģijas \\*uzraudzība\\*" in shown  # the group's words, as text
    assert not any("atšķiras" in m and "2.1.1" in m for m in shown)
    assert [b.label for b in at.button].count("Plānā") == 2
    _click(at, "Plānā")
    at.text_input(key="sa_plan_new_priority").input("Darbinieku kompetences")
    at.text_area(key="sa_plan_new_goal").input("Līdz 2026. gada beigām 90 % darbinieku apmeklē supervīziju")
    at.text_input(key="sa_plan_new_responsible").input("Vadītāja vietniece")
    _click(at, "Pievienot plānam")
    assert at.text_input(key="sa_plan_new_priority").value == ""  # the new-row form is empty again
    plan = _snap(isolated_store, service, aid).plan
    assert [(p.priority, p.source) for p in plan] == [
        ("3. Cilvēkresursi: 1. līmenis (25 punkti)", "criterion:3"), ("Darbinieku kompetences", "")]
    plan_table = next(df.value for df in at.dataframe if "Atbildīgais" in df.value.columns)
    assert list(plan_table["Atbildīgais"]) == ["", "Vadītāja vietniece"]
    seeded = plan[0].id
    at.selectbox(key="sa_plan_row").set_value(seeded).run()
    assert at.text_input(key=f"sa_plan_{seeded}_priority").value == "3. Cilvēkresursi: 1. līmenis (25 punkti)"
    at.text_area(key=f"sa_plan_{seeded}_goal").input("Līdz 2026. gada jūnijam ieviest attīstības pārrunas")
    at.selectbox(key=f"sa_plan_{seeded}_status").set_value("in_progress")
    at.text_input(key=f"sa_plan_{seeded}_deadline").input("31.02.2026")  # no such day: refused, nothing saved
    _click(at, "Saglabāt plāna rindu")
    assert at.error[0].value.startswith("Rinda netika saglabāta: termiņu nevar nolasīt.")
    assert _snap(isolated_store, service, aid).plan[0].status != "in_progress"
    at.text_input(key=f"sa_plan_{seeded}_deadline").input("30.6.2026")  # typed the Latvian way
    _click(at, "Saglabāt plāna rindu")
    edited = _snap(isolated_store, service, aid).plan[0]
    assert (edited.goal, edited.status, edited.source, edited.deadline) == (
        "Līdz 2026. gada jūnijam ieviest attīstības pārrunas", "in_progress", "criterion:3", date(2026, 6, 30))
    assert at.text_input(key=f"sa_plan_{seeded}_deadline").value == "30.06.2026"
    at.checkbox(key=f"sa_chk_{aid}_quality_0").check().run()
    at.checkbox(key=f"sa_chk_{aid}_change_2").check().run()
    assert _snap(isolated_store, service, aid).checks == {("quality", 0), ("change", 2)}
    at = run_app(page=PAGE)  # a new session: everything comes back from DuckDB
    assert at.checkbox(key=f"sa_chk_{aid}_quality_0").value and at.checkbox(key=f"sa_chk_{aid}_change_2").value
    assert next(b.disabled for b in at.button if b.label == "Plānā")


def test_form_upload_round_trip_and_a_broken_form_changes_nothing(isolated_store, service):
    aid, anna, _ = _seeded(isolated_store, service)
    scores = {("practice", "1.1.1"): 40, ("practice", "5.3.2"): 100, ("trends", "8.3.1"): 0}
    _store(isolated_store, assessments.set_individual_many, service, aid, anna, scores, replace=True)
    cat = domain.load().catalogue
    data = form.export_form(cat, _snap(isolated_store, service, aid), anna, "lv")
    before = _snap(isolated_store, service, aid).individual
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1.4")
    ws.cell(row, 6).value = 101
    broken = io.BytesIO()
    wb.save(broken)
    at = run_app(page=PAGE)
    at.get("file_uploader")[0].set_value([("anna.xlsx", broken.getvalue(), "application/octet-stream")])
    _click(at, "Augšupielādēt vērtējumus")
    assert at.error[0].value.startswith("Fails „anna.xlsx” netika saglabāts: 1 problēma(s).")
    problems = _frame(at, "Rinda")
    assert (problems["Rinda"][0], problems["Kolonna"][0]) == (str(row), "F (Vērtējums (0–100))")
    assert _snap(isolated_store, service, aid).individual == before
    at.get("file_uploader")[0].set_value([("anna.xlsx", data, "application/octet-stream")])
    _click(at, "Augšupielādēt vērtējumus")
    assert at.success[0].value == "Fails „anna.xlsx” saglabāts: Anna, 3 vērtējumi."
    assert _snap(isolated_store, service, aid).individual == before


def test_overview_charts_years_and_report_match_the_page(isolated_store, service):
    old = _store(isolated_store, assessments.create, service, 2024, "base", "", ["Anna"])
    _store(isolated_store, assessments.set_agreed, service, old, "criterion", "1", 35)
    aid, _, _ = _seeded(isolated_store, service)
    _store(isolated_store, assessments.set_agreed, service, aid, "criterion", "1", 55, "", "Skaidra vīzija",
           "=1+1 uzraudzība")
    _store(isolated_store, assessments.set_agreed, service, aid, "subcriterion", "1.1", 50, "Labi")
    at = run_app(page=PAGE)
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3  # levels, heatmap, years
    criteria = at.dataframe[-2].value
    first = criteria.iloc[0]
    assert (first["Saskaņotais vērtējums"], first["Līmenis"]) == ("55", "3")
    years = at.dataframe[-1].value
    assert years.iloc[0].tolist() == ["1. Līderība", "35", "55", "+20"]
    assert any("pārskatu" in b.proto.label for b in at.get("download_button"))
    wb = load_workbook(io.BytesIO(_report_bytes(isolated_store, service, aid)))  # the bytes the button serves
    ws = wb["Kritēriji"]
    row = [c.value for c in ws[4]]
    assert row[:3] == ["1. Līderība", 55, 3]
    assert row[5] == "'=1+1 uzraudzība"


def test_the_overview_and_the_report_show_agreed_scores_without_a_mean(isolated_store, service):
    """Seed 004 lines 4716-4726 and 4760-4762: the group agrees subcriterion and criterion scores; a mean
    of the practice scores "does not reflect the real picture". The overview and the report carry the
    agreed score only; the mean stays a discussion aid in the consensus meeting. The report's subcriteria
    sheet has each subcriterion's strengths, improvement areas, points and proposals (lines 7189-7196),
    and a results subcriterion's band is table 13's (lines 5802-6072)."""
    aid, anna, janis = _seeded(isolated_store, service)
    for member, score in ((anna, 10), (janis, 90)):
        _store(isolated_store, assessments.set_individual, service, aid, member, "practice", "1.1.1", score)
    _store(isolated_store, assessments.set_agreed, service, aid, "criterion", "1", 55, "", "Vīzija", "Komunikācija")
    _store(isolated_store, assessments.set_agreed, service, aid, "subcriterion", "1.1", 50, "Priekšlikums", "Plāns",
           "Mērķi")
    _store(isolated_store, assessments.set_agreed, service, aid, "subcriterion", "6.1", 45)
    at = run_app(page=PAGE)
    mean = "Vidējais (tikai diskusijai)"
    overview = _frame(at, "Līmenis")
    assert mean not in overview.columns
    assert mean in _frame(at, "Atšķirība").columns  # the consensus discussion keeps it
    wb = load_workbook(io.BytesIO(_report_bytes(isolated_store, service, aid)))
    for ws in wb.worksheets:
        assert mean not in [c.value for c in ws[3]], ws.title
    subs = wb["Apakškritēriji"]
    header = [c.value for c in subs[3]]
    rows = {r[0].split()[0]: dict(zip(header, r, strict=True)) for r in subs.iter_rows(min_row=4, values_only=True)}
    assert (rows["1.1"]["Stiprās puses"], rows["1.1"]["Uzlabojumu jomas"],
            rows["1.1"]["Komentāri par apakškritērija vērtējumu un priekšlikumi uzlabojumiem"]) == (
        "Plāns", "Mērķi", "Priekšlikums")
    assert rows["6.1"]["Josla"].startswith("31 – 50 punkti: Tendences: Neliels progress")
    assert "labo praksi" in rows["1.1"]["Josla"]


def _report_bytes(isolated_store, service, aid) -> bytes:
    from lib.quality import rules as assessment
    from lib.quality import view as assessment_view
    cat = domain.load().catalogue
    snap = _snap(isolated_store, service, aid)
    items = assessment.practices(cat, snap.assessment.standard, snap.decisions, snap.custom)
    return assessment_view.report_xlsx(cat, snap, items, ["Pašnovērtējums 2025"])  # title, blank row, header


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_tab_renders_with_data_in_both_languages(isolated_store, service, lang):
    aid, anna, janis = _seeded(isolated_store, service, "optimal")
    _store(isolated_store, assessments.set_individual, service, aid, anna, "practice", "4.6.2", 30)
    _store(isolated_store, assessments.set_individual, service, aid, janis, "practice", "4.6.2", 90)
    _store(isolated_store, assessments.set_agreed, service, aid, "criterion", "7", 81)
    _store(isolated_store, assessments.add_plan_item, service, aid, assessments.PlanItem(0, "Klientu rezultāti"))
    at = run_app(lang, PAGE)
    assert not at.exception
    texts = " ".join(visible_texts(at))
    level4 = domain.load().catalogue.results_levels[-1]
    assert (level4.text_en if lang == "en" else level4.text_lv) in texts
    assert "Klientu rezultāti" in texts


def test_demo_service_brings_two_years_scored_through_member_forms(isolated_store):
    from lib.demo import dataset as demo
    from lib.intake import reading as ingest
    con = db.connect(isolated_store)
    sid = demo.load_demo(con, ingest.context(domain.load()))
    con.close()
    at = run_app(page=PAGE)
    assert not at.exception
    pick = at.selectbox(key="sa_pick")
    assert pick.format_func(pick.value) == "2025 · bāzes standarts · Vienošanās · Otrais pašnovērtējums"
    spread = _frame(at, "Atšķirība")
    assert list(spread.columns[2:5]) == ["Anna Bērziņa (vadītāja)", "Jānis Ozols", "Ilze Kalniņa"]
    years = at.dataframe[-1].value
    assert years.iloc[0].tolist() == ["1. Līderība", "45", "55", "+10"]
    snap = _store(isolated_store, assessments.load, sid, pick.value)
    assert [p.priority for p in snap.plan] == ["Darbinieku iesaiste"]  # the open row carried over from 2024


def test_switching_assessments_shows_each_its_own_agreed_scores_and_checks(isolated_store, service):
    old = _store(isolated_store, assessments.create, service, 2024, "base", "", ["Anna"])
    _store(isolated_store, assessments.set_agreed, service, old, "criterion", "1", 35)
    _store(isolated_store, assessments.set_check, service, old, "quality", 0, True)
    new, _, _ = _seeded(isolated_store, service)
    _store(isolated_store, assessments.set_agreed, service, new, "criterion", "1", 55)
    at = run_app(page=PAGE)
    assert at.text_input(key=f"sa_agr_{new}_criterion_1").value == "55"
    assert not at.checkbox(key=f"sa_chk_{new}_quality_0").value
    at.selectbox(key="sa_pick").set_value(old).run()
    assert at.text_input(key=f"sa_agr_{old}_criterion_1").value == "35"
    assert at.checkbox(key=f"sa_chk_{old}_quality_0").value


def test_a_member_clears_a_score_and_writes_subcriterion_texts_in_the_grid(isolated_store, service):
    """Issue 15 / seed 004 lines 7088-7102 and 4736-4740: the member's grid takes a score back to "no
    score" (an emptied cell, the save says which) and holds the member's strengths, improvement areas and
    comments with proposals per subcriterion, saved with the same click; the consensus meeting sees them
    (lines 7124-7128)."""
    aid, anna, janis = _seeded(isolated_store, service)
    _store(isolated_store, assessments.set_individual_many, service, aid, anna,
           {("practice", "1.1.1"): 45, ("practice", "1.1.4"): 70}, replace=False,
           notes={("practice", "1.1.4"): "Paliek"})
    _store(isolated_store, assessments.set_individual, service, aid, janis, "practice", "1.1.1", 80)
    at = run_app(page=PAGE)
    comments = at.dataframe[1].value
    assert list(comments["item"]) == ["1.1", "1.2", "1.3", "1.4"]
    at.session_state[f"sa_grid_{aid}_{anna}_1__comments"] = {
        "edited_rows": {0: {"strengths": "Vīzija ir", "proposals": "Ieviest *stratēģijas* pārskatu"}},
        "added_rows": [], "deleted_rows": []}
    _save_grid(at, aid, anna, "1", {0: {"score": ""}})
    assert at.success[0].value == ("Saglabāts; mainīto rindu skaits: 2. Vērtējums notīrīts (tagad bez vērtējuma):"
                                   " 1.1.1.")
    snap = _snap(isolated_store, service, aid)
    assert {k: v for k, v in snap.individual.items() if k[0] == anna} == {(anna, "practice", "1.1.4"): 70}
    assert snap.notes == {(anna, "practice", "1.1.4"): "Paliek"}
    assert snap.comments == {(anna, "1.1", "strengths"): "Vīzija ir",
                             (anna, "1.1", "proposals"): "Ieviest *stratēģijas* pārskatu"}
    assert _grid_rows(at)[0]["score"] == ""
    assert at.dataframe[1].value["proposals"][0] == "Ieviest *stratēģijas* pārskatu"
    # the consensus meeting reads each member's texts for the chosen item's subcriterion
    _store(isolated_store, assessments.set_individual, service, aid, anna, "practice", "1.1.1", 20)
    at = run_app(page=PAGE)
    assert at.selectbox(key="sa_consensus_pick").value == ("practice", "1.1.1")
    shown = next(tb.value for tb in at.table if "Stiprās puses" in tb.value.columns)
    assert shown.iloc[0].tolist() == ["Anna", "Vīzija ir", "", "Ieviest \\*stratēģijas\\* pārskatu"]


def test_an_uploaded_form_with_an_empty_score_cell_clears_it_and_says_so(isolated_store, service):
    """Issue 15: an empty score cell in the uploaded form means "no score"; the member is told which
    scores it cleared; other scores, notes and texts stay."""
    aid, anna, _ = _seeded(isolated_store, service)
    _store(isolated_store, assessments.set_individual_many, service, aid, anna,
           {("practice", "1.1.1"): 40, ("practice", "1.2.1"): 55}, replace=False,
           notes={("practice", "1.2.1"): "Paliek"}, comments={("1.2", "strengths"): "Paliek arī"})
    cat = domain.load().catalogue
    data = form.fill_form(form.export_form(cat, _snap(isolated_store, service, aid), anna, "lv"),
                          {("practice", "1.1.1"): None}, comments={("1.1", "improvements"): "Jauna joma"})
    at = run_app(page=PAGE)
    at.get("file_uploader")[0].set_value([("anna.xlsx", data, "application/octet-stream")])
    _click(at, "Augšupielādēt vērtējumus")
    assert at.success[0].value == "Fails „anna.xlsx” saglabāts: Anna, 1 vērtējumi."
    assert at.info[0].value == "Tukšās šūnas notīrīja vērtējumus (tagad bez vērtējuma): 1.1.1."
    snap = _snap(isolated_store, service, aid)
    assert snap.individual == {(anna, "practice", "1.2.1"): 55}
    assert snap.notes == {(anna, "practice", "1.2.1"): "Paliek"}
    assert snap.comments == {(anna, "1.2", "strengths"): "Paliek arī", (anna, "1.1", "improvements"): "Jauna joma"}


def test_members_see_the_criterion_help_and_the_base_standards_narrower_practices(isolated_store, service):
    """Seed 004 lines 1720-1744 (criterion 1's key questions), 1790-1794 (its description), table 12
    (lines 4811-5773, e.g. 4839-4843 for 1.1.1) and footnote 24 (line 2065: 1.4.2 is narrower under the
    base standard): shown where members score."""
    _seeded(isolated_store, service)
    at = run_app(page=PAGE)
    texts = " ".join(visible_texts(at))
    assert "Vai ar savu rīcību es kā vadītājs esmu paraugs saviem darbiniekiem?" in texts
    assert "Raksturo sociālā dienesta vadītāja lomu un rīcību" in texts
    assert "Formulēta iestādes vīzija sociālā dienesta stratēģijas dokumentā" in texts
    assert "Bāzes standartā šī izcilību raksturojošā prakse nav tik ietilpīga kā optimālajā satndartā" in texts
    rows = {r["item"]: r["text"] for r in _grid_rows(at)}
    assert rows["1.4.2"].startswith("[Bāzes standartā šaurāka — sk. „Kritērija apraksts un palīdzība”] Vadītājs")
    assert "šaurāka" not in rows["1.1.1"]


def test_a_results_subcriterion_agreed_at_45_is_captioned_with_table_13(isolated_store, service):
    """Seed 004 lines 5774-5788 and table 13 (lines 5802-6072): on the criteria tab a results
    subcriterion at 45 reads "31 – 50 punkti: Tendences: Neliels progress … Mērķi: … Sasniegti
    būtiskākie mērķi.", never table 10's "… aktivitātes, kas attiecas uz labo praksi …"."""
    aid, _, _ = _seeded(isolated_store, service)
    _store(isolated_store, assessments.set_agreed, service, aid, "subcriterion", "6.1", 45)
    at = run_app(page=PAGE)
    at.selectbox(key="sa_agr_criterion").set_value("6").run()
    caption = next(c.value for c in at.caption if c.value.startswith("Saglabāts: 45"))
    assert caption.startswith("Saglabāts: 45 — 31 – 50 punkti: Tendences: Neliels progress")
    assert "Sasniegti būtiskākie mērķi." in caption and "labo praksi" not in caption
