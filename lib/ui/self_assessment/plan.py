"""Tab 6: the improvement plan (priorities suggested from the agreed criterion levels and the agreed
improvement proposals, seed 004 lines 7332-7338) and its self-checks.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from lib.domain import Catalogue
from lib.i18n import NumberProblem, current_language, fmt_date_input, not_a_list, plain, read_date, t
from lib.quality import assessments, view
from lib.quality import rules as A
from lib.quality.assessments import PlanItem, Snapshot
from lib.ui.page import action, flash
from lib.ui.self_assessment.common import confirm_delete, delete_row, forget, run


@action
def _plan_from_seed(service_id: int, assessment_id: int, priority: str, source: str) -> None:
    if len(priority) > PRIORITY_MAX:  # a long proposal: its start names the priority, the field holds no more
        priority = priority[:PRIORITY_MAX - 1].rstrip() + "…"
    run(assessments.add_plan_item, service_id, assessment_id, PlanItem(0, priority, source=source),
         ok="sa.plan.added")


PRIORITY_MAX = 300  # characters in the priority field


PLAN_TEXT = ("priority", "goal", "expected_results", "indicators", "measures", "responsible", "resources")


def _plan_key(row: int, field: str) -> str:
    return f"sa_plan_{row or 'new'}_{field}"


@action
def _save_plan(service_id: int, assessment_id: int, row: int, source: str) -> None:
    """Add the new row (row 0) or save every field of an existing one."""
    s = st.session_state
    text = {f: s.get(_plan_key(row, f)) or "" for f in PLAN_TEXT}
    try:
        deadline = read_date(s.get(_plan_key(row, "deadline")))
    except NumberProblem:
        flash("error", "sa.plan.bad_date")  # the typed fields stay as they are
        return
    item = PlanItem(row, deadline=deadline, is_change=bool(s.get(_plan_key(row, "is_change"))),
                    status=s.get(_plan_key(row, "status")) or A.PLAN_STATUSES[0], source=source, **text)
    if row == 0:
        if run(assessments.add_plan_item, service_id, assessment_id, item, ok="sa.plan.added"):
            forget(_plan_key(0, ""))
    elif run(assessments.update_plan_item, service_id, assessment_id, item, ok="sa.plan.saved"):
        s.pop(_plan_key(row, "deadline"), None)  # redrawn from the stored date, written the UI language's way


@action
def _check(service_id: int, assessment_id: int, check_list: str, idx: int) -> None:
    run(assessments.set_check, service_id, assessment_id, check_list, idx,
         bool(st.session_state[f"sa_chk_{assessment_id}_{check_list}_{idx}"]))


def plan_tab(cat: Catalogue, service_id: int, snap: Snapshot) -> None:
    a = snap.assessment
    st.caption(t("sa.plan.help", max=A.priorities_max(cat)))
    seeds = A.plan_seeds(cat, snap.agreed_scores("criterion"), view.proposals(snap))
    taken = {p.source for p in snap.plan}
    st.markdown(f"**{t('sa.plan.seeds')}**")
    if not seeds:
        st.caption(t("sa.plan.seeds.empty"))
    for n, seed in enumerate(seeds):
        text = view.seed_text(cat, snap, seed)
        source = seed.source
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(not_a_list(text) if seed.reason == "level" else plain(text))
        right.button(t("sa.plan.seed.add"), key=f"sa_seed_{n}", disabled=source in taken,
                     on_click=_plan_from_seed, args=(service_id, a.id, text, source), icon=":material/add:")
    rows = view.plan_rows(snap)
    if rows:
        st.dataframe(rows, hide_index=True)
    by_id = {p.id: p for p in snap.plan}
    labels = {0: t("sa.plan.new"), **{p.id: p.priority for p in snap.plan}}
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    row = left.selectbox(t("sa.plan.row"), list(labels), format_func=labels.__getitem__, key="sa_plan_row")
    with right:
        confirm_delete("sa_plan_remove", t("sa.remove.confirm"), delete_row, (service_id, a.id, "plan_items", row),
                       disabled=row == 0)
    item = by_id.get(row) or PlanItem(0, "")
    key = partial(_plan_key, row)
    statuses = {x: t(f"sa.plan.status.{x}") for x in A.PLAN_STATUSES}
    with st.form(f"sa_plan_form_{row}", enter_to_submit=False):
        st.text_input(t("sa.plan.col.priority"), item.priority, key=key("priority"), max_chars=PRIORITY_MAX)
        st.text_area(t("sa.plan.col.goal"), item.goal, key=key("goal"), help=t("sa.plan.smart"), height=80)
        left, right = st.columns(2)
        left.text_area(t("sa.plan.col.expected_results"), item.expected_results, key=key("expected_results"),
                       height=80)
        right.text_area(t("sa.plan.col.indicators"), item.indicators, key=key("indicators"), height=80)
        st.text_area(t("sa.plan.col.measures"), item.measures, key=key("measures"), height=80)
        cols = st.columns(3)
        cols[0].text_input(t("sa.plan.col.responsible"), item.responsible, key=key("responsible"), max_chars=200)
        # typed, not picked: Streamlit's calendar speaks English only (month and day names)
        cols[1].text_input(t("sa.plan.col.deadline"), fmt_date_input(item.deadline), key=key("deadline"),
                           placeholder=t("sa.plan.deadline.placeholder"), max_chars=12)
        cols[2].selectbox(t("sa.plan.col.status"), A.PLAN_STATUSES, A.PLAN_STATUSES.index(item.status),
                          key=key("status"), format_func=statuses.__getitem__)
        st.text_input(t("sa.plan.col.resources"), item.resources, key=key("resources"), max_chars=500)
        st.checkbox(t("sa.plan.col.is_change"), item.is_change, key=key("is_change"))
        st.form_submit_button(t("sa.plan.add") if row == 0 else t("sa.plan.save"), type="primary",
                              on_click=_save_plan, args=(service_id, a.id, row, item.source))
    lang = current_language()
    for check_list, key in (("quality", "self_check_plan_quality"), ("change", "self_check_change")):
        with st.expander(t(f"sa.checks.{check_list}"), icon=":material/checklist:"):
            questions = cat.plan.get(f"{key}_{lang}") or cat.plan[f"{key}_lv"]
            done = sum((check_list, i) in snap.checks for i in range(len(questions)))
            st.caption(t("sa.checks.done", done=done, total=len(questions)))
            for i, q in enumerate(questions):
                st.checkbox(q, value=(check_list, i) in snap.checks, key=f"sa_chk_{a.id}_{check_list}_{i}",
                            on_change=_check, args=(service_id, a.id, check_list, i))
