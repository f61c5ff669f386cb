"""Backups on Settings: take one now, see them, restore one after seeing what it replaces; and a
service's data package out and in."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.i18n import fmt_date, fmt_num, plain, t
from lib.store import backup, db, package
from lib.ui import session
from lib.ui.page import action, flash, later, table, upload_limits

PICK = "backup_pick"


def _where() -> Path:
    return backup.backup_dir(db.db_path())


@action
def _take() -> None:
    made = backup.snapshot(session.store(), _where())
    backup.prune(_where())
    flash("success", "backup.taken", file=made.path.name, mb=made.size / 2**20)


@action
def _restore(name: str) -> None:
    try:
        before = backup.restore(session.store(), _where() / name, _where())
    except backup.BackupError:
        flash("error", "backup.restore.failed", file=name)
        return
    flash("success", "backup.restored", file=name, before=before.path.name)


def _size(n: int) -> str:
    return f"{fmt_num(n / 2**20, 1)} MB"


def section() -> None:
    st.subheader(t("backup.title"))
    st.markdown(t("backup.about", days=backup.KEEP_DAYS, keep=backup.KEEP_AT_LEAST))
    st.button(t("backup.take"), on_click=_take, icon=":material/backup:")
    found = backup.listing(_where())
    if not found:
        st.caption(t("backup.none"))
        return
    table([{t("backup.col.when"): f"{fmt_date(b.made_at)} {b.made_at:%H:%M}", t("backup.col.file"): b.path.name,
            t("backup.col.size"): _size(b.size)} for b in found])
    names = [b.path.name for b in found]
    chosen = st.selectbox(t("backup.pick"), names, key=PICK)
    with st.expander(t("backup.restore.title"), icon=":material/settings_backup_restore:"):
        try:
            theirs = backup.file_counts(_where() / chosen)
        except backup.BackupError:
            st.error(t("backup.unreadable", file=plain(chosen)), icon=":material/error:")
            return
        with db.reader(session.store()) as cur:
            ours = backup.counts(cur)
        st.markdown(t("backup.restore.what", file=plain(chosen)))
        table([{t("backup.col.table"): name, t("backup.col.now"): str(ours.get(name, 0)),
                t("backup.col.backup"): str(theirs.get(name, 0))}
               for name in sorted(set(ours) | set(theirs)) if name not in backup.NOT_RESTORED
               and ours.get(name, 0) != theirs.get(name, 0)])
        sure = st.checkbox(t("backup.restore.confirm"), key="backup_restore_sure")
        st.button(t("backup.restore.button"), type="primary", disabled=not sure, on_click=_restore, args=(chosen,),
                  icon=":material/settings_backup_restore:", key="backup_restore")


@action
def _import_package() -> None:
    upload = st.session_state.get("package_file")
    if upload is None:
        return
    try:
        new_id = package.import_service(session.store(), upload.getvalue())
    except package.PackageError:
        flash("error", "package.import.failed", file=upload.name)
        return
    session.select_service(new_id)
    flash("success", "package.imported", file=upload.name)


def package_section(service_id: int | None, can_import: bool = True) -> None:
    st.subheader(t("package.title"))
    st.caption(t("package.about"))
    if service_id is not None:
        st.download_button(t("package.export"), later(package.export_service, session.store(), service_id),
                           file_name=f"dienests_{service_id}.duckdb", mime="application/octet-stream",
                           on_click="ignore", icon=":material/download:", key="package_export")
    if not can_import:  # a package becomes a new service: the administrator's
        return
    with st.form("package_form", clear_on_submit=True):
        st.file_uploader(t("package.import"), type=["duckdb"], key="package_file")
        upload_limits(["duckdb"])
        st.form_submit_button(t("package.import.button"), on_click=_import_package, icon=":material/upload:")
