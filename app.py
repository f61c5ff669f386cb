"""Router: language and service selectors (kept in the URL), data checks, store, navigation.

`streamlit run app.py` runs this first on every rerun; a page Streamlit ran without it (see
lib.ui.session.ensure_router) runs it too."""

import streamlit as st

from lib import i18n
from lib.domain import DataError
from lib.i18n import t
from lib.store.health import StoreProblem
from lib.store.services import visible_services
from lib.ui import access, session, workshop
from lib.ui.navigation import HOME_ALIAS, JOIN, PAGES
from lib.ui.page import base_style, guarded, store_problem

access.configure()
session.init_from_url(session.LANG_KEY, i18n.normalise_language)
st.sidebar.radio(
    t("app.language", lang=i18n.DEFAULT_LANGUAGE),
    i18n.LANGUAGES,
    format_func={code: t(f"app.language.{code}", lang=code) for code in i18n.LANGUAGES}.__getitem__,
    key=session.LANG_KEY,
    horizontal=True,
)
i18n.set_language(st.session_state[session.LANG_KEY])
st.query_params[session.LANG_KEY] = i18n.current_language()
st.set_page_config(page_title=t("app.title"), page_icon=":material/diversity_3:", layout="wide")
base_style()

try:
    session.domain_data()
except DataError as exc:
    st.error(t("data_error.title", file=exc.file))
    st.markdown(t(f"data_error.{exc.rule}"))
    st.code(exc.detail, language=None)
    st.caption(t("data_error.hint"))
    st.stop()

if workshop.participant_token() is not None:  # a join link: that workshop and nothing else
    page = st.navigation([st.Page(JOIN.file, title=t(f"nav.{JOIN.key}"), icon=JOIN.icon, default=True)],
                         position="hidden")
    with session.routed():
        guarded(page.run)
    st.stop()

try:
    user = access.gate()  # on a shared server: signed in, or the sign-in page and nothing else
    services = {str(s.id): s for s in visible_services(session.store())}  # ?svc= of another service: not offered
except StoreProblem as problem:
    store_problem(problem)
session.init_from_url(session.SERVICE_KEY, lambda raw: raw if raw in services else next(iter(services), None))
if services:
    st.sidebar.selectbox(
        t("app.service"),
        list(services),
        format_func=session.service_labels(services.values()).__getitem__,
        key=session.SERVICE_KEY,
    )
    st.query_params[session.SERVICE_KEY] = st.session_state[session.SERVICE_KEY]
else:
    st.query_params.pop(session.SERVICE_KEY, None)

# Only the sections the user's role opens in the chosen service (each page checks again in lib).
current = st.session_state.get(session.SERVICE_KEY)
allowed = [p for p in PAGES if p.permission is None or user.can(p.permission, int(current) if current else None)]
# The default page answers at "/", so its own path (/home: a bookmark, a shared link) would show
# Streamlit's English "Page not found"; a second entry serves it there, hidden from the menu (CSS).
page = st.navigation(
    [
        st.Page(p.file, title=t(f"nav.{p.key}"), icon=p.icon, url_path=HOME_ALIAS if p.default else p.url_path,
                default=p.default)
        for p in allowed
    ]
    + [st.Page(p.file, title=t(f"nav.{p.key}"), icon=p.icon, url_path=p.url_path) for p in allowed if p.default]
)
with session.routed():
    guarded(page.run)
