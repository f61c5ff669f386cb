"""What every page draws first: its title, the current service, the DEMO banner; and messages queued
by callbacks for the next run."""

from __future__ import annotations

import streamlit as st

from lib.i18n import t
from lib.store.services import Service
from lib.ui import session


def header(page_key: str) -> Service | None:
    """Title of the page, the current service under it, and the DEMO banner when it is demo data."""
    session.ensure_router()
    st.title(t(f"nav.{page_key}"))
    service = session.current_service()
    if service is not None:
        st.caption(service.profile.name)
        if service.is_demo:
            st.warning(t("demo.banner"), icon=":material/science:")
    return service


FLASH_KEY = "flash"


def flash(kind: str, key: str, **params: object) -> None:
    """Queue a message for this run's page. Callbacks run before app.py sets the language, so the
    message is stored as a catalog key and translated when shown."""
    st.session_state[FLASH_KEY] = (kind, key, params)


def show_flash() -> None:
    kind, key, params = st.session_state.pop(FLASH_KEY, (None, None, {}))
    if kind == "success":
        st.success(t(key, **params), icon=":material/check_circle:")
    elif kind == "error":
        st.error(t(key, **params), icon=":material/error:")
