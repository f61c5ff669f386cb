import streamlit as st

from lib.i18n import t
from lib.store import db
from lib.store.services import list_services
from lib.ui import backups, page, profile, session, trash_view

service = page.header("settings")
page.show_flash()
con = session.store()

st.subheader(t("settings.services"))
rows = profile.services_table(list_services(con))
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.caption(t("settings.no_services"))
st.caption(t("settings.services.isolation"))

with st.expander(t("settings.add_service"), icon=":material/add_business:"):
    profile.form(None)
if service is not None and not service.is_demo:  # the demo is removed on Home
    trash_view.delete_service_button(service.id, service.profile.name)

trash_view.section(service.id if service else None)

st.subheader(t("settings.storage"))
st.markdown(t("settings.storage.path", path=str(db.db_path()), version=db.schema_version(con)))
backups.section()
backups.package_section(service.id if service and not service.is_demo else None)
