import streamlit as st

from lib import db, session, ui
from lib.i18n import fmt_num, t
from lib.services import list_services

ui.header("settings")
ui.show_flash()
con = session.store()

st.subheader(t("settings.services"))
rows = [
    {
        t("profile.name"): s.profile.name,
        t("profile.municipality"): s.profile.municipality,
        t("profile.inhabitants"): fmt_num(s.profile.inhabitants, 0) if s.profile.inhabitants is not None else "–",
        t("profile.territory"): t(f"territory.{s.profile.territory_type}") if s.profile.territory_type else "–",
        t("settings.demo_column"): t("demo.badge") if s.is_demo else "",
    }
    for s in list_services(con)
]
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.caption(t("settings.no_services"))
st.caption(t("settings.services.isolation"))

with st.expander(t("settings.add_service"), icon=":material/add_business:"):
    ui.profile_form(None)

st.subheader(t("settings.storage"))
st.markdown(t("settings.storage.path", path=str(db.db_path()), version=db.schema_version(con)))
st.markdown(t("settings.backup"))
