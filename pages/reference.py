import streamlit as st

from lib import principal, sources, timing
from lib.i18n import fmt_num, fmt_pct, plain, t
from lib.overview import method_facts
from lib.ui import page, session
from lib.ui import reference_editor as editor
from lib.workload import drafts, reference, versions
from lib.workload import reference_view as view

service = page.header("reference")
page.show_flash()
d = session.domain_data()
con = session.store()
all_slots = view.slots(d)
national = reference.national(all_slots)

def national_section() -> None:
    """The national reference as the method gives it (every role may read it)."""
    f = method_facts(d)
    st.markdown(t("reference.national.intro", groups=f.groups, functions=f.functions,
                  hours=fmt_num(f.hours_per_fte_month, 0), week=fmt_num(f.weekly_hours, 0)))
    a, b = st.columns(2)
    a.metric(t("reference.core_split"), fmt_pct(f.core_pct, 0))
    b.metric(t("reference.other_split"), fmt_pct(100 - f.core_pct, 0))
    page.table(view.national_table(d))
    with st.expander(t("reference.duties"), icon=":material/description:"):
        for group_name, items in view.duties(d):
            st.markdown(f"**{group_name}**")
            for fn_name, text in items:
                st.markdown(f"- *{fn_name}*: {text}")
    editor.bars(view.split_rows(d, {t("reference.series.national"): national}), [t("reference.series.national")])
    st.caption(t("reference.source"))


active = versions.active(con, service.id) if service else None
if not principal.current().can("reference", service.id if service else None):  # read only: no draft, no editor
    national_section()
    if active:
        st.subheader(t("reference.active_version", name=plain(active[0].name)))
        page.table(view.comparison_table(d, active[1].values, active[1].justifications))
    st.stop()
draft_id = editor.start_draft(service.id if service else None, all_slots,
                              active[1].values if active else national, active[1].justifications if active else {},
                              active[0].name if active else "")


def current() -> tuple[drafts.Draft, dict[str, dict[str, float]]]:
    """The stored draft, every widget set from it (a fragment rerun starts inside its function), and
    the chart series national / service."""
    draft = editor.current(draft_id, all_slots)
    return draft, {t("reference.series.national"): national, t("reference.series.service"): draft.values}


@st.fragment
@timing.measured("reference_workshop")
def workshop_panel() -> None:
    """Projector layout; a slider move reruns only this part of the page."""
    session.restore_language()
    draft, series = current()
    st.html("<style>.stMain p, .stMain label p {font-size: 1.25rem !important}</style>")
    editor.projector(d, all_slots, draft, series, with_locks=False, big_chart=True)


if editor.workshop_toggle():
    workshop_panel()
    st.stop()

# Tabs tracked by the server (key + on_change): a save, a version pick or an import keeps the open tab.
tab_national, tab_editor, tab_versions = st.tabs([t("reference.tab.national"), t("reference.tab.editor"),
                                                  t("reference.tab.versions")], key="ref_tabs", on_change="rerun")
if tab_national.open:  # only the open tab is drawn: every element on the page costs the browser on each move
    with tab_national:
        national_section()


@st.fragment
@timing.measured("reference_editor")
def editor_panel() -> None:
    """The sliders, totals, charts and tables; a slider move reruns only this part of the page."""
    session.restore_language()
    draft, series = current()
    values = draft.values
    editor.totals(d, all_slots, values, big=False)
    editor.draft_source(draft)
    editor.rule_choice(draft.id)
    target_groups = view.target_groups(d)
    target = st.selectbox(t("reference.hints"), [None, *target_groups], key=editor.TARGET,
                          format_func={None: t("reference.hints.none"), **target_groups}.__getitem__,
                          on_change=editor.on_target, args=(draft.id,))
    hinted = view.hints(d, target) if target else {}
    with st.container():  # comes and goes: kept in one place (see editor.messages)
        if target:
            st.info(view.hints_text(d, hinted), icon=":material/group:")
    st.caption(t("reference.no_reduction", source=sources.passage("no_reduction")))
    editor.messages(d, all_slots, draft)
    b1, b2, _ = st.columns([1, 1, 3])
    b1.button(t("reference.undo"), on_click=editor.undo_draft, args=(draft.id,), disabled=not draft.can_undo,
              icon=":material/undo:")
    b2.button(t("reference.reset"), on_click=editor.replace_draft, args=(draft.id, national, {}, ""),
              icon=":material/restart_alt:")
    left, right = st.columns(2, gap="large")
    with left:
        editor.sliders(d, all_slots, draft, hinted, with_locks=True)
    with right:
        editor.bars(view.split_rows(d, series), list(series))
        audits = {a.id: a for a in view.audit_columns(d)}
        audit = st.selectbox(t("reference.audit"), [None, *audits], key="ref_audit",
                             format_func={None: t("reference.audit.none"), **{k: a.label for k, a in audits.items()}}
                             .__getitem__)
        order_series = [*series, audits[audit].label] if audit else list(series)
        editor.bars(view.group_rows(d, series, audits.get(audit)), order_series)
    st.markdown(t("reference.factors"))
    with st.expander(t("reference.justifications"), icon=":material/edit_note:", expanded=values != national):
        editor.justification_inputs(all_slots, draft, national)
    comparison = st.expander(t("reference.comparison"), icon=":material/table:", key="ref_comparison",
                             on_change="rerun")
    if comparison.open:  # drawn only when asked for: its 105 Markdown cells cost the browser 30–40 ms a move
        with comparison:
            page.table(view.comparison_table(d, values, draft.justifications))


if tab_editor.open:
    with tab_editor:
        editor_panel()
        # Saving is outside the fragment: a move does not redraw it, and a save runs the whole page
        # (the form reads the draft as it is stored when it is submitted).
        if service is None:
            st.info(t("reference.no_service"), icon=":material/info:")
        else:
            editor.save_form(service.id, all_slots, drafts.load(con, draft_id), make_active=active is None)

if tab_versions.open:
    with tab_versions:
        editor.versions_tab(d, service, draft_id, all_slots)
