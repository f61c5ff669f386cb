"""The service-reference editor: its draft in session state and the parts pages/reference.py draws in
the editor and workshop views.

Every slider change goes through `lib.workload.reference.move` in the slider's callback, before any
widget is drawn, so no rerun ever shows a total above 100 %.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from lib.i18n import current_language, fmt_pct, fmt_value, t
from lib.ui import session
from lib.ui.page import action, flash, flash_deleted
from lib.workload import reference, versions
from lib.workload import reference_view as rview
from lib.workload.reference import Move, Slot

DRAFT = "ref_draft"
REF_RULE = "ref_rule"
UNDO_DEPTH = 50


def slider_key(slot: str) -> str:
    return f"ref_slider_{slot}"


def lock_key(slot: str) -> str:
    return f"ref_lock_{slot}"


def why_key(slot: str) -> str:
    return f"ref_why_{slot}"


def draft() -> dict:
    return st.session_state[DRAFT]


def start_draft(service_id: int | None, all_slots: tuple[Slot, ...], values: Mapping[str, float],
          justifications: Mapping[str, str], source: str, *, force: bool = False) -> None:
    """Begin a draft for this service (kept across reruns and pages until the service changes)."""
    current = st.session_state.get(DRAFT)
    if current is not None and current["service"] == service_id and not force:
        return
    st.session_state[DRAFT] = {"service": service_id, "values": dict(values), "history": [], "last": None,
                               "source": source}
    for s in all_slots:
        st.session_state[slider_key(s.id)] = values[s.id]
        st.session_state[why_key(s.id)] = justifications.get(s.id, "")
        st.session_state.setdefault(lock_key(s.id), False)


def _show(all_slots: tuple[Slot, ...], values: Mapping[str, float]) -> None:
    for s in all_slots:
        st.session_state[slider_key(s.id)] = values[s.id]


def locked_slots(all_slots: tuple[Slot, ...]) -> frozenset[str]:
    return frozenset(s.id for s in all_slots if st.session_state.get(lock_key(s.id)))


@action
def on_slide(slot: str, all_slots: tuple[Slot, ...], order: tuple[str, ...]) -> None:
    """Slider callback: apply the move under the chosen rule and show the result on every slider."""
    state = draft()
    result: Move = reference.move(state["values"], slot, st.session_state[slider_key(slot)],
                                  st.session_state.get(REF_RULE, reference.BLOCK), locked_slots(all_slots), order)
    if result.values != state["values"]:
        state["history"] = [*state["history"][-UNDO_DEPTH + 1:], state["values"]]
    state["values"], state["last"] = result.values, (slot, result)
    _show(all_slots, result.values)


@action
def undo_draft(all_slots: tuple[Slot, ...]) -> None:
    state = draft()
    if state["history"]:
        state["values"] = state["history"].pop()
        state["last"] = None
        _show(all_slots, state["values"])


@action
def replace_draft(all_slots: tuple[Slot, ...], values: Mapping[str, float], justifications: Mapping[str, str],
                   source: str) -> None:
    """Reset to national, load a version or an imported file: one undoable step."""
    state = draft()
    state["history"] = [*state["history"][-UNDO_DEPTH + 1:], state["values"]]
    state["values"], state["last"], state["source"] = dict(values), None, source
    _show(all_slots, values)
    for s in all_slots:
        st.session_state[why_key(s.id)] = justifications.get(s.id, "")


def draft_justifications(all_slots: tuple[Slot, ...]) -> dict[str, str]:
    return {s.id: st.session_state.get(why_key(s.id), "") for s in all_slots}


@action
def load_version(all_slots, saved, name: str) -> None:
    """Button callback: put a saved version into the editor (undoable)."""
    replace_draft(all_slots, saved.values, saved.justifications, name)
    flash("success", "reference.versions.loaded", name=name)


@action
def activate_version(service_id: int, version_id: int, name: str) -> None:
    versions.set_active(session.store(), service_id, version_id)
    flash("success", "reference.versions.activated", name=name)


@action
def delete_version(service_id: int, version_id: int, name: str) -> None:
    try:
        entry = versions.delete(session.store(), service_id, version_id)
    except versions.VersionError as exc:
        flash("error", f"reference.error.{exc.key}", **exc.params)
        return
    flash_deleted("reference.versions.deleted", entry, service_id, name=name)


@action
def import_file(all_slots) -> None:
    """Form callback (widgets may only be changed before they are drawn): a downloaded reference
    file back into the editor, or the row that is wrong."""
    upload = st.session_state.get("ref_import_file")
    if upload is None:
        return
    try:
        loaded = versions.import_xlsx(upload.getvalue(), all_slots, st.session_state.get(session.LANG_KEY))
    except versions.VersionError as exc:
        flash("error", f"reference.error.{exc.key}", **exc.params)
        return
    replace_draft(all_slots, loaded.values, loaded.justifications, upload.name)
    flash("success", "reference.imported", file=upload.name)


# --- the editor's parts ---


def totals(d, all_slots, values, *, big: bool) -> None:
    """Total, core and other shares, and every group's subtotal; the workshop shows a big total."""
    groups = rview.group_names(d)
    group_totals = reference.group_totals(all_slots, values)
    total = reference.total(values)
    core = sum(values[s.id] for s in all_slots if s.is_core)
    if big:
        st.markdown(f"<div class='workshop-total'>{t('reference.total')}: {fmt_pct(total)}</div>",
                    unsafe_allow_html=True)
    else:
        a, b, c = st.columns(3)
        a.metric(t("reference.total"), fmt_pct(total), border=True)
        b.metric(t("reference.core_short"), fmt_pct(core), border=True, help=t("reference.core_split"))
        c.metric(t("reference.other_split"), fmt_pct(total - core), border=True)
    st.markdown(" · ".join(f"{name} **{fmt_pct(group_totals[gid])}**" for gid, name in groups.items()))


def sliders(d, all_slots, values, hinted: dict[str, list[str]], *, with_locks: bool) -> None:
    """One slider per function (the 4 % block as one), grouped, each with its hours; locks optional."""
    order = reference.reduce_first_order(d, all_slots)
    group_totals = reference.group_totals(all_slots, values)
    for gid, name in rview.group_names(d).items():
        st.markdown(f"**{name}** — {fmt_pct(group_totals[gid])}")
        for s in (s for s in all_slots if s.group_id == gid):
            left, right = st.columns([3, 1], vertical_alignment="center")
            label = s.name(current_language())
            left.slider(f":orange[**{label}** ▲]" if s.id in hinted else label, 0.0, reference.MAX_PCT,
                        step=reference.STEP, key=slider_key(s.id), format="%.1f %%",
                        on_change=on_slide, args=(s.id, all_slots, order),
                        disabled=bool(st.session_state.get(lock_key(s.id))),
                        help=" ".join(hinted.get(s.id, [])) or None)
            left.caption(rview.slider_caption(d, s, values[s.id]))
            if with_locks:
                right.checkbox(t("reference.lock"), key=lock_key(s.id), help=t("reference.lock.help"))


def messages(d, all_slots, state: dict, values) -> None:
    """What the last move did to other functions, and the soft warnings."""
    moved = rview.move_message(d, state["last"])
    if moved:
        st.info(moved, icon=":material/balance:")
    for notice in reference.notices(d, all_slots, values):
        st.warning(t(f"reference.notice.{notice.key}", **{k: fmt_value(v) for k, v in notice.params}),
                   icon=":material/warning:")


def rule_choice() -> None:
    st.radio(t("reference.rule"), reference.RULES, key=REF_RULE, help=t("reference.rule.help"),
             format_func={r: t(f"reference.rule.{r}") for r in reference.RULES}.__getitem__)
