import streamlit as st

from lib.i18n import fmt_date, plain, t
from lib.intake import imports
from lib.intake.reading import MAX_CSV_BYTES
from lib.ui import intake, page, session

OUTCOMES = "upload_outcomes"
service = page.header("upload")
page.show_flash()
con = session.store()

st.subheader(t("upload.templates"))
intake.template_downloads("upload")

st.subheader(t("upload.title"))
if service is None:
    st.info(t("upload.no_service"), icon=":material/info:")
    st.page_link("pages/home.py", label=t("nav.home"), icon=":material/home:")
    st.stop()

with st.expander(t("collection.title"), icon=":material/checklist:"):
    intake.collection_status(service.id)

if service.is_demo:  # real forms never go into the demo (removing it must not take them along)
    st.info(t("upload.demo"), icon=":material/science:")
    st.page_link("pages/home.py", label=t("home.own_service"), icon=":material/add_business:")
    st.stop()

with st.form("upload_form", clear_on_submit=True, enter_to_submit=False):
    files = st.file_uploader(t("upload.files"), type=["xlsx", "xls", "ods", "csv"], accept_multiple_files=True,
                             help=t("upload.files.help"))
    who = st.text_input(t("upload.who"), max_chars=120, help=t("upload.who.help"))
    submitted = st.form_submit_button(t("upload.submit"), type="primary", icon=":material/upload:")
st.caption(t("upload.limits", files=imports.MAX_FILES, mb=imports.MAX_UPLOAD_BYTES // 2**20,
             file_mb=st.get_option("server.maxUploadSize"), csv_mb=MAX_CSV_BYTES // 2**20))

batch = [(f.name, f.getvalue()) for f in files or []] if submitted else []
too_big = imports.over_limits(batch)
if submitted and too_big:
    st.error(t(too_big, files=imports.MAX_FILES, mb=imports.MAX_UPLOAD_BYTES // 2**20), icon=":material/block:")
elif batch:
    bar = st.progress(0.0, text=t("upload.progress", done=0, total=len(batch)))
    outcomes = imports.process(
        con, service.id, batch, session.ingest_context(), who.strip() or None,
        progress=lambda done, total, name: bar.progress(done / total, text=t("upload.progress", done=done,
                                                                                total=total)),
    )
    bar.empty()
    st.session_state[OUTCOMES] = (service.id, outcomes, who.strip() or None)
elif submitted:
    st.warning(t("upload.nothing"), icon=":material/warning:")

stored = st.session_state.get(OUTCOMES)
if stored and stored[0] == service.id:
    _, outcomes, who = stored
    st.subheader(t("report.title"))
    st.markdown(intake.outcome_summary(outcomes))
    for outcome in outcomes:
        intake.outcome_report(outcome)
    pending = [i for i, o in enumerate(outcomes) if o.status == imports.CONFLICT]
    if pending:
        with st.form("upload_decide"):
            st.markdown(t("conflict.intro"))
            choices = {}
            for i in pending:
                st.markdown(intake.conflict_text(outcomes[i]))
                choices[i] = st.radio(
                    t("conflict.choice", file=plain(outcomes[i].parsed.name)),
                    (imports.REPLACE, imports.KEEP, imports.SKIP),
                    format_func={c: t(f"conflict.{c}") for c in (imports.REPLACE, imports.KEEP, imports.SKIP)}
                    .__getitem__, key=f"upload_decide_{i}", horizontal=True,
                )
            if st.form_submit_button(t("conflict.apply"), type="primary"):
                outcomes = [imports.resolve(con, service.id, o, choices[i], who) if i in choices else o
                            for i, o in enumerate(outcomes)]
                st.session_state[OUTCOMES] = (service.id, outcomes, who)
                st.rerun()

st.subheader(t("history.title"))
records = imports.history(con, service.id)
if not records:
    st.caption(t("history.empty"))
else:
    st.dataframe(intake.history_table(records), hide_index=True, width="stretch")
    with st.expander(t("history.details"), icon=":material/fingerprint:"):
        st.caption(t("history.details.help"))
        st.dataframe(intake.fingerprint_table(records), hide_index=True, width="stretch")
    with st.expander(t("history.delete"), icon=":material/delete:"):
        chosen = st.selectbox(
            t("history.delete.which"), [r.id for r in records],
            format_func={r.id: f"{r.file_name} · {fmt_date(r.imported_at)} · {r.row_count}" for r in records}
            .__getitem__, key="history_delete_which",
        )
        confirm = st.checkbox(t("history.delete.confirm"), key="history_delete_confirm")
        if st.button(t("history.delete.button"), disabled=not confirm, icon=":material/delete:"):
            name = next(r.file_name for r in records if r.id == chosen)
            page.flash_deleted("history.deleted", imports.delete_import(con, service.id, chosen), service.id,
                               file=name)
            st.session_state.pop(OUTCOMES, None)
            st.session_state.pop("history_delete_confirm", None)  # the next delete asks again
            st.rerun()
