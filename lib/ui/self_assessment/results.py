"""Tab 5: results indicators with their target and yearly values, and indicator groups.
"""

from __future__ import annotations

import streamlit as st

from lib.domain import Catalogue
from lib.i18n import current_language, parse_num, plain, t
from lib.quality import assessments, view
from lib.quality import member_form as form
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.ui import session
from lib.ui.page import action, flash
from lib.ui.self_assessment.common import confirm_delete, delete_row, run


def _number(text: str | None) -> tuple[bool, float | None]:
    """(ok, value) for a typed number: blank is ok and None; "61,5" and "61.5" are 61.5."""
    if not (text or "").strip():
        return True, None
    try:
        return True, parse_num(text)
    except ValueError:
        return False, None


def _read_indicator(prefix: str, years: tuple[int, ...]) -> tuple[float | None, dict[int, float | None]] | None:
    """Target and yearly values typed under `prefix`; None (with a message naming the fields) if any
    is not a number."""
    s = st.session_state
    read = {y: _number(s.get(f"{prefix}_{y}")) for y in years}
    target_ok, target = _number(s.get(f"{prefix}_target"))
    bad = [str(y) for y in years if not read[y][0]] + ([] if target_ok else [t("sa.col.target")])
    if bad:
        flash("error", "sa.error.indicator_number", years=", ".join(bad))
        return None
    return target, {y: v for y, (_, v) in read.items()}


@action
def _add_indicator(service_id: int, snap: Snapshot, years: tuple[int, ...]) -> None:
    s = st.session_state
    read = _read_indicator("sa_indv", years)
    if read and run(assessments.add_indicator, service_id, snap.assessment.id, s["sa_ind_group"],
                     s.get("sa_ind_name") or "", s.get("sa_ind_unit") or "", *read, ok="sa.indicator.added"):
        for key in ("sa_ind_name", "sa_ind_unit", "sa_indv_target", *(f"sa_indv_{y}" for y in years)):
            s[key] = ""


def _typed(value: float | None) -> str:
    """A stored number as the user would type it back (all its digits, decimal comma in Latvian)."""
    if value is None:
        return ""
    text = format(value, "f").rstrip("0").rstrip(".")
    return text.replace(".", ",") if current_language() == "lv" else text


@action
def _save_indicator(service_id: int, snap: Snapshot, indicator_id: int, years: tuple[int, ...]) -> None:
    read = _read_indicator(f"sa_inde_{indicator_id}", years)
    if read:
        run(assessments.set_indicator, service_id, snap.assessment.id, indicator_id,
             st.session_state.get(f"sa_inde_{indicator_id}_unit") or "", *read, ok="sa.indicator.saved")


def _indicator_form(service_id: int, snap: Snapshot, ind: assessments.Indicator) -> None:
    """The chosen indicator's unit, target and yearly values, to add this year's value or correct one."""
    years = A.indicator_years(session.domain_data().catalogue, snap.assessment.year)
    with st.form(f"sa_inde_{ind.id}", enter_to_submit=False):
        st.markdown(f"**{plain(ind.name)}**")
        left, right = st.columns(2)
        left.text_input(t("sa.col.unit"), ind.unit, key=f"sa_inde_{ind.id}_unit", max_chars=40)
        right.text_input(t("sa.col.target"), _typed(ind.target), key=f"sa_inde_{ind.id}_target", max_chars=40)
        for col, y in zip(st.columns(len(years)), years, strict=True):
            col.text_input(str(y), _typed(ind.values.get(y)), key=f"sa_inde_{ind.id}_{y}", max_chars=40)
        st.form_submit_button(t("sa.indicator.save"), on_click=_save_indicator, args=(service_id, snap, ind.id, years))


@action
def _add_group(service_id: int, assessment_id: int) -> None:
    s = st.session_state
    if run(assessments.add_group, service_id, assessment_id, s["sa_grp_sub"], s.get("sa_grp_name") or "",
            ok="sa.group.added"):
        s["sa_grp_name"] = ""


def results_tab(cat: Catalogue, service_id: int, snap: Snapshot) -> None:
    a = snap.assessment
    missing = A.missing_indicators(cat, view.measured(cat, snap))
    if missing and a.standard == "base":
        st.warning(t("sa.results.minimum", criteria=", ".join(view.criterion_name(cat, c) for c in missing),
                     count=cat.min_indicators_base), icon=":material/warning:")
    elif missing:
        st.info(t("sa.results.minimum.optimal", criteria=", ".join(missing)), icon=":material/info:")
    rows = view.indicator_rows(cat, snap)
    if rows:
        st.dataframe(rows, hide_index=True)
        labels = {i.id: f"{i.name} ({i.unit})" if i.unit else i.name for i in snap.indicators}
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        chosen = left.selectbox(t("sa.indicator.pick"), list(labels), format_func=labels.__getitem__,
                                key="sa_ind_pick")
        with right:
            confirm_delete("sa_ind_remove", t("sa.remove.confirm"), delete_row,
                           (service_id, a.id, "indicators", chosen))
        _indicator_form(service_id, snap, next(i for i in snap.indicators if i.id == chosen))
    else:
        st.info(t("sa.indicators.empty"), icon=":material/info:")
    lang = current_language()
    groups = form.result_groups(cat, snap, lang)
    years = A.indicator_years(cat, a.year)
    with (st.expander(t("sa.indicator.new"), icon=":material/add_chart:", expanded=not rows),
          st.form("sa_indicator_form", enter_to_submit=False, border=False)):
        labels = {g[0]: f"{g[1]} {g[3]}" for g in groups}
        st.selectbox(t("sa.col.group"), list(labels), format_func=labels.__getitem__, key="sa_ind_group")
        st.text_input(t("sa.col.indicator"), key="sa_ind_name", max_chars=300)
        left, right = st.columns(2)
        left.text_input(t("sa.col.unit"), key="sa_ind_unit", max_chars=40)
        right.text_input(t("sa.col.target"), key="sa_indv_target", max_chars=40)
        for col, y in zip(st.columns(len(years)), years, strict=True):
            col.text_input(str(y), key=f"sa_indv_{y}", max_chars=40)
        st.form_submit_button(t("sa.indicator.add"), on_click=_add_indicator, args=(service_id, snap, years))
    with st.expander(t("sa.group.new"), icon=":material/playlist_add:"):
        subs = [s.id for s in cat.subcriteria if A.criterion_kind(cat, s.criterion_id) == "results"]
        with st.form("sa_group_form", border=False):
            st.selectbox(t("sa.col.subcriterion"), subs, key="sa_grp_sub",
                         format_func={s: f"{s} {view.subcriterion_text(cat, s)}" for s in subs}.__getitem__)
            st.text_input(t("sa.col.group"), key="sa_grp_name", max_chars=300)
            st.form_submit_button(t("sa.group.add"), on_click=_add_group, args=(service_id, a.id))
    with st.expander(t("sa.groups.examples"), icon=":material/lightbulb:"):
        for g in cat.indicator_groups:
            st.markdown(f"**{g.subcriterion_id} {g.name_en if lang == 'en' else g.name_lv}**")
            st.markdown("\n".join(f"- {en if lang == 'en' and en else lv}" for lv, en in g.examples))
