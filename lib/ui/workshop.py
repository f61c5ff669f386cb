"""Workshop glue: the participant's view behind the join link (pages/join.py) and the facilitator's
board, composition and link (pages/workshops.py). The data and the rules are in
lib/workload/workshops.py; the editor parts are the reference editor's (lib/ui/reference_editor.py).

Live: the board is a fragment that reruns every BOARD_SECONDS; a participant's page has a small
fragment that, every WATCH_SECONDS, compares one number (workshops.revision: the group's draft, the
round, the assignments) with what it last drew and redraws the page only when another participant or
the facilitator changed something.
"""

from __future__ import annotations

import io
from datetime import datetime

import segno
import streamlit as st

from lib import timing
from lib.i18n import not_a_list, plain, t
from lib.ui import page, session
from lib.ui import reference_editor as editor
from lib.ui.navigation import page_path
from lib.workload import drafts, reference, workshops
from lib.workload import reference_view as rview
from lib.workload import team as team_data
from lib.workload import workshop_view as wview
from lib.workload.reference import Slot
from lib.workload.workshops import Workshop

BOARD_SECONDS = 1.0  # the board shows a participant's move within 2 s, also under load
WATCH_SECONDS = 2.0
PARTICIPANT = "ws_participant"  # the token this browser session joined with: it sees nothing else
GROUP = "ws_group"
SEEN = "ws_seen"  # the revision (workshops.revision) this page last drew
START = "ws_start"
CHOSEN = "ws_chosen"


def participant_token() -> str | None:
    """The join link's token; once a session opened one it stays a participant's session."""
    token = st.query_params.get(wview.LINK_PARAM)
    if token:
        st.session_state[PARTICIPANT] = token
    return st.session_state.get(PARTICIPANT)


def team_split(service_id: int, all_slots: tuple[Slot, ...]) -> dict[str, float] | None:
    return team_data.split(session.store(), service_id, all_slots)


# --- the participant ---


def participant_view() -> None:
    """Only this workshop: its question, the national reference, the audit and team actuals, and the
    group's capped editor. No versions, no worker rows, no other page."""
    d = session.domain_data()
    token = st.session_state[PARTICIPANT]
    st.query_params[wview.LINK_PARAM] = token
    workshop = workshops.by_token(session.store(), token)
    if workshop is None:
        st.title(t("workshop.join.title"))
        st.info(t("workshop.join.closed"), icon=":material/lock:")
        return
    st.title(plain(workshop.title))
    st.markdown(f"**{plain(workshop.question)}**")
    group = _joined_group(workshop)
    if group is None:
        return
    st.caption(t("workshop.join.group", group=plain(group.name)))
    st.info(wview.round_text(d, workshop, group), icon=":material/groups:")
    all_slots = rview.slots(d)
    _participant_panel(workshop, group, all_slots, team_split(workshop.service_id, all_slots))
    _watch(token, group.draft_id)


def _joined_group(workshop: Workshop) -> workshops.Group | None:
    """The group from the link (kept in the URL across reloads), else the participant picks one."""
    raw = st.query_params.get(wview.GROUP_PARAM) or st.session_state.get(GROUP)
    group = workshop.group(int(raw)) if str(raw or "").isdigit() else None
    if group is not None:
        st.session_state[GROUP] = str(group.id)
        st.query_params[wview.GROUP_PARAM] = str(group.id)
        return group
    names = {g.id: plain(g.name) for g in workshop.groups}  # radio options are Markdown
    with st.form("ws_join"):
        choice = st.radio(t("workshop.join.pick"), list(names), format_func=names.__getitem__, index=None)
        if st.form_submit_button(t("workshop.join.button"), type="primary") and choice is not None:
            st.session_state[GROUP] = str(choice)
            st.rerun()
    return None


@st.fragment
@timing.measured("workshop_participant")
def _participant_panel(workshop: Workshop, group: workshops.Group, all_slots: tuple[Slot, ...],
                       team: dict[str, float] | None) -> None:
    session.restore_language()
    d = session.domain_data()
    st.session_state[SEEN] = workshops.revision(session.store(), workshop.token, group.draft_id)
    draft = editor.current(group.draft_id, all_slots)
    national = reference.national(all_slots)
    editor.totals(d, all_slots, draft.values, big=False)
    editor.rule_choice(draft.id)
    editor.messages(d, all_slots, draft)
    st.button(t("reference.undo"), on_click=editor.undo_draft, args=(draft.id,), disabled=not draft.can_undo,
              icon=":material/undo:")
    left, right = st.columns(2, gap="large")
    with left:
        editor.sliders(d, all_slots, draft, {}, with_locks=False)
    with right:
        series = {t("reference.series.national"): national, **({t("workshop.series.team"): team} if team else {}),
                  group.name: draft.values}
        editor.bars(rview.split_rows(d, series), list(series))
        audit = rview.audit_column(d)
        editor.bars(rview.group_rows(d, series, audit), [*series, audit.label])
        st.caption(t("workshop.audit_source"))
    _justification_fields(all_slots, draft, national)


def _justification_fields(all_slots: tuple[Slot, ...], draft: drafts.Draft, national: dict[str, float]) -> None:
    st.subheader(t("reference.justifications"))
    editor.justification_inputs(all_slots, draft, national)


@st.fragment(run_every=WATCH_SECONDS)
@timing.measured("workshop_watch")
def _watch(token: str, draft_id: int) -> None:
    """Redraw the page when the group's stored draft or the workshop changed under this participant
    (one small query; the page itself is drawn only when something changed)."""
    if workshops.revision(session.store(), token, draft_id) != st.session_state.get(SEEN):
        st.rerun(scope="app")


# --- the facilitator ---


def create_form(service_id: int, all_slots: tuple[Slot, ...]) -> None:
    """Title, question and up to MAX_GROUPS groups, each managers, social workers or other."""
    kinds = {k: t(f"workshop.kind.{k}") for k in workshops.KINDS}
    defaults = [(t("workshop.default.managers"), "managers"), (t("workshop.default.workers"), "workers")]
    with st.form("ws_create", clear_on_submit=True, enter_to_submit=False):
        title = st.text_input(t("workshop.create.title"), max_chars=120)
        question = st.text_area(t("workshop.create.question"), value=t("workshop.default.question"), max_chars=500)
        st.caption(t("workshop.create.groups"))
        groups = []
        for n in range(4):
            name_default, kind_default = defaults[n] if n < len(defaults) else ("", "other")
            a, b = st.columns([2, 1])
            name = a.text_input(t("workshop.create.group_name", n=n + 1), value=name_default, max_chars=60)
            kind = b.selectbox(t("workshop.create.group_kind", n=n + 1), list(kinds), format_func=kinds.__getitem__,
                               index=workshops.KINDS.index(kind_default))
            groups.append((name, kind))
        if st.form_submit_button(t("workshop.create.button"), type="primary", icon=":material/add:"):
            try:
                made = workshops.create(session.store(), service_id, title, question, groups, all_slots)
            except workshops.WorkshopError as exc:
                page.note("ws_create", "error", f"workshop.error.{exc.key}")
            else:
                st.session_state[CHOSEN] = made.id
                page.note("ws_created", "success", "workshop.created", title=made.title)  # under the closed form
                st.rerun()
    page.show_flash("ws_create")


def link_panel(workshop: Workshop) -> None:
    """The join link and its QR code, big enough to project; closing the workshop (confirmed)."""
    if not workshop.is_open:
        st.info(t("workshop.closed", time=f"{workshop.closed_at:%d.%m.%Y %H:%M}"), icon=":material/lock:")
        return
    url = wview.join_url(st.context.url, page_path("workshops"), workshop.token)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(t("workshop.link.intro"))
        st.code(url, language=None, wrap_lines=True)
        st.caption(t("workshop.link.network"))
        with st.popover(t("workshop.close"), icon=":material/lock:"):
            st.warning(t("workshop.close.confirm"), icon=":material/warning:")
            st.button(t("workshop.close.yes"), type="primary", on_click=_close, args=(workshop,), key="ws_close")
    right.image(qr_png(url), caption=t("workshop.link.qr"), width=320)


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


@page.action
def _close(workshop: Workshop) -> None:
    workshops.close(session.store(), workshop)
    page.note("ws_board", "success", "workshop.closed.now")


def rounds(d, workshop: Workshop) -> None:
    """Round 2: the facilitator opens it and gives each group one function group."""
    if workshop.round < 2:
        st.caption(not_a_list(t("workshop.round1.task")))
        st.button(t("workshop.round2.open"), on_click=_open_round, args=(workshop,), disabled=not workshop.is_open,
                  icon=":material/looks_two:")
        return
    st.markdown(t("workshop.round2.title"))
    focus = wview.focus_names(d)
    cols = st.columns(len(workshop.groups))
    for col, g in zip(cols, workshop.groups, strict=True):
        key = f"ws_focus_{g.id}"
        st.session_state[key] = g.focus
        col.selectbox(plain(g.name), list(focus), format_func=focus.__getitem__, key=key, on_change=_assign,
                      args=(workshop, g.id, key), disabled=not workshop.is_open)


@page.action
def _open_round(workshop: Workshop) -> None:
    workshops.open_round(session.store(), workshop, 2)


@page.action
def _assign(workshop: Workshop, group_id: int, key: str) -> None:
    workshops.assign(session.store(), workshop, group_id, st.session_state[key])


@st.fragment(run_every=BOARD_SECONDS)
@timing.measured("workshop_board")
def board(workshop_id: int, team: dict[str, float] | None) -> None:
    """Each group's proposal beside the national reference and the team's actual split, the spread,
    where managers and social workers differ most, and the reasons; redrawn without a click."""
    session.restore_language()
    d = session.domain_data()
    con = session.store()
    workshop = workshops.load(con, workshop_id)
    proposed = workshops.proposals(con, workshop)
    st.caption(t("workshop.board.live", time=f"{datetime.now():%H:%M:%S}"))
    page.table(wview.board_table(d, workshop, proposed, team))
    page.table(wview.groups_table(d, workshop, proposed, team))
    st.caption(t("workshop.audit_source"))
    gaps = wview.gaps_lines(d, workshop, proposed)
    st.subheader(t("workshop.gaps"))
    if gaps:
        st.markdown("\n".join(f"- {plain(line)}" for line in gaps))
    else:
        st.caption(t("workshop.gaps.none"))
    st.subheader(t("workshop.reasons"))
    reasons = wview.justifications_table(d, workshop, proposed)
    if reasons:
        page.table(reasons)
    else:
        st.caption(t("workshop.reasons.none"))
    series = wview.series(d, workshop, proposed, team)
    editor.bars(rview.split_rows(d, series), list(series), big=True)


def compose(d, workshop: Workshop, all_slots: tuple[Slot, ...]) -> None:
    """The agreed reference: start from the national one, a group's proposal or the median, edit it
    with the same capped editor, save it as a version that names the workshop."""
    con = session.store()
    agreed = workshops.agreed_draft(con, workshop, all_slots)
    starts = {workshops.NATIONAL: t("workshop.start.national"), workshops.MEDIAN: t("workshop.start.median"),
              **{str(g.id): t("workshop.start.group", group=g.name) for g in workshop.groups}}
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.selectbox(t("workshop.start"), list(starts), format_func=starts.__getitem__, key=START)
    b.button(t("workshop.start.button"), on_click=_start, args=(workshop, agreed.id, all_slots, starts),
             icon=":material/input:")
    page.show_flash("ws_start")
    _compose_panel(workshop, agreed.id, all_slots)


@page.action
def _start(workshop: Workshop, draft_id: int, all_slots: tuple[Slot, ...], starts: dict[str, str]) -> None:
    choice = st.session_state.get(START, workshops.NATIONAL)
    values, reasons = workshops.starting_point(workshop, workshops.proposals(session.store(), workshop), choice,
                                               all_slots, reference.reduce_first_order(session.domain_data(),
                                                                                       all_slots))
    editor.replace_draft(draft_id, values, reasons, starts[choice])
    page.note("ws_start", "success", "workshop.started", source=starts[choice])


@st.fragment
def _compose_panel(workshop: Workshop, draft_id: int, all_slots: tuple[Slot, ...]) -> None:
    """The agreed reference in the projector layout, its reasons and the save form."""
    session.restore_language()
    d = session.domain_data()
    draft = editor.current(draft_id, all_slots)
    national = reference.national(all_slots)
    editor.projector(d, all_slots, draft, {t("reference.series.national"): national,
                                           t("workshop.series.agreed"): draft.values},
                     with_locks=True, big_chart=False)
    _justification_fields(all_slots, draft, national)
    editor.save_form(workshop.service_id, all_slots, draft, make_active=True, workshop_id=workshop.id)


