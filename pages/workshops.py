import streamlit as st

from lib.i18n import plain, t
from lib.ui import page, session
from lib.ui import workshop as ui
from lib.workload import reference_view as rview
from lib.workload import workshops

service = page.header("workshops")
if service is None:
    st.info(t("workshop.no_service"), icon=":material/info:")
    st.stop()
d = session.domain_data()
all_slots = rview.slots(d)
st.markdown(t("workshop.intro"))

items = workshops.listing(session.store(), service.id)
with st.expander(t("workshop.create"), icon=":material/add:", expanded=not items):
    ui.create_form(service.id, all_slots)
page.show_flash("ws_created")
if not items:
    st.stop()

by_id = {w.id: w for w in items}
if st.session_state.get(ui.CHOSEN) not in by_id:
    st.session_state[ui.CHOSEN] = items[0].id
labels = {w.id: f"{w.title} · {w.created_at:%d.%m.%Y}" + ("" if w.is_open else f" · {t('workshop.closed.tag')}")
          for w in items}
chosen = st.selectbox(t("workshop.pick"), list(by_id), key=ui.CHOSEN, format_func=labels.__getitem__)
workshop = by_id[chosen]
st.markdown(f"**{plain(workshop.question)}**")
page.show_flash("ws_board")

board_tab, compose_tab, link_tab = st.tabs([t("workshop.tab.board"), t("workshop.tab.compose"), t("workshop.tab.link")],
                                           key="ws_tabs", on_change="rerun")
with board_tab:
    ui.rounds(d, workshop)
    ui.board(workshop.id, ui.team_split(service.id, all_slots))
with compose_tab:
    ui.compose(d, workshop, all_slots)
with link_tab:
    ui.link_panel(workshop)
