"""Accounts and roles on Settings: the administrator creates accounts (local with a password, or the
municipality's identity provider by e-mail) and may disable them; the administrator or the service's
head gives each account its role in the service. lib.access.accounts checks the same in every write."""

from __future__ import annotations

import streamlit as st

from lib import principal
from lib.access import accounts
from lib.access.accounts import AccountError
from lib.i18n import plain, t
from lib.principal import ROLES
from lib.ui import session
from lib.ui.page import action, flash, table


@action
def _create() -> None:
    s = st.session_state
    try:
        accounts.create_account(session.store(), s.get("acc_name", ""), s.get("acc_password") or None,
                                s.get("acc_email") or None, bool(s.get("acc_admin")))
    except AccountError as exc:
        flash("error", f"account.error.{exc.key}")
        return
    flash("success", "account.created", name=s.get("acc_name", "").strip().lower())
    for key in ("acc_name", "acc_password", "acc_email"):
        s[key] = ""
    s["acc_admin"] = False


@action
def _toggle(account_id: int, disabled: bool) -> None:
    accounts.set_disabled(session.store(), account_id, disabled)


@action
def _give_role(service_id: int) -> None:
    s = st.session_state
    role = s.get("acc_role")
    accounts.set_role(session.store(), service_id, s["acc_pick"], None if role == "none" else role)
    flash("success", "account.role_set")


def accounts_section() -> None:
    """The administrator's list of accounts and the form for a new one."""
    con = session.store()
    st.subheader(t("account.title"))
    st.caption(t("account.help"))
    found = accounts.list_accounts(con)
    table([{t("account.col.name"): a.username, t("account.col.email"): a.email or "–",
            t("account.col.kind"): t("account.kind.local" if a.has_password else "account.kind.provider"),
            t("account.col.admin"): t("sa.yes") if a.is_admin else "",
            t("account.col.state"): t("account.disabled") if a.disabled else t("account.active")} for a in found])
    for a in found:
        if a.id == principal.current().account_id:
            continue  # not one's own: an administrator cannot lock themselves out
        label = t("account.enable" if a.disabled else "account.disable", name=plain(a.username))
        st.button(label, key=f"acc_toggle_{a.id}", on_click=_toggle, args=(a.id, not a.disabled))
    with st.form("acc_form", clear_on_submit=False):
        st.text_input(t("account.col.name"), key="acc_name", max_chars=200)
        st.text_input(t("account.col.email"), key="acc_email", max_chars=200)
        st.text_input(t("account.password"), key="acc_password", type="password",
                      help=t("account.password.help", min=accounts.PASSWORD_MIN))
        st.checkbox(t("account.col.admin"), key="acc_admin")
        st.form_submit_button(t("account.create"), on_click=_create, icon=":material/person_add:")


def roles_section(service_id: int) -> None:
    """Who has which role in this service, and giving one."""
    con = session.store()
    st.subheader(t("account.roles.title"))
    st.caption(t("account.roles.help"))
    current = accounts.service_roles(con, service_id)
    table([{t("account.col.name"): a.username, t("account.col.role"): t(f"role.{role}")} for a, role in current])
    everyone = {a.id: a.username for a in accounts.list_accounts(con) if not a.disabled}
    if not everyone:
        st.caption(t("account.none"))
        return
    with st.form("acc_role_form"):
        st.selectbox(t("account.col.name"), list(everyone), format_func=everyone.__getitem__, key="acc_pick")
        st.selectbox(t("account.col.role"), ["none", *ROLES], key="acc_role",
                     format_func=lambda r: t(f"role.{r}"))
        st.form_submit_button(t("account.role.give"), on_click=_give_role, args=(service_id,),
                              icon=":material/badge:")
