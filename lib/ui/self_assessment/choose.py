"""Choosing, creating and deleting an assessment, and its stage.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from lib.i18n import NumberProblem, plain, read_number, t
from lib.quality import assessments
from lib.quality import rules as A
from lib.quality.assessments import AssessmentError, Snapshot
from lib.ui import session
from lib.ui.page import action, flash
from lib.ui.self_assessment.common import PICK, assessment_label, discard, run


@action
def _create(service_id: int, earlier: dict[int, assessments.Assessment]) -> None:
    s = st.session_state
    members = [line for line in (s.get("sa_new_members") or "").splitlines() if line.strip()]
    copy = s.get("sa_new_copy")
    try:
        year = read_number(s.get("sa_new_year"), assessments.FIRST_YEAR, assessments.LAST_YEAR)
    except NumberProblem as exc:
        flash("error", "sa.new.year.bad", problem=exc)
        return
    try:
        new_id = assessments.create(session.store(), service_id, year, s["sa_new_standard"],
                                    s.get("sa_new_title") or "", members, copy if copy in earlier else None)
    except AssessmentError as exc:
        flash("error", f"sa.error.{exc.key}", **exc.params)
        return
    s[PICK] = new_id
    flash("success", "sa.created", year=year)


def choose(service_id: int, existing: list[assessments.Assessment]) -> int | None:
    """The assessment selector and the "new assessment" form; returns the chosen id."""
    by_id = {a.id: a for a in existing}
    if st.session_state.get(PICK) not in by_id:
        st.session_state.pop(PICK, None)
    with st.expander(t("sa.new"), expanded=not existing, icon=":material/add:"), \
            st.form("sa_new", enter_to_submit=False):
        left, right = st.columns(2)
        left.text_input(t("sa.new.year"), str(date.today().year), key="sa_new_year", max_chars=4)
        right.radio(t("sa.new.standard"), A.STANDARDS, horizontal=True, key="sa_new_standard",
                    format_func={s: t(f"sa.standard.{s}") for s in A.STANDARDS}.__getitem__,
                    help=t("sa.new.standard.help"))
        st.text_input(t("sa.new.title"), key="sa_new_title", max_chars=200)
        st.text_area(t("sa.new.members"), key="sa_new_members", help=t("sa.new.members.help"), height=110)
        options = [None, *by_id]
        labels = {None: t("sa.new.copy.none"), **{i: assessment_label(a) for i, a in by_id.items()}}
        st.selectbox(t("sa.new.copy"), options, index=min(1, len(by_id)), format_func=labels.__getitem__,
                     key="sa_new_copy", help=t("sa.new.copy.help"))
        st.form_submit_button(t("sa.new.submit"), type="primary", on_click=_create, args=(service_id, by_id))
    if not existing:
        return None
    labels = {i: assessment_label(a) for i, a in by_id.items()}
    return st.selectbox(t("sa.pick"), list(by_id), format_func=labels.__getitem__, key=PICK)


@action
def _status(service_id: int, assessment_id: int) -> None:
    run(assessments.set_status, service_id, assessment_id, st.session_state[f"sa_status_{assessment_id}"],
         ok="sa.status.saved")


@action
def _delete(service_id: int, assessment_id: int) -> None:
    if discard(assessments.delete, service_id, assessment_id, ok="sa.deleted"):
        st.session_state.pop(PICK, None)


def status_bar(service_id: int, snap: Snapshot) -> None:
    a = snap.assessment
    cols = st.columns([2, 2, 1])
    cols[0].selectbox(t("sa.status"), A.STATUSES, index=A.STATUSES.index(a.status), key=f"sa_status_{a.id}",
                      format_func={s: t(f"sa.status.{s}") for s in A.STATUSES}.__getitem__,
                      on_change=_status, args=(service_id, a.id), help=t("sa.status.help"))
    cols[1].markdown(t("sa.summary", members=len(snap.members), individual=len(snap.individual),
                       agreed=len(snap.agreed)))
    with cols[2].popover(t("sa.delete"), icon=":material/delete:"):
        st.warning(t("sa.delete.confirm", label=plain(assessment_label(a))))
        st.button(t("sa.delete.yes"), type="primary", on_click=_delete, args=(service_id, a.id), key="sa_delete")
