"""Tab 3: the spread of members' scores and the group's agreed score for each item.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lib.domain import Catalogue
from lib.i18n import NumberProblem, fmt_input, not_a_list, plain, read_number, t
from lib.quality import assessments, view
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.ui.page import action, flash, table
from lib.ui.self_assessment.common import run, safe_key


def _agreed_keys(assessment_id: int, kind: str, item_id: str) -> tuple[str, str, str, str]:
    """Widget keys carry the assessment: another assessment's typed value must never show here."""
    base = f"sa_agr_{assessment_id}_{kind}_{safe_key(item_id)}"
    return base, base + "_why", base + "_strengths", base + "_improve"


@action
def _save_agreed(service_id: int, assessment_id: int, kind: str, item_id: str) -> None:
    s = st.session_state
    score, why, strengths, improve = _agreed_keys(assessment_id, kind, item_id)
    try:
        value = read_number(s.get(score), A.SCORE_MIN, A.SCORE_MAX, allow_empty=True)
    except NumberProblem as exc:
        flash("error", "sa.agreed.bad", item=item_id, problem=exc)
        return
    run(assessments.set_agreed, service_id, assessment_id, kind, item_id, value,
         s.get(why) or "", s.get(strengths) or "", s.get(improve) or "", ok="sa.agreed.saved", item=item_id)


def agreed_form(cat: Catalogue, service_id: int, snap: Snapshot, kind: str, item_id: str, title: str,
                notes: Sequence[str]) -> None:
    """The group's agreed score for one item, entered by hand; the spread is shown beside it only."""
    current = snap.agreed.get((kind, item_id))
    score_key, why, strengths, improve = _agreed_keys(snap.assessment.id, kind, item_id)
    with st.form(f"sa_form_{kind}_{safe_key(item_id)}", enter_to_submit=False):
        st.markdown(f"**{plain(title)}**")
        for note in notes:
            st.caption(note)
        if notes:
            st.caption(t("sa.aid.note"))
        typed = st.text_input(t("sa.agreed.score"), fmt_input(current.score if current else None), key=score_key,
                              placeholder=t("sa.score.placeholder"), max_chars=6)
        try:
            value = read_number(typed, A.SCORE_MIN, A.SCORE_MAX, allow_empty=True)
        except NumberProblem:
            value = None
        if kind in ("subcriterion", "criterion"):  # agreed strengths and improvement areas (lines 7114-7120)
            st.text_area(t("sa.col.strengths"), current.strengths if current else "", key=strengths)
            st.text_area(t("sa.col.improvements"), current.improvements if current else "", key=improve)
        if kind == "subcriterion":  # the form's "comments on the score and proposals" (lines 4736-4740)
            st.text_area(t("sa.kind.proposals"), current.rationale if current else "", key=why)
        elif kind != "criterion":
            st.text_area(t("sa.agreed.rationale"), current.rationale if current else "", key=why)
        st.form_submit_button(t("sa.agreed.save"), on_click=_save_agreed, args=(service_id, snap.assessment.id,
                                                                                  kind, item_id))
    if current is not None:
        if kind == "criterion":
            lvl, text = view.level_text(cat, item_id, current.score)
            st.success(not_a_list(t("sa.level", level=lvl, text=text)), icon=":material/military_tech:")
        else:
            st.caption(t("sa.agreed.stored", score=current.score,
                         band=view.band_text(cat, kind, current.score, item_id)))
    elif value is not None:
        st.caption(view.band_text(cat, kind, value, item_id))


def consensus_tab(cat: Catalogue, service_id: int, snap: Snapshot) -> None:
    """The consensus meeting's agenda: every item the members scored, the largest disagreement first
    (seed 004 lines 7114-7120: the group meets to understand why scores differ and agree); a
    disagreement is settled here, never carried into the plan."""
    spread = A.spreads(snap.individual_rows(), min_members=1)
    st.subheader(t("sa.consensus.agenda"))
    st.caption(t("sa.consensus.help"))
    if not spread:
        st.info(t("sa.consensus.empty"), icon=":material/info:")
        return
    differ = [s for s in spread if s.aid.range > 0]
    if differ:
        st.warning(t("sa.consensus.differ", count=len(differ), top=differ[0].item_id, range=differ[0].aid.range),
                   icon=":material/forum:")
    st.dataframe(view.spread_rows(cat, snap, spread), hide_index=True)
    # the option names the item only: a label holding the spread went stale in the browser when a
    # member's save changed the spread while the option stayed chosen
    labels = {(s.kind, s.item_id): t("sa.consensus.option", id=s.item_id, kind=t(f"sa.kind.{s.kind}"))
              for s in spread}
    pick = st.selectbox(t("sa.consensus.pick"), list(labels), format_func=labels.__getitem__, key="sa_consensus_pick")
    chosen = next(s for s in spread if (s.kind, s.item_id) == pick)
    st.markdown(" · ".join(f"{plain(name)}: **{score}**" for name, score in chosen.scores.items()))
    notes = [(m.name, snap.notes[(m.id, chosen.kind, chosen.item_id)]) for m in snap.members
             if (m.id, chosen.kind, chosen.item_id) in snap.notes]
    if notes:
        st.markdown(f"**{t('sa.consensus.notes')}**")
        st.markdown("\n".join(f"- {plain(name)}: {plain(text)}" for name, text in notes))
    sub = view.subcriterion_of(cat, snap, chosen.kind, chosen.item_id)
    comments = view.member_comments(snap, sub) if sub else []
    if comments:
        st.markdown(f"**{t('sa.consensus.comments', id=sub)}**")
        table(comments)
    agreed_form(cat, service_id, snap, chosen.kind, chosen.item_id, labels[pick],
                view.aid_note("sa.aid.members", chosen.scores.values()))
