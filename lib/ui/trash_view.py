"""The trash on Settings (what was deleted in this service, and deleted services, with restore) and
deleting the service itself."""

from __future__ import annotations

import streamlit as st

from lib.i18n import fmt_date, plain, t
from lib.store import trash
from lib.store.services import delete_service
from lib.ui import session
from lib.ui.page import action, flash_deleted, table, undo


def rows(entries: list[trash.Entry]) -> list[dict[str, str]]:
    return [{t("trash.col.what"): t(f"trash.kind.{e.kind}"), t("trash.col.label"): e.label,
             t("trash.col.when"): f"{fmt_date(e.deleted_at)} {e.deleted_at:%H:%M}",
             t("trash.col.who"): e.deleted_by or "–", t("trash.col.rows"): str(e.rows)} for e in entries]


def section(service_id: int | None) -> None:
    """Entries of the current service, then deleted services; each can be put back."""
    st.subheader(t("trash.title"))
    st.caption(t("trash.help", days=trash.KEEP_DAYS))
    con = session.store()
    own = [e for e in trash.listing(con, service_id) if e.kind != "service"] if service_id else []
    services = trash.listing(con, kind="service")
    for entries, scope, key in ((own, service_id, "trash_own"), (services, None, "trash_services")):
        if not entries:
            continue
        table(rows(entries))
        labels = {e.id: f"{t(f'trash.kind.{e.kind}')} · {e.label} · {fmt_date(e.deleted_at)}" for e in entries}
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        chosen = left.selectbox(t("trash.pick"), list(labels), format_func=labels.__getitem__, key=key)
        right.button(t("trash.restore"), on_click=undo, args=(chosen, scope), key=f"{key}_restore",
                     icon=":material/restore_from_trash:")
    if not own and not services:
        st.caption(t("trash.empty"))


@action
def _delete_service(service_id: int, name: str) -> None:
    entry = delete_service(session.store(), service_id)
    st.session_state.pop(session.SERVICE_KEY, None)
    flash_deleted("settings.service.deleted", entry, None, name=name)


def delete_service_button(service_id: int, name: str) -> None:
    """Delete the current service (into the trash), after a question."""
    with st.popover(t("settings.service.delete"), icon=":material/delete:"):
        st.warning(t("settings.service.delete.confirm", name=plain(name)), icon=":material/warning:")
        st.button(t("settings.service.delete.yes"), type="primary", on_click=_delete_service,
                  args=(service_id, name), key="settings_delete_service")
