"""The self-assessment page's parts (Streamlit glue, like lib/ui.py): every widget writes to DuckDB
in its callback, so a reload or a restart shows exactly what the group entered.

Callbacks run before the router sets the language: they store catalog keys (ui.flash), never text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

import streamlit as st

from lib import assessment as A
from lib import assessment_form as form
from lib import assessment_view as view
from lib import assessments, charts, session, ui
from lib.assessments import AssessmentError, PlanItem, Snapshot
from lib.domain import Catalogue
from lib.i18n import current_language, parse_num, set_language, t

PICK = "sa_pick"
FORM_OUTCOME = "sa_form_outcome"


def _safe(key: str) -> str:
    return key.replace(".", "_")


def _run(action: Callable[..., object], *args: object, ok: str | None = None, **params: object) -> bool:
    """Call a store function; show its AssessmentError as a message instead of a traceback."""
    try:
        action(session.store(), *args)
    except AssessmentError as exc:
        ui.flash("error", f"sa.error.{exc.key}", **exc.params)
        return False
    except A.ScoreError:
        ui.flash("error", "sa.error.score", low=A.SCORE_MIN, high=A.SCORE_MAX)
        return False
    if ok:
        ui.flash("success", ok, **params)
    return True


def _deferred(build: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """Build a download only when it is clicked (an xlsx costs more than the rest of the page run).
    Streamlit runs it in another thread, so it takes the page's language along."""
    lang = current_language()

    def run() -> bytes:
        set_language(lang)
        return build(*args)

    return run


def _not_a_list(text: str) -> str:
    """Markdown would turn "2. līmenis: …" into list item 2 and drop the number from the text."""
    return re.sub(r"^(\d+)\.", r"\1\\.", text)


def forget(prefix: str) -> None:
    """Drop widget state under `prefix` so the widgets show the stored values again."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def assessment_label(a: assessments.Assessment) -> str:
    title = f" · {a.title}" if a.title else ""
    return f"{a.year} · {t(f'sa.standard.{a.standard}')} · {t(f'sa.status.{a.status}')}{title}"


# --- choosing and creating --------------------------------------------------------------------------


def _create(service_id: int, earlier: dict[int, assessments.Assessment]) -> None:
    s = st.session_state
    members = [line for line in (s.get("sa_new_members") or "").splitlines() if line.strip()]
    copy = s.get("sa_new_copy")
    try:
        new_id = assessments.create(session.store(), service_id, int(s["sa_new_year"]), s["sa_new_standard"],
                                    s.get("sa_new_title") or "", members, copy if copy in earlier else None)
    except AssessmentError as exc:
        ui.flash("error", f"sa.error.{exc.key}", **exc.params)
        return
    s[PICK] = new_id
    ui.flash("success", "sa.created", year=s["sa_new_year"])


def choose(service_id: int, existing: list[assessments.Assessment]) -> int | None:
    """The assessment selector and the "new assessment" form; returns the chosen id."""
    by_id = {a.id: a for a in existing}
    if st.session_state.get(PICK) not in by_id:
        st.session_state.pop(PICK, None)
    with st.expander(t("sa.new"), expanded=not existing, icon=":material/add:"), \
            st.form("sa_new", enter_to_submit=False):
        left, right = st.columns(2)
        left.number_input(t("sa.new.year"), assessments.FIRST_YEAR, assessments.LAST_YEAR, date.today().year,
                          key="sa_new_year")
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


def _status(service_id: int, assessment_id: int) -> None:
    _run(assessments.set_status, service_id, assessment_id, st.session_state[f"sa_status_{assessment_id}"],
         ok="sa.status.saved")


def _delete(service_id: int, assessment_id: int) -> None:
    if _run(assessments.delete, service_id, assessment_id, ok="sa.deleted"):
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
        st.warning(t("sa.delete.confirm", label=assessment_label(a)))
        st.button(t("sa.delete.yes"), type="primary", on_click=_delete, args=(service_id, a.id), key="sa_delete")


# --- working group and standard ------------------------------------------------------------------------


def _add_member(service_id: int, assessment_id: int) -> None:
    name = st.session_state.get("sa_member_name") or ""
    if _run(assessments.add_member, service_id, assessment_id, name, ok="sa.member.added", name=name.strip()):
        st.session_state["sa_member_name"] = ""


def _remove_member(service_id: int, assessment_id: int, member_id: int) -> None:
    _run(assessments.remove_member, service_id, assessment_id, member_id, ok="sa.member.removed")


def _decide(service_id: int, practice_id: str) -> None:
    choice = st.session_state[f"sa_decide_{_safe(practice_id)}"]
    _run(assessments.set_decision, service_id, practice_id, None if choice == "undecided" else choice)


def _add_practice(service_id: int) -> None:
    s = st.session_state
    try:
        code = assessments.add_custom_practice(session.store(), service_id, s["sa_custom_sub"],
                                               s.get("sa_custom_text") or "")
    except AssessmentError as exc:
        ui.flash("error", f"sa.error.{exc.key}")
        return
    s["sa_custom_text"] = ""
    ui.flash("success", "sa.custom.added", code=code)


def group_tab(cat: Catalogue, service_id: int, snap: Snapshot) -> None:
    a = snap.assessment
    st.subheader(t("sa.members"))
    st.caption(t("sa.members.help"))
    for m in snap.members:
        left, right = st.columns([4, 1])
        scored = sum(1 for (mid, _, _) in snap.individual if mid == m.id)
        left.markdown(t("sa.member.line", name=m.name, scored=scored))
        right.button(t("sa.member.remove"), key=f"sa_rm_{m.id}", on_click=_remove_member,
                     args=(service_id, a.id, m.id), icon=":material/person_remove:")
    with st.form("sa_member_form", enter_to_submit=True, border=False):
        st.text_input(t("sa.member.name"), key="sa_member_name", max_chars=120)
        st.form_submit_button(t("sa.member.add"), on_click=_add_member, args=(service_id, a.id),
                              icon=":material/person_add:")

    st.subheader(t("sa.counts"))
    st.markdown(t(f"sa.standard.{a.standard}.about"))
    st.table(view.counts_rows(cat, snap), hide_index=True, border="horizontal")
    st.caption(t("sa.counts.note"))

    undecided = [p for p in cat.practices if p.in_base is None]
    with st.expander(t("sa.unconfirmed", count=len(undecided)), icon=":material/help:"):
        st.caption(t("sa.unconfirmed.help"))
        choices = ("undecided", *A.DECISIONS)
        labels = {c: t(f"sa.decision.{c}") for c in choices}
        for p in undecided:
            st.radio(f"{p.id} {p.text_lv if current_language() == 'lv' else p.gloss_en or p.text_lv}", choices,
                     index=choices.index(snap.decisions.get(p.id, "undecided")), horizontal=True,
                     format_func=labels.__getitem__, key=f"sa_decide_{_safe(p.id)}", on_change=_decide,
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
            st.markdown(f"**{c.code}** {c.text}")


# --- individual scoring ------------------------------------------------------------------------------


def _score_key(assessment_id: int, member_id: int, kind: str, item_id: str) -> str:
    return f"sa_ind_{assessment_id}_{member_id}_{kind}_{_safe(item_id)}"


def _set_individual(service_id: int, assessment_id: int, member_id: int, kind: str, item_id: str) -> None:
    value = st.session_state[_score_key(assessment_id, member_id, kind, item_id)]
    _run(assessments.set_individual, service_id, assessment_id, member_id, kind, item_id,
         None if value is None else int(value))


def _score_input(cat: Catalogue, service_id: int, snap: Snapshot, member_id: int, kind: str, item_id: str,
                 label: str) -> None:
    key = _score_key(snap.assessment.id, member_id, kind, item_id)
    current = snap.individual.get((member_id, kind, item_id))
    field, band = st.columns([1, 4], vertical_alignment="bottom")
    value = field.number_input(label, A.SCORE_MIN, A.SCORE_MAX, current,
                               step=1, key=key, placeholder=t("sa.score.placeholder"), on_change=_set_individual,
                               args=(service_id, snap.assessment.id, member_id, kind, item_id))
    band.caption(view.band_text(cat, kind, value) if value is not None else t("sa.score.none"))


def criterion_picker(cat: Catalogue, key: str) -> str:
    ids = [c.id for c in cat.criteria]
    return st.selectbox(t("sa.col.criterion"), ids, key=key,
                        format_func={c: view.criterion_name(cat, c) for c in ids}.__getitem__)


def individual_tab(cat: Catalogue, service_id: int, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    if not snap.members:
        st.info(t("sa.no_members"), icon=":material/group_add:")
        return
    names = {m.id: m.name for m in snap.members}
    left, right = st.columns(2)
    member_id = left.selectbox(t("sa.member"), list(names), format_func=names.__getitem__, key="sa_member")
    with right:
        cid = criterion_picker(cat, "sa_ind_criterion")
    st.caption(t("sa.individual.help"))
    lang = current_language()
    if A.criterion_kind(cat, cid) == "enabler":
        for s in (s for s in cat.subcriteria if s.criterion_id == cid):
            st.markdown(f"**{s.id} {view.subcriterion_text(cat, s.id)}**")
            for item in (i for i in items if i.subcriterion_id == s.id):
                with st.container(border=True):
                    badge = "" if item.status in ("base", "optimal") else f" · _{t(f'sa.status_base.{item.status}')}_"
                    st.markdown(f"{item.id}{badge} — {item.text(lang)}")
                    _score_input(cat, service_id, snap, member_id, "practice", item.id,
                                 t("sa.score.label", id=item.id))
    else:
        for gid, sub, crit, name in form.result_groups(cat, snap, lang):
            if crit != cid:
                continue
            with st.container(border=True):
                st.markdown(f"**{sub}** {name}")
                for dim in cat.dimensions:
                    _score_input(cat, service_id, snap, member_id, dim, gid, t(f"sa.kind.{dim}"))
    _form_round_trip(cat, service_id, snap, member_id)


def _form_round_trip(cat: Catalogue, service_id: int, snap: Snapshot, member_id: int) -> None:
    st.subheader(t("sa.form"))
    st.caption(t("sa.form.help"))
    lang = current_language()
    name = snap.member_name(member_id)
    st.download_button(t("sa.form.download", name=name), _deferred(form.export_form, cat, snap, member_id, lang),
                       file_name=form.file_name(snap, name, lang),
                       mime=ui.XLSX_MIME, icon=":material/download:", on_click="ignore", key="sa_form_download")
    with st.form("sa_form_upload", clear_on_submit=True, enter_to_submit=False):
        upload = st.file_uploader(t("sa.form.upload"), type=["xlsx", "ods", "xls", "csv"], key="sa_form_file")
        submitted = st.form_submit_button(t("sa.form.upload.submit"), icon=":material/upload:")
    if submitted and upload is not None:
        parsed = form.parse_form(upload.name, upload.getvalue(), session.domain_data().catalogue, snap)
        if not parsed.problems and parsed.member_id is not None:
            assessments.set_individual_many(session.store(), service_id, snap.assessment.id, parsed.member_id,
                                            parsed.scores, replace=True)
            forget(f"sa_ind_{snap.assessment.id}_{parsed.member_id}_")
        st.session_state[FORM_OUTCOME] = (snap.assessment.id, parsed)
        st.rerun()
    assessment_id, parsed = st.session_state.get(FORM_OUTCOME, (None, None))
    if parsed is not None and assessment_id == snap.assessment.id:
        if parsed.problems:
            st.error(t("sa.form.rejected", file=parsed.file, count=len(parsed.problems)), icon=":material/error:")
            st.dataframe(ui.problems_table(parsed.problems), hide_index=True)
        else:
            st.success(t("sa.form.stored", file=parsed.file, name=snap.member_name(parsed.member_id),
                         count=sum(v is not None for v in parsed.scores.values())), icon=":material/check_circle:")


# --- consensus ----------------------------------------------------------------------------------------


def _agreed_keys(assessment_id: int, kind: str, item_id: str) -> tuple[str, str, str, str]:
    """Widget keys carry the assessment: another assessment's typed value must never show here."""
    base = f"sa_agr_{assessment_id}_{kind}_{_safe(item_id)}"
    return base, base + "_why", base + "_strengths", base + "_improve"


def _save_agreed(service_id: int, assessment_id: int, kind: str, item_id: str) -> None:
    s = st.session_state
    score, why, strengths, improve = _agreed_keys(assessment_id, kind, item_id)
    value = s.get(score)
    _run(assessments.set_agreed, service_id, assessment_id, kind, item_id, None if value is None else int(value),
         s.get(why) or "", s.get(strengths) or "", s.get(improve) or "", ok="sa.agreed.saved", item=item_id)


def agreed_form(cat: Catalogue, service_id: int, snap: Snapshot, kind: str, item_id: str, title: str,
                notes: Sequence[str]) -> None:
    """The group's agreed score for one item, entered by hand; the spread is shown beside it only."""
    current = snap.agreed.get((kind, item_id))
    score_key, why, strengths, improve = _agreed_keys(snap.assessment.id, kind, item_id)
    with st.form(f"sa_form_{kind}_{_safe(item_id)}", enter_to_submit=False):
        st.markdown(f"**{title}**")
        for note in notes:
            st.caption(note)
        if notes:
            st.caption(t("sa.aid.note"))
        value = st.number_input(t("sa.agreed.score"), A.SCORE_MIN, A.SCORE_MAX,
                                current.score if current else None, step=1, key=score_key,
                                placeholder=t("sa.score.placeholder"))
        if kind == "criterion":
            st.text_area(t("sa.col.strengths"), current.strengths if current else "", key=strengths)
            st.text_area(t("sa.col.improvements"), current.improvements if current else "", key=improve)
        else:
            st.text_area(t("sa.agreed.rationale"), current.rationale if current else "", key=why)
        st.form_submit_button(t("sa.agreed.save"), on_click=_save_agreed, args=(service_id, snap.assessment.id,
                                                                                  kind, item_id))
    if current is not None:
        if kind == "criterion":
            lvl, text = view.level_text(cat, item_id, current.score)
            st.success(_not_a_list(t("sa.level", level=lvl, text=text)), icon=":material/military_tech:")
        else:
            st.caption(t("sa.agreed.stored", score=current.score, band=view.band_text(cat, kind, current.score)))
    elif value is not None:
        st.caption(view.band_text(cat, kind, value))


def consensus_tab(cat: Catalogue, service_id: int, snap: Snapshot) -> None:
    spread = A.spreads(snap.individual_rows(), min_members=1)
    st.caption(t("sa.consensus.help"))
    if not spread:
        st.info(t("sa.consensus.empty"), icon=":material/info:")
        return
    st.dataframe(view.spread_rows(cat, snap, spread), hide_index=True)
    labels = {(s.kind, s.item_id): t("sa.consensus.option", id=s.item_id, kind=t(f"sa.kind.{s.kind}"),
                                     range=s.aid.range) for s in spread}
    pick = st.selectbox(t("sa.consensus.pick"), list(labels), format_func=labels.__getitem__, key="sa_consensus_pick")
    chosen = next(s for s in spread if (s.kind, s.item_id) == pick)
    st.markdown(" · ".join(f"{name}: **{score}**" for name, score in chosen.scores.items()))
    agreed_form(cat, service_id, snap, chosen.kind, chosen.item_id, labels[pick],
                view.aid_note("sa.aid.members", chosen.scores.values()))


# --- agreed subcriterion and criterion scores, evidence ----------------------------------------------------


def _add_evidence(service_id: int, assessment_id: int, practice_id: str) -> None:
    s = st.session_state
    base = f"sa_ev_{_safe(practice_id)}"
    if _run(assessments.add_evidence, service_id, assessment_id, practice_id, s.get(base) or "",
            s.get(base + "_link") or "", ok="sa.evidence.added"):
        s[base], s[base + "_link"] = "", ""


def _delete_row(service_id: int, assessment_id: int, table: str, row_id: int) -> None:
    _run(assessments.delete_row, service_id, assessment_id, table, row_id, ok="sa.deleted_row")


def _evidence(service_id: int, snap: Snapshot, item: A.Item) -> None:
    entries = [e for e in snap.evidence if e.practice_id == item.id]
    with st.expander(t("sa.evidence.title", id=item.id, count=len(entries)), icon=":material/attach_file:"):
        st.caption(item.text(current_language()))
        for e in entries:
            left, right = st.columns([5, 1])
            left.markdown(f"{e.text}" + (f" — {e.link}" if e.link else ""))
            right.button(t("sa.remove"), key=f"sa_ev_rm_{e.id}", on_click=_delete_row,
                         args=(service_id, snap.assessment.id, "evidence", e.id))
        base = f"sa_ev_{_safe(item.id)}"
        with st.form(base + "_form", border=False, enter_to_submit=False):
            st.text_input(t("sa.evidence.text"), key=base, max_chars=1000)
            st.text_input(t("sa.evidence.link"), key=base + "_link", max_chars=500)
            st.form_submit_button(t("sa.evidence.add"), on_click=_add_evidence,
                                  args=(service_id, snap.assessment.id, item.id))


def criteria_tab(cat: Catalogue, service_id: int, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    st.caption(t("sa.agreed.rule"))
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


# --- results indicators ----------------------------------------------------------------------------------


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
        ui.flash("error", "sa.error.indicator_number", years=", ".join(bad))
        return None
    return target, {y: v for y, (_, v) in read.items()}


def _add_indicator(service_id: int, snap: Snapshot, years: tuple[int, ...]) -> None:
    s = st.session_state
    read = _read_indicator("sa_indv", years)
    if read and _run(assessments.add_indicator, service_id, snap.assessment.id, s["sa_ind_group"],
                     s.get("sa_ind_name") or "", s.get("sa_ind_unit") or "", *read, ok="sa.indicator.added"):
        for key in ("sa_ind_name", "sa_ind_unit", "sa_indv_target", *(f"sa_indv_{y}" for y in years)):
            s[key] = ""


def _typed(value: float | None) -> str:
    """A stored number as the user would type it back (all its digits, decimal comma in Latvian)."""
    if value is None:
        return ""
    text = format(value, "f").rstrip("0").rstrip(".")
    return text.replace(".", ",") if current_language() == "lv" else text


def _save_indicator(service_id: int, snap: Snapshot, indicator_id: int, years: tuple[int, ...]) -> None:
    read = _read_indicator(f"sa_inde_{indicator_id}", years)
    if read:
        _run(assessments.set_indicator, service_id, snap.assessment.id, indicator_id,
             st.session_state.get(f"sa_inde_{indicator_id}_unit") or "", *read, ok="sa.indicator.saved")


def _indicator_form(service_id: int, snap: Snapshot, ind: assessments.Indicator) -> None:
    """The chosen indicator's unit, target and yearly values, to add this year's value or correct one."""
    years = A.indicator_years(session.domain_data().catalogue, snap.assessment.year)
    with st.form(f"sa_inde_{ind.id}", enter_to_submit=False):
        st.markdown(f"**{ind.name}**")
        left, right = st.columns(2)
        left.text_input(t("sa.col.unit"), ind.unit, key=f"sa_inde_{ind.id}_unit", max_chars=40)
        right.text_input(t("sa.col.target"), _typed(ind.target), key=f"sa_inde_{ind.id}_target", max_chars=40)
        for col, y in zip(st.columns(len(years)), years, strict=True):
            col.text_input(str(y), _typed(ind.values.get(y)), key=f"sa_inde_{ind.id}_{y}", max_chars=40)
        st.form_submit_button(t("sa.indicator.save"), on_click=_save_indicator, args=(service_id, snap, ind.id, years))


def _add_group(service_id: int, assessment_id: int) -> None:
    s = st.session_state
    if _run(assessments.add_group, service_id, assessment_id, s["sa_grp_sub"], s.get("sa_grp_name") or "",
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
        right.button(t("sa.remove"), key="sa_ind_remove", on_click=_delete_row,
                     args=(service_id, a.id, "indicators", chosen))
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


# --- improvement plan ----------------------------------------------------------------------------------------


def _plan_from_seed(service_id: int, assessment_id: int, priority: str, source: str) -> None:
    _run(assessments.add_plan_item, service_id, assessment_id, PlanItem(0, priority, source=source),
         ok="sa.plan.added")


PLAN_TEXT = ("priority", "goal", "expected_results", "indicators", "measures", "responsible", "resources")


def _plan_key(row: int, field: str) -> str:
    return f"sa_plan_{row or 'new'}_{field}"


def _save_plan(service_id: int, assessment_id: int, row: int, source: str) -> None:
    """Add the new row (row 0) or save every field of an existing one."""
    s = st.session_state
    text = {f: s.get(_plan_key(row, f)) or "" for f in PLAN_TEXT}
    item = PlanItem(row, deadline=s.get(_plan_key(row, "deadline")), is_change=bool(s.get(_plan_key(row, "is_change"))),
                    status=s.get(_plan_key(row, "status")) or A.PLAN_STATUSES[0], source=source, **text)
    if row == 0:
        if _run(assessments.add_plan_item, service_id, assessment_id, item, ok="sa.plan.added"):
            forget(_plan_key(0, ""))
    else:
        _run(assessments.update_plan_item, service_id, assessment_id, item, ok="sa.plan.saved")


def _check(service_id: int, assessment_id: int, check_list: str, idx: int) -> None:
    _run(assessments.set_check, service_id, assessment_id, check_list, idx,
         bool(st.session_state[f"sa_chk_{assessment_id}_{check_list}_{idx}"]))


def plan_tab(cat: Catalogue, service_id: int, snap: Snapshot) -> None:
    a = snap.assessment
    st.caption(t("sa.plan.help", max=A.priorities_max(cat)))
    seeds = A.plan_seeds(cat, snap.agreed_scores("criterion"), A.spreads(snap.individual_rows()))
    taken = {p.source for p in snap.plan}
    st.markdown(f"**{t('sa.plan.seeds')}**")
    if not seeds:
        st.caption(t("sa.plan.seeds.empty"))
    for n, seed in enumerate(seeds):
        text = view.seed_text(cat, snap, seed)
        source = f"{seed.kind}:{seed.item_id}"
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(_not_a_list(text))
        right.button(t("sa.plan.seed.add"), key=f"sa_seed_{n}", disabled=source in taken,
                     on_click=_plan_from_seed, args=(service_id, a.id, text, source), icon=":material/add:")
    rows = view.plan_rows(snap)
    if rows:
        st.dataframe(rows, hide_index=True)
    by_id = {p.id: p for p in snap.plan}
    labels = {0: t("sa.plan.new"), **{p.id: p.priority for p in snap.plan}}
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    row = left.selectbox(t("sa.plan.row"), list(labels), format_func=labels.__getitem__, key="sa_plan_row")
    right.button(t("sa.remove"), key="sa_plan_remove", on_click=_delete_row, disabled=row == 0,
                 args=(service_id, a.id, "plan_items", row))
    item = by_id.get(row) or PlanItem(0, "")
    key = partial(_plan_key, row)
    statuses = {x: t(f"sa.plan.status.{x}") for x in A.PLAN_STATUSES}
    with st.form(f"sa_plan_form_{row}", enter_to_submit=False):
        st.text_input(t("sa.plan.col.priority"), item.priority, key=key("priority"), max_chars=300)
        st.text_area(t("sa.plan.col.goal"), item.goal, key=key("goal"), help=t("sa.plan.smart"), height=80)
        left, right = st.columns(2)
        left.text_area(t("sa.plan.col.expected_results"), item.expected_results, key=key("expected_results"),
                       height=80)
        right.text_area(t("sa.plan.col.indicators"), item.indicators, key=key("indicators"), height=80)
        st.text_area(t("sa.plan.col.measures"), item.measures, key=key("measures"), height=80)
        cols = st.columns(3)
        cols[0].text_input(t("sa.plan.col.responsible"), item.responsible, key=key("responsible"), max_chars=200)
        cols[1].date_input(t("sa.plan.col.deadline"), item.deadline, key=key("deadline"), format="DD.MM.YYYY")
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


# --- overview: charts, comparison, export ------------------------------------------------------------------


def overview_tab(cat: Catalogue, service_id: int, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    a = snap.assessment
    level_rows = view.level_chart_rows(cat, snap)
    if level_rows:
        st.altair_chart(charts.level_bars(level_rows, view.level_bands(cat), t("sa.chart.score")), width="stretch")
    else:
        st.info(t("sa.overview.empty"), icon=":material/info:")
    st.dataframe(view.criteria_rows(cat, snap, items), hide_index=True)
    heat_rows = view.heatmap_rows(cat, snap)
    if heat_rows:
        st.subheader(t("sa.heatmap"))
        st.altair_chart(charts.score_heatmap(heat_rows, t("sa.chart.score")), width="stretch")
    st.subheader(t("sa.years"))
    compared = A.compare_years(assessments.agreed_by_year(session.store(), service_id), [c.id for c in cat.criteria],
                               a.year)
    year_rows = view.year_chart_rows(cat, compared)
    if len({r["year"] for r in year_rows}) > 1:
        st.altair_chart(charts.year_bars(year_rows, t("sa.chart.score")), width="stretch")
    else:
        st.caption(t("sa.years.single"))
    st.dataframe(view.year_rows(cat, compared), hide_index=True)
    title = t("sa.report.title", year=a.year, standard=t(f"sa.standard.{a.standard}"))
    st.download_button(t("sa.report.download"), _deferred(view.report_xlsx, cat, snap, items, title),
                       file_name=f"{t('sa.report.file')}_{a.year}.xlsx", mime=ui.XLSX_MIME,
                       icon=":material/download:", on_click="ignore", key="sa_report_download")
