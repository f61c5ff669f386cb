import streamlit as st

from lib import principal
from lib.demo import dataset
from lib.i18n import fmt_date, fmt_num, t
from lib.overview import method_facts
from lib.store.services import data_status
from lib.ui import intake, page, profile, session
from lib.ui.navigation import PAGES
from lib.ui.page import action

service = page.header("home")
con = session.store()
page.show_flash()


@action
def _load_demo() -> None:
    session.select_service(dataset.load_demo(session.store(), session.ingest_context()))
    page.flash("success", "demo.loaded")


@action
def _remove_demo() -> None:
    dataset.remove_demo(session.store())
    st.session_state.pop(session.SERVICE_KEY, None)
    page.flash("success", "demo.removed")


def _demo_section() -> None:
    st.subheader(t("demo.title"))
    if dataset.demo_service_ids(con):
        st.markdown(t("demo.present"))
        st.button(t("demo.remove"), on_click=_remove_demo, icon=":material/delete:")
    else:
        st.markdown(t("demo.offer"))
        st.button(t("demo.load"), on_click=_load_demo, icon=":material/science:")


me = principal.current()
if service is None:
    st.markdown(t("home.welcome") if me.can("services") else t("access.no_service"))
left, right = st.columns(2, gap="large")
with left:
    if service is not None and service.is_demo and me.can("services"):  # the demo is not renamed into a real one
        st.subheader(t("home.own_service"))
        st.info(t("demo.own_service"), icon=":material/science:")
        profile.form(None)
    elif (service is None and me.can("services")) or (service is not None and me.can("profile", service.id)):
        st.subheader(t("home.profile"))
        profile.form(service)
with right:
    if service is None and me.can("services"):
        _demo_section()
    elif service is not None:
        st.subheader(t("home.status"))
        status = data_status(con, service.id)
        a, b, c, d = st.columns(4)
        a.metric(t("home.status.workers"), status.workers)
        b.metric(t("home.status.imports"), status.imports)
        c.metric(t("home.status.references"), status.references)
        d.metric(t("home.status.assessments"), status.assessments)
        st.caption(t("home.status.last_import", when=fmt_date(status.last_import)))

facts = method_facts(session.domain_data())
st.subheader(t("home.method"))
top, bottom = st.columns(2), st.columns(2)
top[0].metric(t("home.fact.fte"), t("unit.hours_month", value=fmt_num(facts.hours_per_fte_month, 0)))
top[1].metric(t("home.fact.structure"), t("home.fact.structure.value", groups=facts.groups,
                                              functions=facts.functions))
bottom[0].metric(t("home.fact.caseload"), f"{facts.caseload_min}–{facts.caseload_max}")
bottom[1].metric(t("home.fact.assessment"), t("home.fact.assessment.value", criteria=facts.criteria,
                                                  practices=facts.practices))

st.subheader(t("upload.templates"))
intake.template_downloads("home")

st.subheader(t("home.tasks"))
for p in PAGES[1:]:
    if p.permission is not None and not me.can(p.permission, service.id if service else None):
        continue  # a section the role does not open
    st.page_link(p.file, label=t(f"nav.{p.key}"), icon=p.icon)
    st.caption(t(f"nav.{p.key}.help"))

if service is not None:
    st.divider()
    _demo_section()
