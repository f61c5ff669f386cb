"""Tab 4: agreed subcriterion and criterion scores with their levels, and the evidence per practice.
"""

from __future__ import annotations

import streamlit as st

from lib import sources
from lib.domain import Catalogue
from lib.i18n import current_language, plain, t
from lib.quality import assessments, view
from lib.quality import member_form as form
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.ui.page import action
from lib.ui.self_assessment.common import confirm_delete, criterion_picker, delete_row, run, safe_key
from lib.ui.self_assessment.consensus import agreed_form


@action
def _add_evidence(service_id: int, assessment_id: int, practice_id: str) -> None:
    s = st.session_state
    base = f"sa_ev_{safe_key(practice_id)}"
    if run(assessments.add_evidence, service_id, assessment_id, practice_id, s.get(base) or "",
            s.get(base + "_link") or "", ok="sa.evidence.added"):
        s[base], s[base + "_link"] = "", ""


def _evidence(service_id: int, snap: Snapshot, item: A.Item) -> None:
    entries = [e for e in snap.evidence if e.practice_id == item.id]
    with st.expander(t("sa.evidence.title", id=item.id, count=len(entries)), icon=":material/attach_file:"):
        st.caption(plain(item.text(current_language())))
        for e in entries:
            left, right = st.columns([5, 1])
            left.markdown(plain(e.text) + (f" — {plain(e.link)}" if e.link else ""))
            with right:
                confirm_delete(f"sa_ev_rm_{e.id}", t("sa.remove.confirm"), delete_row,
                               (service_id, snap.assessment.id, "evidence", e.id))
        base = f"sa_ev_{safe_key(item.id)}"
        with st.form(base + "_form", border=False, enter_to_submit=False):
            st.text_input(t("sa.evidence.text"), key=base, max_chars=1000)
            st.text_input(t("sa.evidence.link"), key=base + "_link", max_chars=500)
            st.form_submit_button(t("sa.evidence.add"), on_click=_add_evidence,
                                  args=(service_id, snap.assessment.id, item.id))


def criteria_tab(cat: Catalogue, service_id: int, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    st.caption(t("sa.agreed.rule", source=sources.passage("agreed_not_computed")))
    cid = criterion_picker(cat, "sa_agr_criterion")
    enabler = A.criterion_kind(cat, cid) == "enabler"
    lang = current_language()
    for s in (s for s in cat.subcriteria if s.criterion_id == cid):
        st.markdown(f"#### {s.id} {view.subcriterion_text(cat, s.id)}")
        if enabler:
            for item in (i for i in items if i.subcriterion_id == s.id):
                _evidence(service_id, snap, item)
            notes = (view.aid_note("sa.aid.members", view.practice_scores(snap, items, s.id, criterion=False))
                     + view.aid_note("sa.aid.agreed_practices",
                                     view.practice_scores(snap, items, s.id, criterion=False, agreed=True)))
        else:
            groups = [g for g in form.result_groups(cat, snap, lang) if g[1] == s.id]
            for gid, _sub, _crit, name in groups:
                agreed = {k: snap.agreed.get((k, gid)) for k in cat.dimensions}
                shown = " · ".join(f"{t(f'sa.kind.{k}')}: {a.score if a else '–'}" for k, a in agreed.items())
                agreed_form(cat, service_id, snap, "group", gid, f"{name} ({shown})",
                            view.aid_note("sa.aid.dimensions", (a.score for a in agreed.values() if a)))
            notes = view.aid_note("sa.aid.groups", (snap.agreed[("group", g[0])].score for g in groups
                                                     if ("group", g[0]) in snap.agreed))
        agreed_form(cat, service_id, snap, "subcriterion", s.id, t("sa.agreed.subcriterion", id=s.id), notes)
    st.markdown(f"### {view.criterion_name(cat, cid)}")
    subs = [s.id for s in cat.subcriteria if s.criterion_id == cid]
    notes = view.aid_note("sa.aid.subcriteria", (snap.agreed[("subcriterion", x)].score for x in subs
                                                 if ("subcriterion", x) in snap.agreed))
    if enabler:
        notes += view.aid_note("sa.aid.members", view.practice_scores(snap, items, cid, criterion=True))
    agreed_form(cat, service_id, snap, "criterion", cid, t("sa.agreed.criterion", name=view.criterion_name(cat, cid)),
                notes)
    with st.expander(t("sa.levels.table"), icon=":material/table:"):
        for lvl in A.levels_for(cat, cid):
            st.markdown(f"**{lvl.level}** ({lvl.min}–{lvl.max}): {lvl.text_en if lang == 'en' else lvl.text_lv}")
