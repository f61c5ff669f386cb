import streamlit as st

from lib import principal
from lib.i18n import t
from lib.store import db
from lib.store.services import visible_services
from lib.ui import accounts_view, backups, page, profile, session, trash_view

service = page.header("settings")
page.show_flash()
con = session.store()
me = principal.current()
sid = service.id if service else None

st.subheader(t("settings.services"))
rows = profile.services_table(visible_services(con))
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.caption(t("settings.no_services"))
st.caption(t("settings.services.isolation"))

if me.can("services"):
    with st.expander(t("settings.add_service"), icon=":material/add_business:"):
        profile.form(None)
    if service is not None and not service.is_demo:  # the demo is removed on Home
        trash_view.delete_service_button(service.id, service.profile.name)

if me.can("accounts"):
    accounts_view.accounts_section()
if service is not None and me.can("roles", sid):
    accounts_view.roles_section(service.id)

if me.can("trash", sid):
    trash_view.section(sid)

if me.can("store_path"):  # where the data lives: the administrator's business only
    st.subheader(t("settings.storage"))
    st.markdown(t("settings.storage.path", path=str(db.db_path()), version=db.schema_version(con)))
if me.can("backups"):
    backups.section()
    backups.package_section(service.id if service and not service.is_demo else None)
elif service is not None and not service.is_demo and me.can("profile", sid):
    backups.package_section(service.id, can_import=False)
