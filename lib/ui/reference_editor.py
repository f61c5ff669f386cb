"""The service-reference editor: the parts pages/reference.py draws in the editor, projector and versions views,
all drawn from the draft stored in DuckDB (lib/workload/drafts.py).

The sliders are one element drawn in the browser (reference_sliders.js): it sends the user's edits,
and its callback applies each through `drafts.move` (or `drafts.set_lock`) before anything is drawn,
so no rerun ever shows a total above 100 %.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from lib import charts
from lib.exports import XLSX_MIME
from lib.i18n import current_language, fmt_pct, fmt_value, plain, t
from lib.ui import session
from lib.ui.page import action, flash_deleted, note, show_flash, table, upload_limits
from lib.workload import drafts, reference, versions
from lib.workload import reference_view as rview
from lib.workload.reference import Move, Slot

REF_RULE = "ref_rule"
TARGET = "ref_target"
LAST = "ref_last"  # this user's last move (draft id, slot, Move): the message says what it did
SLIDERS = "ref_sliders"  # the sliders' element; its state "edits" is what the user changed
APPLIED = "ref_applied"  # (the sliders' mount, number of the last edit applied): sent back to them
BIG_TOTAL = "3.2rem"  # the projector's total: readable from the back of a room
SLIDER_BOX_PX = 420  # the projector's sliders scroll in a box of this height under the total (1366×768)
WORKSHOP = "ref_workshop"
WORKSHOP_MODE = "ref_workshop_mode"  # kept outside the widget: a page switch drops widget state

# The sliders' points, 0–100 % by 0.5, each shown as the UI language writes it ("9,0 %").
GRID = tuple(i / reference.UNITS for i in range(int(reference.MAX_PCT * reference.UNITS) + 1))

_HERE = Path(__file__).parent
_sliders = st.components.v2.component("ref_sliders", js=(_HERE / "reference_sliders.js").read_text("utf-8"),
                                      css=(_HERE / "reference_sliders.css").read_text("utf-8"))


@functools.cache
def _points(lang: str) -> tuple[str, ...]:
    """GRID as `lang` writes it: the browser shows a pressed slider's value from these at once."""
    return tuple(fmt_pct(v, lang=lang) for v in GRID)


def point(pct: float) -> int:
    """The grid point a value is shown at."""
    return round(reference.snap(pct) * reference.UNITS)


def why_key(slot: str) -> str:
    return f"ref_why_{slot}"


def start_draft(service_id: int | None, all_slots: tuple[Slot, ...], values: Mapping[str, float],
                justifications: Mapping[str, str], source: str) -> int:
    """The service's stored draft (made from `values` the first time); returns its id."""
    return drafts.open_draft(session.store(), service_id or drafts.NO_SERVICE, all_slots, values, justifications,
                             source).id


def current(draft_id: int, all_slots: tuple[Slot, ...]) -> drafts.Draft:
    """The stored draft, with the editor's widgets set from it (call before they are drawn): after a
    page switch, a reload or workshop mode on/off the justifications, rule and target group show
    exactly what is stored (the sliders are drawn from the draft itself)."""
    draft = drafts.load(session.store(), draft_id)
    for s in all_slots:
        st.session_state[why_key(s.id)] = draft.justifications.get(s.id, "")
    st.session_state[REF_RULE] = draft.rule
    st.session_state[TARGET] = draft.target
    return draft


def last_move(draft_id: int) -> tuple[str, Move] | None:
    last = st.session_state.get(LAST)
    return (last[1], last[2]) if last and last[0] == draft_id else None


Edit = tuple[int, str, str, int | bool]  # (number, "moves" or "locks", slot, grid point or locked)


def pending_edits(edits: object, applied: tuple[str, int] | None) -> list[Edit]:
    """The sliders' edits the server has not applied yet, in the order the user made them. `edits`
    comes from the browser: anything malformed is left out."""
    if not isinstance(edits, dict) or not isinstance(edits.get("mount"), str):
        return []
    done = applied[1] if applied and applied[0] == edits["mount"] else 0
    valid = {"moves": lambda v: type(v) is int and 0 <= v < len(GRID), "locks": lambda v: type(v) is bool}
    found = []
    for kind, ok in valid.items():
        entries = edits.get(kind)
        for slot, entry in entries.items() if isinstance(entries, dict) else ():
            if isinstance(entry, list) and len(entry) == 2 and ok(entry[0]) and type(entry[1]) is int \
                    and entry[1] > done:
                found.append((entry[1], kind, slot, entry[0]))
    return sorted(found)


@action
def on_edits(draft_id: int, order: tuple[str, ...]) -> None:
    """The sliders' callback: each new move under the stored rule and locks, against the stored
    values, and each lock, in the order the user made them."""
    edits = st.session_state[SLIDERS].get("edits")
    con = session.store()
    for number, kind, slot, value in pending_edits(edits, st.session_state.get(APPLIED)):
        if kind == "moves":
            st.session_state[LAST] = (draft_id, slot, drafts.move(con, draft_id, slot, GRID[value], order))
        else:
            drafts.set_lock(con, draft_id, slot, value)
        st.session_state[APPLIED] = (edits["mount"], number)


@action
def on_why(draft_id: int, slot: str) -> None:
    drafts.set_justification(session.store(), draft_id, slot, st.session_state.get(why_key(slot)) or "")


@action
def on_rule(draft_id: int) -> None:
    drafts.set_choice(session.store(), draft_id, rule=st.session_state[REF_RULE])


@action
def on_target(draft_id: int) -> None:
    target = st.session_state.get(TARGET)
    drafts.set_choice(session.store(), draft_id, target=target, clear_target=target is None)


@action
def undo_draft(draft_id: int) -> None:
    drafts.undo(session.store(), draft_id)
    st.session_state.pop(LAST, None)


@action
def replace_draft(draft_id: int, values: Mapping[str, float], justifications: Mapping[str, str], source: str) -> None:
    """Reset to national, load a version or an imported file: one undoable step."""
    drafts.replace(session.store(), draft_id, values, justifications, source)
    st.session_state.pop(LAST, None)


def workshop_toggle() -> bool:
    """Workshop (projector) mode, kept across page switches and (in the URL) across reloads."""
    if WORKSHOP_MODE not in st.session_state:
        st.session_state[WORKSHOP_MODE] = st.query_params.get("mode") == "workshop"
    st.session_state[WORKSHOP] = st.session_state[WORKSHOP_MODE]
    on = st.toggle(t("reference.workshop"), key=WORKSHOP, help=t("reference.workshop.help"), on_change=_workshop)
    if on:
        st.query_params["mode"] = "workshop"
    else:
        st.query_params.pop("mode", None)
    return on


def _workshop() -> None:
    st.session_state[WORKSHOP_MODE] = bool(st.session_state[WORKSHOP])


def save_form(service_id: int, all_slots: tuple[Slot, ...], draft: drafts.Draft, *, make_active: bool,
              workshop_id: int | None = None) -> None:
    """Save the draft as a named version (made active if asked; naming the workshop that agreed it);
    the message stands under the form."""
    with st.form("ref_save", clear_on_submit=True, enter_to_submit=False):
        st.subheader(t("reference.save"))
        name = st.text_input(t("reference.save.name"), max_chars=120)
        author = st.text_input(t("reference.save.author"), max_chars=120)
        activate = st.checkbox(t("reference.save.activate"), value=make_active)
        if st.form_submit_button(t("reference.save.button"), type="primary", icon=":material/save:"):
            con = session.store()
            try:
                versions.save(con, service_id, all_slots, name, author, draft.values, draft.justifications,
                              activate=activate, workshop_id=workshop_id)
            except versions.VersionError as exc:
                note("save", "error", f"reference.error.{exc.key}", **exc.params)
            else:
                drafts.set_source(con, draft.id, name.strip())
                note("save", "success", "reference.saved", name=name.strip())
                st.rerun(scope="app")
    show_flash("save")


@action
def load_version(draft_id: int, saved: versions.Saved, name: str) -> None:
    """Button callback: put a saved version into the editor (undoable)."""
    replace_draft(draft_id, saved.values, saved.justifications, name)
    note("versions", "success", "reference.versions.loaded", name=name)


@action
def activate_version(service_id: int, version_id: int, name: str) -> None:
    versions.set_active(session.store(), service_id, version_id)
    note("versions", "success", "reference.versions.activated", name=name)


@action
def delete_version(service_id: int, version_id: int, name: str) -> None:
    try:
        entry = versions.delete(session.store(), service_id, version_id)
    except versions.VersionError as exc:
        note("versions", "error", f"reference.error.{exc.key}", **exc.params)
        return
    flash_deleted("reference.versions.deleted", entry, service_id, area="versions", name=name)


@action
def import_file(draft_id: int, all_slots: tuple[Slot, ...]) -> None:
    """Form callback (widgets may only be changed before they are drawn): a downloaded reference
    file back into the editor, or the row that is wrong."""
    upload = st.session_state.get("ref_import_file")
    if upload is None:
        return
    try:
        loaded = versions.import_xlsx(upload.getvalue(), all_slots, st.session_state.get(session.LANG_KEY))
    except versions.VersionError as exc:
        note("import", "error", f"reference.error.{exc.key}", **exc.params)
        return
    replace_draft(draft_id, loaded.values, loaded.justifications, upload.name)
    note("import", "success", "reference.imported", file=upload.name)


# --- the editor's parts ---


def totals(d, all_slots, values, *, big: bool) -> None:
    """Total, core and other shares, and every group's subtotal; the workshop shows a big total."""
    groups = rview.group_names(d)
    group_totals = reference.group_totals(all_slots, values)
    total = reference.total(values)
    core = sum(values[s.id] for s in all_slots if s.is_core)
    if big:
        st.html(f"<style>.workshop-total {{font-size: {BIG_TOTAL}; font-weight: 700; line-height: 1.1}}</style>"
                f"<div class='workshop-total'>{t('reference.total')}: {fmt_pct(total)}</div>")
    else:
        a, b, c = st.columns(3)
        a.metric(t("reference.total"), fmt_pct(total), border=True)
        b.metric(t("reference.core_short"), fmt_pct(core), border=True, help=t("reference.core_split"))
        c.metric(t("reference.other_split"), fmt_pct(total - core), border=True)
    st.markdown(" · ".join(f"{name} **{fmt_pct(group_totals[gid])}**" for gid, name in groups.items()))


def sliders(d, all_slots, draft: drafts.Draft, hinted: dict[str, list[str]], *, with_locks: bool,
            big: bool = False) -> None:
    """One slider per function (the 4 % block as one), grouped, each with its hours; lock boxes
    optional (a locked function stays locked in workshop mode, where the boxes are not shown)."""
    values, lang = draft.values, current_language()
    group_totals = reference.group_totals(all_slots, values)
    groups = [{"name": name, "total": fmt_pct(group_totals[gid]), "rows": [
        {"slot": s.id, "label": s.name(lang), "hint": " ".join(hinted.get(s.id, [])), "point": point(values[s.id]),
         "caption": rview.slider_caption(d, s, values[s.id]), "locked": s.id in draft.locked}
        for s in all_slots if s.group_id == gid]} for gid, name in rview.group_names(d).items()]
    lock = {"label": t("reference.lock"), "help": t("reference.lock.help")} if with_locks else None
    _sliders(key=SLIDERS, data={"points": _points(lang), "groups": groups, "lock": lock, "big": big,
                                "applied": st.session_state.get(APPLIED)},
             on_edits_change=functools.partial(on_edits, draft.id, reference.reduce_first_order(d, all_slots)))


def projector(d, all_slots: tuple[Slot, ...], draft: drafts.Draft, series: Mapping[str, Mapping[str, float]], *,
              with_locks: bool, big_chart: bool) -> None:
    """Projector layout (1366×768 and up): the big total over the sliders, which scroll in their own
    box so the total never leaves the screen; beside them the rule, the messages and the chart."""
    left, right = st.columns(2, gap="large")
    with left:
        totals(d, all_slots, draft.values, big=True)
        with st.container(height=SLIDER_BOX_PX):
            sliders(d, all_slots, draft, {}, with_locks=with_locks, big=big_chart)
    with right:
        draft_source(draft)
        rule_choice(draft.id)
        messages(d, all_slots, draft)
        bars(rview.split_rows(d, series), list(series), big=big_chart)


def bars(rows: list[dict[str, object]], series_order: list[str], *, big: bool = False) -> None:
    """charts.split_bars on the page. Its spec is built once per language, series and size (building
    and validating the Altair chart cost ~10 ms a run); a run sends only the data."""
    frame = charts.split_frame(rows, big=big)
    spec = _bars_spec(tuple(dict.fromkeys(frame["item"])), tuple(series_order), t("reference.chart.value"), big)
    st.vega_lite_chart({**json.loads(spec), "datasets": {charts.BARS: frame}}, width="stretch")


@functools.lru_cache(maxsize=64)
def _bars_spec(items: tuple[str, ...], series_order: tuple[str, ...], value_title: str, big: bool) -> str:
    return json.dumps(charts.split_bars_spec(list(items), list(series_order), value_title, big=big))


def justification_inputs(all_slots: tuple[Slot, ...], draft: drafts.Draft, national: Mapping[str, float]) -> None:
    """A reason per function that differs from the national reference (the method writes every
    increase and decrease down with its reason, 000:922-932)."""
    changed = [s for s in all_slots if draft.values[s.id] != national[s.id]]
    if not changed:
        st.caption(t("reference.justifications.none"))
    for s in changed:
        st.text_input(f"{s.name(current_language())} ({fmt_pct(national[s.id])} → {fmt_pct(draft.values[s.id])})",
                      key=why_key(s.id), max_chars=500, on_change=on_why, args=(draft.id, s.id))


def messages(d, all_slots, draft: drafts.Draft) -> None:
    """What this user's last move did to other functions, and the soft warnings. Anything that comes
    and goes above the sliders stands in a container: an element appearing before them would shift
    their place in the page, the browser would draw them anew and a key burst would lose its focus
    and its presses."""
    with st.container():  # one element however many messages: the sliders below keep their place
        moved = rview.move_message(d, last_move(draft.id))
        if moved:
            st.info(moved, icon=":material/balance:")
        for notice in reference.notices(d, all_slots, draft.values):
            st.warning(t(f"reference.notice.{notice.key}", **{k: fmt_value(v) for k, v in notice.params}),
                       icon=":material/warning:")


def draft_source(draft: drafts.Draft) -> None:
    """What the draft was started from (a version, a file, a group's proposal), in a fixed place."""
    with st.container():
        if draft.source:
            st.caption(t("reference.draft_from", source=plain(draft.source)))


def rule_choice(draft_id: int) -> None:
    st.radio(t("reference.rule"), reference.RULES, key=REF_RULE, help=t("reference.rule.help"),
             format_func={r: t(f"reference.rule.{r}") for r in reference.RULES}.__getitem__,
             on_change=on_rule, args=(draft_id,))


def versions_tab(d, service, draft_id: int, all_slots: tuple[Slot, ...]) -> None:
    """The saved versions: table, load / make active / export / delete (confirmed, undoable), compare
    two, and import a downloaded file into the editor; each message under its control."""
    con = session.store()
    groups = rview.group_names(d)
    items = versions.listing(con, service.id) if service else []
    if not items:
        st.caption(t("reference.versions.empty") if service else t("reference.no_service"))
        show_flash("versions")
    else:
        table(rview.versions_table(items))
        by_id = {v.id: v for v in items}
        label = {v.id: f"{v.name} · {v.created_at:%d.%m.%Y %H:%M:%S}" for v in items}.__getitem__
        chosen = st.selectbox(t("reference.versions.pick"), list(by_id), format_func=label, key="ref_pick")
        saved = versions.load(con, service.id, chosen)
        c1, c2, c3, c4 = st.columns(4)
        c1.button(t("reference.versions.load"), on_click=load_version,
                  args=(draft_id, saved, by_id[chosen].name), icon=":material/input:")
        c2.button(t("reference.versions.activate"), on_click=activate_version,
                  args=(service.id, chosen, by_id[chosen].name), disabled=by_id[chosen].is_active,
                  icon=":material/verified:")
        lang = current_language()
        c3.download_button(t("reference.versions.export"),
                           lambda: versions.export_xlsx(all_slots, groups, saved, by_id[chosen].name, lang),
                           file_name=versions.file_name(by_id[chosen].name), mime=XLSX_MIME, on_click="ignore",
                           icon=":material/download:")
        with c4.popover(t("reference.versions.delete"), icon=":material/delete:", disabled=by_id[chosen].is_active,
                        help=t("reference.versions.delete.active") if by_id[chosen].is_active else None):
            st.warning(t("reference.versions.delete.confirm", name=plain(by_id[chosen].name)),
                       icon=":material/warning:")
            st.button(t("reference.versions.delete.yes"), type="primary", on_click=delete_version,
                      args=(service.id, chosen, by_id[chosen].name), key="ref_delete")
        show_flash("versions")
        if len(items) > 1:
            st.subheader(t("reference.versions.compare"))
            a_col, b_col = st.columns(2)
            a_id = a_col.selectbox(t("reference.versions.a"), list(by_id), format_func=label, index=1, key="ref_a")
            b_id = b_col.selectbox(t("reference.versions.b"), list(by_id), format_func=label, index=0, key="ref_b")
            a_vals, b_vals = versions.load(con, service.id, a_id).values, versions.load(con, service.id, b_id).values
            table(rview.diff_table(d, a_vals, b_vals, by_id[a_id].name, by_id[b_id].name))
            pair = {f"A: {by_id[a_id].name}": a_vals, f"B: {by_id[b_id].name}": b_vals}
            bars(rview.split_rows(d, pair), list(pair))
    with st.form("ref_import", clear_on_submit=True):
        st.file_uploader(t("reference.import"), type=["xlsx"], key="ref_import_file")
        upload_limits(["xlsx"])
        st.form_submit_button(t("reference.import.button"), on_click=import_file, args=(draft_id, all_slots))
    show_flash("import")
