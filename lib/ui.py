"""Small rendering helpers shared by the pages (header with the DEMO banner, messages, forms)."""

from __future__ import annotations

import streamlit as st

from lib import imports, reference, session, versions
from lib import reference_view as rview
from lib.i18n import LANGUAGES, current_language, fmt_date, fmt_num, fmt_pct, fmt_value, t
from lib.imports import ImportRecord, Outcome
from lib.ingest import Problem
from lib.services import TERRITORY_TYPES, Profile, ProfileError, Service, create_service, update_profile


def header(page_key: str) -> Service | None:
    """Title of the page, the current service under it, and the DEMO banner when it is demo data."""
    session.ensure_router()
    st.title(t(f"nav.{page_key}"))
    service = session.current_service()
    if service is not None:
        st.caption(service.profile.name)
        if service.is_demo:
            st.warning(t("demo.banner"), icon=":material/science:")
    return service


FLASH_KEY = "flash"


def flash(kind: str, key: str, **params: object) -> None:
    """Queue a message for this run's page. Callbacks run before app.py sets the language, so the
    message is stored as a catalog key and translated when shown."""
    st.session_state[FLASH_KEY] = (kind, key, params)


def show_flash() -> None:
    kind, key, params = st.session_state.pop(FLASH_KEY, (None, None, {}))
    if kind == "success":
        st.success(t(key, **params), icon=":material/check_circle:")
    elif kind == "error":
        st.error(t(key, **params), icon=":material/error:")


def _save_profile(form_key: str, service_id: int | None) -> None:
    state = st.session_state
    inhabitants = state[f"{form_key}.inhabitants"]
    profile = Profile(
        name=state[f"{form_key}.name"] or "",
        municipality=state[f"{form_key}.municipality"] or "",
        inhabitants=None if inhabitants is None else int(inhabitants),
        territory_type=state[f"{form_key}.territory"],
    )
    con = session.store()
    try:
        if service_id is None:
            session.select_service(create_service(con, profile))
            flash("success", "profile.created", name=profile.name.strip())
        elif update_profile(con, service_id, profile):
            flash("success", "profile.saved")
        else:
            flash("success", "profile.unchanged")
    except ProfileError as exc:
        flash("error", exc.key)


def profile_form(service: Service | None) -> None:
    """The service profile (name, municipality, inhabitants, territory type); creates a service when
    `service` is None. Saved in a callback so the service selector can switch to a new service."""
    form_key = f"profile.{service.id if service else 'new'}"
    current = service.profile if service else Profile(name="")
    with st.form(form_key, clear_on_submit=service is None, enter_to_submit=False):
        st.text_input(t("profile.name"), value=current.name, key=f"{form_key}.name", max_chars=200)
        st.text_input(t("profile.municipality"), value=current.municipality, key=f"{form_key}.municipality",
                      max_chars=200)
        st.number_input(t("profile.inhabitants"), min_value=0, max_value=10_000_000, step=100,
                        value=current.inhabitants, key=f"{form_key}.inhabitants", help=t("profile.inhabitants.help"))
        st.selectbox(
            t("profile.territory"),
            TERRITORY_TYPES,
            index=TERRITORY_TYPES.index(current.territory_type) if current.territory_type else None,
            format_func={code: t(f"territory.{code}") for code in TERRITORY_TYPES}.__getitem__,
            placeholder=t("profile.territory.placeholder"),
            key=f"{form_key}.territory",
        )
        st.form_submit_button(
            t("profile.create") if service is None else t("profile.save"),
            type="primary",
            on_click=_save_profile,
            args=(form_key, service.id if service else None),
        )


def services_table(services: list[Service]) -> list[dict[str, str]]:
    """Rows for the services overview, with translated column names and Latvian number format."""
    return [
        {
            t("profile.name"): s.profile.name,
            t("profile.municipality"): s.profile.municipality,
            t("profile.inhabitants"): fmt_num(s.profile.inhabitants, 0),
            t("profile.territory"): t(f"territory.{s.profile.territory_type}") if s.profile.territory_type else "–",
            t("settings.demo_column"): t("demo.badge") if s.is_demo else "",
        }
        for s in services
    ]


TEMPLATE_KINDS: tuple[str, ...] = ("workload", "batch", "caseload")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_downloads(key: str) -> None:
    """Download buttons for the three form templates, in a language the user picks (default: the UI's)."""
    lang = st.segmented_control(
        t("templates.language"), LANGUAGES, default=current_language(), key=f"{key}.template_lang",
        format_func={code: t(f"app.language.{code}", lang=code) for code in LANGUAGES}.__getitem__,
    ) or current_language()
    for col, kind in zip(st.columns(len(TEMPLATE_KINDS)), TEMPLATE_KINDS, strict=True):
        file_name, data = session.template(kind, lang)
        with col:
            st.download_button(t(f"templates.{kind}"), data, file_name=file_name, mime=XLSX_MIME, on_click="ignore",
                               icon=":material/download:", key=f"{key}.download.{kind}")
            st.caption(t(f"templates.{kind}.help"))


def problems_table(problems: tuple[Problem, ...]) -> list[dict[str, str]]:
    """Rows for a problem report: where, the value found, and what to do, in the UI language."""
    return [
        {
            t("report.col.severity"): t(f"report.severity.{p.severity}"),
            t("report.col.sheet"): p.sheet or "–",
            t("report.col.row"): "–" if p.row is None else str(p.row),
            t("report.col.column"): p.column or "–",
            t("report.col.value"): p.shown_value(),
            t("report.col.message"): p.message(),
        }
        for p in problems
    ]


def outcome_summary(outcomes: list[Outcome]) -> str:
    counts = {status: sum(o.status == status for o in outcomes) for status in OUTCOME_STATUSES}
    return t("report.summary", total=len(outcomes), **counts)


OUTCOME_STATUSES = (imports.IMPORTED, imports.REJECTED, imports.DUPLICATE, imports.CONFLICT, imports.SKIPPED)


def outcome_report(outcome: Outcome) -> None:
    """One file's result: imported (with warnings), rejected (with every located problem), duplicate,
    waiting for a decision, or skipped."""
    parsed = outcome.parsed
    kind = t(f"report.kind.{parsed.kind}") if parsed.kind else ""
    if outcome.status == imports.IMPORTED:
        st.success(t("report.imported", file=parsed.name, kind=kind, rows=parsed.row_count,
                     workers=len({f.code for f in parsed.forms} | {r.code for r in parsed.caseload})),
                   icon=":material/check_circle:")
    elif outcome.status == imports.REJECTED:
        st.error(t("report.rejected", file=parsed.name, errors=len(parsed.errors)), icon=":material/block:")
    elif outcome.status == imports.DUPLICATE:
        when = fmt_date(outcome.duplicate_of.imported_at) if outcome.duplicate_of else ""
        st.info(t("report.duplicate" if outcome.duplicate_of else "report.duplicate_in_batch", file=parsed.name,
                  when=when), icon=":material/content_copy:")
    elif outcome.status == imports.CONFLICT:
        st.warning(t("report.conflict", file=parsed.name), icon=":material/help:")
    else:
        st.info(t("report.skipped", file=parsed.name), icon=":material/skip_next:")
    if parsed.problems:
        with st.expander(t("report.problems", errors=len(parsed.errors), warnings=len(parsed.warnings)),
                         expanded=outcome.status == imports.REJECTED):
            st.table(problems_table(parsed.problems), border="horizontal", hide_index=True)


def conflict_text(outcome: Outcome) -> str:
    lines = [t("conflict.file", file=outcome.parsed.name)]
    lines += [t("conflict.line", code=c.code, start=fmt_date(c.period_start), end=fmt_date(c.period_end),
                stored=c.file_name) for c in outcome.conflicts]
    return "\n".join(f"- {line}" if i else line for i, line in enumerate(lines))


def history_table(records: list[ImportRecord]) -> list[dict[str, str]]:
    return [
        {
            t("history.col.file"): (t("demo.badge") + " · " if r.is_demo else "") + r.file_name,
            t("history.col.kind"): t(f"report.kind.{r.kind}"),
            t("history.col.time"): f"{fmt_date(r.imported_at)} {r.imported_at:%H:%M}",
            t("history.col.rows"): str(r.row_count),
            t("history.col.who"): r.imported_by or "–",
            t("history.col.sha"): r.sha256[:12],
        }
        for r in records
    ]


def load_reference_version(all_slots, saved, name: str) -> None:
    """Button callback: put a saved version into the editor (undoable)."""
    session.replace_draft(all_slots, saved.values, saved.justifications, name)
    flash("success", "reference.versions.loaded", name=name)


def activate_reference_version(service_id: int, version_id: int, name: str) -> None:
    versions.set_active(session.store(), service_id, version_id)
    flash("success", "reference.versions.activated", name=name)


def import_reference(all_slots) -> None:
    """Form callback (widgets may only be changed before they are drawn): a downloaded reference
    file back into the editor, or the row that is wrong."""
    upload = st.session_state.get("ref_import_file")
    if upload is None:
        return
    try:
        loaded = versions.import_xlsx(upload.getvalue(), all_slots)
    except versions.VersionError as exc:
        flash("error", f"reference.error.{exc.key}", **exc.params)
        return
    session.replace_draft(all_slots, loaded.values, loaded.justifications, upload.name)
    flash("success", "reference.imported", file=upload.name)



# --- the reference editor's parts (pages/reference.py draws them in the editor and workshop views) ---


def reference_totals(d, all_slots, values, *, big: bool) -> None:
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


def reference_sliders(d, all_slots, values, hinted: dict[str, list[str]], *, with_locks: bool) -> None:
    """One slider per function (the 4 % block as one), grouped, each with its hours; locks optional."""
    order = reference.reduce_first_order(d, all_slots)
    group_totals = reference.group_totals(all_slots, values)
    for gid, name in rview.group_names(d).items():
        st.markdown(f"**{name}** — {fmt_pct(group_totals[gid])}")
        for s in (s for s in all_slots if s.group_id == gid):
            left, right = st.columns([3, 1], vertical_alignment="center")
            label = s.name(current_language())
            left.slider(f":orange[**{label}** ▲]" if s.id in hinted else label, 0.0, reference.MAX_PCT,
                        step=reference.STEP, key=session.slider_key(s.id), format="%.1f %%",
                        on_change=session.on_slide, args=(s.id, all_slots, order),
                        disabled=bool(st.session_state.get(session.lock_key(s.id))),
                        help=" ".join(hinted.get(s.id, [])) or None)
            left.caption(rview.slider_caption(d, s, values[s.id]))
            if with_locks:
                right.checkbox(t("reference.lock"), key=session.lock_key(s.id), help=t("reference.lock.help"))


def reference_messages(d, all_slots, state: dict, values) -> None:
    """What the last move did to other functions, and the soft warnings."""
    moved = rview.move_message(d, state["last"])
    if moved:
        st.info(moved, icon=":material/balance:")
    for notice in reference.notices(d, all_slots, values):
        st.warning(t(f"reference.notice.{notice.key}", **{k: fmt_value(v) for k, v in notice.params}),
                   icon=":material/warning:")


def reference_rule() -> None:
    st.radio(t("reference.rule"), reference.RULES, key=session.REF_RULE, help=t("reference.rule.help"),
             format_func={r: t(f"reference.rule.{r}") for r in reference.RULES}.__getitem__)
