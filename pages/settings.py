import streamlit as st

from lib import db, session, ui
from lib.i18n import t
from lib.services import list_services

ui.header("settings")
ui.show_flash()
con = session.store()

st.subheader(t("settings.services"))
rows = ui.services_table(list_services(con))
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
