"""Tab 1: the working group, the standard's practice counts, unconfirmed and own practices.
"""

from __future__ import annotations

import streamlit as st

from lib import principal
from lib.access import accounts
from lib.domain import Catalogue
from lib.i18n import current_language, plain, t
from lib.quality import assessments, view
from lib.quality import rules as A
from lib.quality.assessments import AssessmentError, Snapshot
from lib.ui import session
from lib.ui.page import action, flash, table
from lib.ui.self_assessment.common import confirm_delete, discard, run, safe_key


@action
def _add_member(service_id: int, assessment_id: int) -> None:
    name = st.session_state.get("sa_member_name") or ""
    if run(assessments.add_member, service_id, assessment_id, name, ok="sa.member.added", name=name.strip()):
        st.session_state["sa_member_name"] = ""


@action
def _remove_member(service_id: int, assessment_id: int, member_id: int, name: str) -> None:
    discard(assessments.remove_member, service_id, assessment_id, member_id, ok="sa.member.removed", name=name)


@action
def _link(service_id: int, assessment_id: int, member_id: int) -> None:
    account = st.session_state.get(f"sa_link_{member_id}")
    run(assessments.link_member, service_id, assessment_id, member_id, account)


def _link_box(service_id: int, assessment_id: int, member: assessments.Member, options: dict, where) -> None:
    """On a shared server the head links each member to the account that scores as them."""
    key = f"sa_link_{member.id}"
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = member.account_id if member.account_id in options else None
    where.selectbox(t("sa.member.account"), list(options), format_func=options.__getitem__, key=key,
                    on_change=_link, args=(service_id, assessment_id, member.id), label_visibility="collapsed")


@action
def _decide(service_id: int, practice_id: str) -> None:
    choice = st.session_state[f"sa_decide_{safe_key(practice_id)}"]
    run(assessments.set_decision, service_id, practice_id, None if choice == "undecided" else choice)


@action
def _add_practice(service_id: int) -> None:
    s = st.session_state
    try:
        code = assessments.add_custom_practice(session.store(), service_id, s["sa_custom_sub"],
                                               s.get("sa_custom_text") or "")
    except AssessmentError as exc:
        flash("error", f"sa.error.{exc.key}")
        return
    s["sa_custom_text"] = ""
    flash("success", "sa.custom.added", code=code)


def group_tab(cat: Catalogue, service_id: int, snap: Snapshot) -> None:
    a = snap.assessment
    st.subheader(t("sa.members"))
    st.caption(t("sa.members.help"))
    linking = principal.sign_in_required() and principal.current().can("roles", service_id)
    accounts_here = {None: t("sa.member.account.none"),  # read once for every member's box
                     **{acc.id: acc.username for acc, _ in accounts.service_roles(session.store(), service_id)}
                     } if linking else {}
    for m in snap.members:
        if linking:
            left, middle, right = st.columns([3, 2, 1])
        else:
            (left, right), middle = st.columns([4, 1]), None
        scored = sum(1 for (mid, _, _) in snap.individual if mid == m.id)
        left.markdown(t("sa.member.line", name=plain(m.name), scored=scored))
        if middle is not None:
            _link_box(service_id, a.id, m, accounts_here, middle)
        with right:
            confirm_delete(f"sa_rm_{m.id}", t("sa.member.remove.confirm", name=plain(m.name), scored=scored),
                           _remove_member, (service_id, a.id, m.id, m.name), t("sa.member.remove"))
    with st.form("sa_member_form", enter_to_submit=True, border=False):
        st.text_input(t("sa.member.name"), key="sa_member_name", max_chars=120)
        st.form_submit_button(t("sa.member.add"), on_click=_add_member, args=(service_id, a.id),
                              icon=":material/person_add:")

    st.subheader(t("sa.counts"))
    st.markdown(t(f"sa.standard.{a.standard}.about"))
    table(view.counts_rows(cat, snap))
    st.caption(t("sa.counts.note"))

    undecided = [p for p in cat.practices if p.in_base is None]
    with st.expander(t("sa.unconfirmed", count=len(undecided)), icon=":material/help:"):
        st.caption(t("sa.unconfirmed.help"))
        choices = ("undecided", *A.DECISIONS)
        labels = {c: t(f"sa.decision.{c}") for c in choices}
        for p in undecided:
            st.radio(f"{p.id} {p.text_lv if current_language() == 'lv' else p.gloss_en or p.text_lv}", choices,
                     index=choices.index(snap.decisions.get(p.id, "undecided")), horizontal=True,
                     format_func=labels.__getitem__, key=f"sa_decide_{safe_key(p.id)}", on_change=_decide,
                     args=(service_id, p.id))
    with st.expander(t("sa.custom"), icon=":material/add_circle:"):
        st.caption(t("sa.custom.help"))
        enabler_subs = [s.id for s in cat.subcriteria if A.criterion_kind(cat, s.criterion_id) == "enabler"]
        with st.form("sa_custom_form", border=False):
            st.selectbox(t("sa.col.subcriterion"), enabler_subs, key="sa_custom_sub",
                         format_func={s: f"{s} {view.subcriterion_text(cat, s)}" for s in enabler_subs}.__getitem__)
            st.text_area(t("sa.custom.text"), key="sa_custom_text", max_chars=2000)
            st.form_submit_button(t("sa.custom.add"), on_click=_add_practice, args=(service_id,))
        for c in snap.custom:
            st.markdown(f"**{plain(c.code)}** {plain(c.text)}")
