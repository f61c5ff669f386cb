"""Caseload guidance: hand-worked boundaries, the 2022 figures from raw counts, never "maximum"."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import domain
from lib.caseload import rules as caseload
from lib.caseload import view
from lib.caseload.rules import ABOVE, BELOW, NOTE, OK, Case
from lib.demo import dataset as demo
from lib.i18n import LANGUAGES, catalog
from lib.intake import reading as ingest
from lib.store import db
from tests.apptest import run_app

D = domain.load()
S = caseload.default_settings(D)
FORBIDDEN = re.compile(r"maksimāl|maximum|maximal", re.IGNORECASE)


def _status(case: Case, key: str) -> str | None:
    return next((line.status for line in caseload.assess(D, case, S) if line.key == key), None)


@pytest.mark.parametrize(("active", "status"), [(9, BELOW), (10, OK), (20, OK), (21, ABOVE)])
def test_optimal_range_edges(active, status):
    assert _status(Case(active=active), "active") == status


def test_half_time_scales_per_fte():
    assert _status(Case(fte=0.5, active=10), "active") == OK  # 20 per FTE
    assert _status(Case(fte=0.5, active=11), "active") == ABOVE  # 22 per FTE
    line = caseload.assess(D, Case(fte=0.8, active=24), S)[0]
    assert dict(line.params)["value"] == pytest.approx(30.0)


@pytest.mark.parametrize(("children", "status"), [(30, OK), (31, ABOVE)])
def test_children_under_12(children, status):
    assert _status(Case(active=15, children_under_12=children), "children") == status
    assert _status(Case(active=15), "children") is None  # only asked for family work


def _verdict(case: Case, settings=S) -> tuple[str, str]:
    line = caseload.assess(D, case, settings)[0]
    assert line.verdict and sum(x.verdict for x in caseload.assess(D, case, settings)) == 1  # one verdict only
    return line.key, line.status


def test_experience_threshold_is_strictly_fewer_months():
    """000:1068-1074: less experienced workers "nepārsniedzot 10"; the 12 months are the app's default."""
    assert S.experience_threshold_months == 12
    assert _verdict(Case(active=12, experience_months=11)) == ("less_experienced", ABOVE)
    assert _verdict(Case(active=10, experience_months=11)) == ("less_experienced", OK)
    assert _verdict(Case(active=12, experience_months=12)) == ("active", OK)
    assert _verdict(Case(active=12, experience_months=12), caseload.Settings(24)) == ("less_experienced", ABOVE)


def test_special_situations_replace_the_general_verdict():
    """The range for the worker's situation is the verdict; 10–20 is not judged beside it."""
    # crisis 6 (000:1062-1066 "(5–7 gadījumi)"): within 5–7, no "below 10–20"
    assert _verdict(Case(active=6, crisis_focus=True)) == ("crisis", OK)
    # crisis 15: above 5–7 and no green tick for 10–20 (nor for the policy targets, which read 10–20)
    assert _verdict(Case(active=15, crisis_focus=True)) == ("crisis", ABOVE)
    assert not [x for x in caseload.assess(D, Case(active=15, crisis_focus=True), S) if x.status == OK]
    # new worker with 8 (000:1068-1074 "nepārsniedzot 10"): within, no "below 10–20"
    assert _verdict(Case(active=8, experience_months=3)) == ("less_experienced", OK)
    # a new crisis worker: the crisis range judges, the newcomer's support is noted beside it
    lines = caseload.assess(D, Case(active=6, crisis_focus=True, experience_months=3), S)
    assert [x.key for x in lines[:2]] == ["crisis", "support"]
    # senior (000:2700-2708 "nav iespējams noteikt vienotu optimālo klientu lietu skaitu"): a note, no verdict
    assert _verdict(Case(active=30, senior=True)) == ("senior", NOTE)
    # rural below 10 (000:2767-2773 "bieži klientu lietu skaits ir mazāks"): expected there, not "below"
    assert _verdict(Case(active=5, rural=True)) == ("rural", NOTE)
    assert _verdict(Case(active=25, rural=True)) == ("active", ABOVE)
    # an uploaded row: more than half of the active cases are crisis cases
    assert _verdict(Case(active=6, crisis=4)) == ("crisis", OK)
    assert _verdict(Case(active=12, crisis=6)) == ("active", OK)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_advice_without_a_source(lang):
    """Below 10–20 the seed gives no advice (000:1192-1208): the line states the fact only; an
    overloaded newcomer is not told to "increase gradually" (000:2763-2765 says so of a smaller caseload)."""
    from lib import i18n

    i18n.set_language(lang)
    below = view.answer(D, Case(active=6), S)[0][1]
    assert below.endswith(("zem optimālā diapazona 10–20.", "below the optimal range 10–20."))
    over = view.answer(D, Case(active=14, experience_months=3), S)[0][1]
    assert "pakāpeniski" not in over and "gradually" not in over
    within = view.answer(D, Case(active=8, experience_months=3), S)[0][1]
    assert "pakāpeniski" in within or "gradually" in within


@pytest.mark.parametrize(("fte", "active", "shown"), [(0.05, 1, "1 lietas ÷ 0,05 slodzes) — optimālajā diapazonā"),
                                                      (0.75, 18, "18 lietas ÷ 0,75 slodzes) — virs optimālā"),
                                                      (1.0, 15, "15 lietas ÷ 1,00 slodzes)")])
def test_the_printed_division_shows_the_fte_with_two_decimals(fte, active, shown):
    from lib import i18n

    i18n.set_language("lv")
    assert shown in view.answer(D, Case(fte=fte, active=active), S)[0][1]


def test_crisis_senior_rural_and_assessment():
    assert _status(Case(active=7, crisis_focus=True), "crisis") == OK
    assert _status(Case(active=8, crisis_focus=True), "crisis") == ABOVE
    senior = next(x for x in caseload.assess(D, Case(active=30, senior=True), S) if x.key == "senior")
    assert dict(senior.params)["survey"] == 13  # 000:2692-2694
    assert _status(Case(active=15, in_assessment=7), "assessment") == ABOVE  # 000:2710 "4–6 lietas"
    assert _status(Case(active=15, in_assessment=5), "assessment") == OK
    excluded = next(x for x in caseload.assess(D, Case(active=15, inactive=9), S) if x.key == "excluded")
    assert (dict(excluded.params)["low"], dict(excluded.params)["high"]) == (7, 9)  # 000:2722-2726
    families = next(x for x in caseload.assess(D, Case(active=15, children_under_12=12), S) if x.key == "families")
    assert (dict(families.params)["low"], dict(families.params)["high"]) == (15, 20)  # 000:1050-1054


def test_policy_targets_only_beside_the_general_range():
    lines = [x for x in caseload.assess(D, Case(active=18), S) if x.key == "target"]
    assert [(dict(x.params)["year"], x.status) for x in lines] == [(2024, OK), (2027, OK)]
    assert not [x for x in caseload.assess(D, Case(active=18, senior=True), S) if x.key == "target"]
    assert not [x for x in caseload.assess(D, Case(active=18), S) if x.key == "capacity"]  # the seed derives 10–20


@pytest.mark.parametrize(("active", "crisis", "have", "low", "high", "status"), [
    (30, 0, 1.5, 1.5, 3.0, OK),  # 30 ÷ 20 … 30 ÷ 10 (000:1192-1208)
    (30, 0, 1.0, 1.5, 3.0, BELOW),
    (30, 0, 4.0, 1.5, 3.0, ABOVE),
    (150, 12, 10.0, 138 / 20 + 12 / 7, 138 / 10 + 12 / 5, OK),  # crisis cases at 5–7 (000:1062-1066)
    (20, 0, None, 1.0, 2.0, None),
])
def test_staffing_need_from_cases(active, crisis, have, low, high, status):
    need = caseload.need(D, active, crisis, have)
    assert (need.low_fte, need.high_fte, need.status) == (pytest.approx(low), pytest.approx(high), status)


def test_2022_statistics_are_computed_from_the_raw_counts():
    rows = {r.id: r for r in caseload.statistics_2022(D)}
    assert [rows[k].per_worker_year for k in ("cities", "municipalities", "total")] == [80.18, 66.02, 68.78]
    assert [rows[k].per_worker_december for k in ("cities", "municipalities", "total")] == [37.14, 30.42, 31.73]


def test_staffing_norm_and_size_class():
    """The law's ≥ 1 specialist per 1,000 (001:443-451, 002:68-69); nominal classes (001:107-141)."""
    small = caseload.staffing(D, 4_000, 3.0, 1.0)
    assert (small.meets_norm, small.size_class, small.per_1000, small.needed) == (True, "small", 1.0, 4.0)
    medium = caseload.staffing(D, 12_000, 6.0, 4.0)
    assert (medium.meets_norm, medium.size_class, round(medium.per_1000, 3)) == (False, "medium", 0.833)
    large = caseload.staffing(D, 30_000, 25.0, 6.0)
    assert (large.meets_norm, large.size_class, round(large.social_workers_per_1000, 3)) == (True, "large", 0.833)
    assert caseload.staffing(D, 0, 1.0, 1.0) is None
    assert [s["lines"] for c in D.caseload["nominal_size_classes"]["classes"] for s in c["source"]] == [
        "107-117", "119-129", "131-141"]


CASES = st.builds(Case, fte=st.floats(0.05, 1.5), active=st.integers(0, 400), in_assessment=st.integers(0, 100),
                  inactive=st.integers(0, 500), social_service=st.integers(0, 500),
                  children_under_12=st.one_of(st.none(), st.integers(0, 300)), crisis_focus=st.booleans(),
                  experience_months=st.one_of(st.none(), st.integers(0, 480)), senior=st.booleans(),
                  rural=st.booleans())


@settings(max_examples=200, deadline=None)
@given(CASES, st.integers(1, 120), st.sampled_from(LANGUAGES))
def test_every_input_gets_an_answer_without_the_word_maximum(case, threshold, lang):
    from lib import i18n

    i18n.set_language(lang)
    lines = view.answer(D, case, caseload.Settings(threshold))
    assert lines and all(text and "{" not in text and not FORBIDDEN.search(text) for _, text, _ in lines)


def test_no_caseload_text_in_either_catalog_says_maximum():
    for lang in LANGUAGES:
        texts = [v for k, v in catalog(lang).items() if k.startswith("caseload.")]
        assert texts and not [x for x in texts if FORBIDDEN.search(x)]


def test_calculator_page_answers_the_what_if_question():
    at = run_app(page="pages/caseload.py")
    at.text_input(key="cl_fte__text").input("0,8").run()
    at.text_input(key="cl_active__text").input("24").run()
    at.selectbox(key="cl_target").set_value("families").run()
    at.text_input(key="cl_children__text").input("35").run()
    texts = [m.value for m in at.markdown]
    assert any("**30,0** (24 lietas ÷ 0,80 slodzes) — virs optimālā diapazona 10–20" in x for x in texts)
    assert any("Bērni līdz 12 gadiem uz pilnu slodzi: 43,8 — vairāk nekā 30" in x for x in texts)
    assert any("2027. gadam (15–20" in x and "virs mērķa" in x for x in texts)
    assert not [x for x in texts if FORBIDDEN.search(x)]
    assert "Avots: slodzes etalona ziņojums (2023): 1.5. nodaļa „Optimālā klientu lietu skaita noteikšanas" \
           " metodoloģija”" in [c.value for c in at.caption]  # the seed's lines 1192-1208, as a reader finds them


def test_team_tab_uses_uploaded_counts_and_staffing_uses_the_profile(isolated_store):
    con = db.connect(isolated_store)
    demo.load_demo(con, ingest.context(D))
    con.close()
    at = run_app("en", "pages/caseload.py")
    team = at.table[0].value
    assert team["Worker"].tolist() == ["SD01", "SD02", "SD03", "SD04"]
    assert team["Active per FTE"].tolist() == ["19.0", "10.7", "12.0", "18.0"]
    # each worker judged by the range for their situation: SD02 is a senior, SD03 less experienced
    assert team["Judged against"].tolist() == ["10–20", "senior social worker: no single number",
                                               "less experienced, ≤ 10", "10–20"]
    assert team["Verdict"].tolist() == ["within", "note", "above", "within"]
    assert team["Crisis cases"].tolist() == ["1", "2", "0", "1"]
    assert any(m.value.startswith("Above the advised number: 1 · within: 2 · below: 0 · no single number: 1")
               for m in at.markdown)
    # staffing: the uploaded counts, not assumed numbers; the norm asks for what no form holds
    assert [at.text_input(key=f"{k}__text").value for k in ("cl_need_active", "cl_need_crisis", "cl_sw")] == [
        "57", "4", "3.75"]
    assert any(m.value.startswith("By the method, 57 active cases need **3.22–6.10** social-worker FTE.")
               and "The service has 3.75 FTE — within the range" in m.value for m in at.markdown)
    assert at.text_input(key="cl_inhabitants__text").value == "24300"
    assert [i.value for i in at.info] == ["To check the norm, enter the other social-work specialists' FTE."]
    assert next((m.label, m.value) for m in at.metric) == ("Social workers only per 1,000", "0.15")
    at.text_input(key="cl_others__text").input("1.5").run()
    assert ("Specialists per 1,000 inhabitants", "0.22") in [(m.label, m.value) for m in at.metric]
    assert "Below the norm: 5.25 specialist FTE, at least 24.30 needed." in [w.value for w in at.warning]
    stats = at.table[-1].value
    assert stats.iloc[2].tolist()[1:] == ["68.78", "31.73"]


def test_staffing_tab_uses_the_uploaded_fte_and_asks_for_the_rest(isolated_store):
    """A service that uploaded counts for 1,5 FTE (30 active cases): the need is 30 ÷ 20 … 30 ÷ 10 =
    1,50–3,00 FTE (000:1192-1208) against the 1,50 uploaded; the norm (001:443-451) is not judged on
    assumed numbers — it asks for the specialists no form holds."""
    from datetime import date

    from lib.store.services import Profile, create_service

    con = db.connect(isolated_store)
    sid = create_service(con, Profile("Talsu dienests", inhabitants=30_500))
    for code, fte, active in (("SD01", 1.0, 20), ("SD02", 0.5, 10)):
        con.execute("INSERT INTO caseload_counts (service_id, import_id, worker_id, worker_code, count_date, fte,"
                    " active) VALUES (?, 0, 0, ?, ?, ?, ?)", [sid, code, date(2026, 6, 30), fte, active])
    con.close()
    at = run_app(page="pages/caseload.py")
    assert at.text_input(key="cl_sw__text").value == "1,50"
    texts = [m.value for m in at.markdown]
    assert "30 aktīvajām lietām pēc metodikas vajag **1,50–3,00** sociālo darbinieku slodzes. Dienestā ir 1,50" \
           " slodzes — diapazonā; uz slodzi iznāk 20,0 aktīvās lietas." in texts
    assert [i.value for i in at.info] == ["Lai pārbaudītu normatīvu, ierakstiet citu sociālā darba speciālistu"
                                          " slodzes."]
    assert not [w for w in at.warning if "normatīva" in w.value]  # no verdict on numbers nobody entered
    at.text_input(key="cl_others__text").input("2").run()
    assert "Zem normatīva: 3,50 speciālistu slodzes, vajag vismaz 30,50." in [w.value for w in at.warning]
