"""Session state of the service-reference editor (Streamlit glue): the draft split, the sliders that
show it, locks, justifications, undo. Every slider change goes through `lib.reference.move` in the
slider's callback, before any widget is drawn, so no rerun ever shows a total above 100 %."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from lib import reference
from lib.reference import Move, Slot

DRAFT = "ref_draft"
RULE = "ref_rule"
UNDO_DEPTH = 50


def slider_key(slot: str) -> str:
    return f"ref_slider_{slot}"


def lock_key(slot: str) -> str:
    return f"ref_lock_{slot}"


def why_key(slot: str) -> str:
    return f"ref_why_{slot}"


def draft() -> dict:
    return st.session_state[DRAFT]


def start(service_id: int | None, all_slots: tuple[Slot, ...], values: Mapping[str, float],
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


def locked(all_slots: tuple[Slot, ...]) -> frozenset[str]:
    return frozenset(s.id for s in all_slots if st.session_state.get(lock_key(s.id)))


def on_slide(slot: str, all_slots: tuple[Slot, ...], order: tuple[str, ...]) -> None:
    """Slider callback: apply the move under the chosen rule and show the result on every slider."""
    state = draft()
    result: Move = reference.move(state["values"], slot, st.session_state[slider_key(slot)],
                                  st.session_state.get(RULE, reference.BLOCK), locked(all_slots), order)
    if result.values != state["values"]:
        state["history"] = [*state["history"][-UNDO_DEPTH + 1:], state["values"]]
    state["values"], state["last"] = result.values, (slot, result)
    _show(all_slots, result.values)


def undo(all_slots: tuple[Slot, ...]) -> None:
    state = draft()
    if state["history"]:
        state["values"] = state["history"].pop()
        state["last"] = None
        _show(all_slots, state["values"])


def replace_values(all_slots: tuple[Slot, ...], values: Mapping[str, float], justifications: Mapping[str, str],
                   source: str) -> None:
    """Reset to national, load a version or an imported file: one undoable step."""
    state = draft()
    state["history"] = [*state["history"][-UNDO_DEPTH + 1:], state["values"]]
    state["values"], state["last"], state["source"] = dict(values), None, source
    _show(all_slots, values)
    for s in all_slots:
        st.session_state[why_key(s.id)] = justifications.get(s.id, "")


def justifications(all_slots: tuple[Slot, ...]) -> dict[str, str]:
    return {s.id: st.session_state.get(why_key(s.id), "") for s in all_slots}
