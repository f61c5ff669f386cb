import streamlit as st

from lib import principal
from lib.i18n import t
from lib.quality import assessments, rules
from lib.ui import page, session
from lib.ui.self_assessment import choose, consensus, criteria, group, individual, overview, plan, results

service = page.header("self_assessment")
page.show_flash()
if service is None:
    st.info(t("sa.no_service"), icon=":material/info:")
    st.page_link("pages/home.py", label=t("nav.home"), icon=":material/home:")
    st.stop()

cat = session.domain_data().catalogue
st.markdown(t("sa.intro"))
assessment_id = choose.choose(service.id, assessments.list_assessments(session.store(), service.id))
snap = assessments.load(session.store(), service.id, assessment_id) if assessment_id else None
if snap is not None:  # before the consensus stage a member reads only their own scores (checked in lib)
    snap = assessments.as_seen_by(snap, principal.current(), service.id)
if snap is None:
    st.stop()

items = rules.practices(cat, snap.assessment.standard, snap.decisions, snap.custom)
choose.status_bar(service.id, snap)
# Tabs tracked by the server (key + on_change): a save, a message above the tabs or a rerun keeps the
# open tab; a key alone kept it only while the element tree above stayed the same.
tabs = st.tabs([t(f"sa.tab.{key}") for key in ("group", "individual", "consensus", "criteria", "results", "plan",
                                                  "overview")], key="sa_tabs", on_change="rerun")
with tabs[0]:
    group.group_tab(cat, service.id, snap)
with tabs[1]:
    individual.individual_tab(cat, service.id, snap, items)
with tabs[2]:
    consensus.consensus_tab(cat, service.id, snap)
with tabs[3]:
    criteria.criteria_tab(cat, service.id, snap, items)
with tabs[4]:
    results.results_tab(cat, service.id, snap)
with tabs[5]:
    plan.plan_tab(cat, service.id, snap)
with tabs[6]:
    overview.overview_tab(cat, service, snap, items)
