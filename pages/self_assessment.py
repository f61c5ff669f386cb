import streamlit as st

from lib import assessment, assessments, session, ui
from lib import assessment_ui as parts
from lib.i18n import t

service = ui.header("self_assessment")
ui.show_flash()
if service is None:
    st.info(t("sa.no_service"), icon=":material/info:")
    st.page_link("pages/home.py", label=t("nav.home"), icon=":material/home:")
    st.stop()

cat = session.domain_data().catalogue
st.markdown(t("sa.intro"))
assessment_id = parts.choose(service.id, assessments.list_assessments(session.store(), service.id))
snap = assessments.load(session.store(), service.id, assessment_id) if assessment_id else None
if snap is None:
    st.stop()

items = assessment.practices(cat, snap.assessment.standard, snap.decisions, snap.custom)
parts.status_bar(service.id, snap)
# A key keeps the open tab when a message appears above the tabs (without one, Streamlit rebuilds them).
tabs = st.tabs([t(f"sa.tab.{key}") for key in ("group", "individual", "consensus", "criteria", "results", "plan",
                                                  "overview")], key="sa_tabs")
with tabs[0]:
    parts.group_tab(cat, service.id, snap)
with tabs[1]:
    parts.individual_tab(cat, service.id, snap, items)
with tabs[2]:
    parts.consensus_tab(cat, service.id, snap)
with tabs[3]:
    parts.criteria_tab(cat, service.id, snap, items)
with tabs[4]:
    parts.results_tab(cat, service.id, snap)
with tabs[5]:
    parts.plan_tab(cat, service.id, snap)
with tabs[6]:
    parts.overview_tab(cat, service.id, snap, items)
