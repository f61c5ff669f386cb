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


def test_experience_threshold_is_strictly_fewer_months():
    assert S.experience_threshold_months == 12
    assert _status(Case(active=12, experience_months=11), "less_experienced") == ABOVE
    assert _status(Case(active=10, experience_months=11), "less_experienced") == OK
    assert _status(Case(active=12, experience_months=12), "less_experienced") is None
    other = caseload.Settings(24, S.per_client_hours)
    assert next(x.status for x in caseload.assess(D, Case(active=12, experience_months=12), other)
                if x.key == "less_experienced") == ABOVE


def test_crisis_senior_rural_and_assessment():
    assert _status(Case(active=7, crisis_focus=True), "crisis") == OK
    assert _status(Case(active=8, crisis_focus=True), "crisis") == ABOVE
    senior = next(x for x in caseload.assess(D, Case(active=30, senior=True), S) if x.key == "senior")
    assert senior.status == NOTE and dict(senior.params)["low"] == 5 and dict(senior.params)["high"] == 10
    assert _status(Case(active=15, rural=True), "rural") == NOTE
    assert _status(Case(active=15, in_assessment=7), "assessment") == ABOVE
    assert _status(Case(active=15, in_assessment=5), "assessment") == OK


def test_policy_targets_and_capacity():
    lines = [x for x in caseload.assess(D, Case(active=18), S) if x.key == "target"]
    assert [(dict(x.params)["year"], x.status) for x in lines] == [(2024, OK), (2027, OK)]
    low, high, hours = caseload.capacity(D, 1.0, S.per_client_hours)
    assert hours == pytest.approx(100.8)
    assert (round(low, 1), round(high, 1)) == (16.8, 40.3)  # 100.8 h ÷ 6.0 h and ÷ 2.5 h


def test_2022_statistics_are_computed_from_the_raw_counts():
    rows = {r.id: r for r in caseload.statistics_2022(D)}
    assert [rows[k].per_worker_year for k in ("cities", "municipalities", "total")] == [80.18, 66.02, 68.78]
    assert [rows[k].per_worker_december for k in ("cities", "municipalities", "total")] == [37.14, 30.42, 31.73]


def test_staffing_norm_and_size_class():
    small = caseload.staffing(D, 4_000, 3.0, 1.0)
    assert (small.meets_norm, small.size_class, small.per_1000) == (True, "small", 1.0)  # exactly 1 meets ≥ 1
    medium = caseload.staffing(D, 12_000, 6.0, 4.0)
    assert (medium.meets_norm, medium.size_class, round(medium.per_1000, 3)) == (False, "medium", 0.833)
    large = caseload.staffing(D, 30_000, 25.0, 6.0)
    assert (large.meets_norm, large.size_class, round(large.social_workers_per_1000, 3)) == (True, "large", 0.833)
    assert caseload.staffing(D, 0, 1.0, 1.0) is None


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
    lines = view.answer(D, case, caseload.Settings(threshold, S.per_client_hours))
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
    assert any("**30,0** (24 lietas ÷ 0,8 slodzes) — virs optimālā diapazona 10–20" in x for x in texts)
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
    assert team["Notes"].tolist() == ["", "", "less experienced, > 10", ""]
    assert any(m.value.startswith("Above the range: 0 · within: 4") for m in at.markdown)
    assert at.text_input(key="cl_inhabitants__text").value == "24300"
    assert any(m.label == "Specialists per 1,000 inhabitants" and m.value == "0.62" for m in at.metric)
    stats = at.table[-1].value
    assert stats.iloc[2].tolist()[1:] == ["68.78", "31.73"]
