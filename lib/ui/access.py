"""Sign-in glue: who this browser session acts as, the sign-in page, sign-out and inactivity.

A local account is signed in for this browser tab's session (a reload asks again); an identity-provider
user is remembered by Streamlit's own cookie (`st.login`/`st.user`). Either ends after
APP_SESSION_MINUTES without a script run. The principal is set for every run (lib.principal), so the
checks in lib see the same user as the page.
"""

from __future__ import annotations

import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import principal
from lib.access import accounts, config
from lib.i18n import plain, t
from lib.principal import Principal
from lib.ui import session

ACCOUNT, SEEN, NOTICE, USER = "_access_account", "_access_seen", "_access_notice", "_access_principal"


def configure() -> None:
    """Once per run, before anything reads the store: does this deployment ask for sign-in, and who
    is this browser session (for lib's checks, callbacks included)?"""
    principal.require_sign_in(config.sign_in_required(st.get_option("server.address")))
    principal.set_resolver(session_principal)


def session_principal() -> Principal | None:
    """The user this browser session signed in as, while the session is fresh; None outside a
    script run (a test, a command) or when nobody is signed in."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    s = st.session_state
    seen, now = s.get(SEEN), time.time()
    if seen is None or now - seen > config.session_minutes() * 60:
        return None
    s[SEEN] = now  # a fragment rerun (a slider move) is activity too: it skips the router's gate
    return s.get(USER)


def oidc_configured() -> bool:
    """An [auth] section in the secrets: the municipality's identity provider is offered."""
    try:
        return "auth" in st.secrets
    except Exception:  # no or a malformed secrets.toml: no provider (local accounts still work)
        return False


def _signed_in_user() -> Principal | None:
    s = st.session_state
    if s.get(ACCOUNT) is not None:
        return accounts.load_principal(session.store(), s[ACCOUNT])
    if oidc_configured() and st.user.is_logged_in:
        return accounts.oidc_principal(session.store(), st.user.get("email"))
    return None


def gate() -> Principal:
    """The principal of this run (loaded afresh: a role taken away counts from now); without one
    (sign-in required) the sign-in page, then stop."""
    if not principal.sign_in_required():
        return principal.current()
    s = st.session_state
    now = time.time()
    seen = s.get(SEEN)
    if seen is not None and now - seen > config.session_minutes() * 60:
        sign_out(expired=True)
    user = _signed_in_user()
    s[USER] = user
    if user is None:  # the sign-in page is the only page: no menu of what lies behind it
        unknown = oidc_configured() and st.user.is_logged_in  # the provider knows them, this deployment not
        st.navigation([st.Page(unknown_page if unknown else sign_in_page, title=t("access.title"),
                               icon=":material/login:", url_path="signin", default=True)], position="hidden").run()
        st.stop()
    s[SEEN] = now
    with st.sidebar:
        st.caption(t("access.signed_in", name=plain(user.name)))  # a user name is text, not Markdown
        st.button(t("access.sign_out"), key="access_sign_out", on_click=sign_out, icon=":material/logout:")
    return user


def sign_out(expired: bool = False) -> None:
    s = st.session_state
    s.pop(ACCOUNT, None)
    s.pop(SEEN, None)
    s.pop(USER, None)
    s[NOTICE] = "expired" if expired else "signed_out"
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def _local_sign_in() -> None:
    s = st.session_state
    result = accounts.sign_in(session.store(), s.get("access_user", ""), s.get("access_password", ""))
    s["access_password"] = ""
    if result.principal is None:
        s[NOTICE] = result.refused
        s["_access_retry"] = result.retry_minutes
        return
    s[ACCOUNT] = result.principal.account_id
    s[USER] = result.principal
    s[SEEN] = time.time()
    s.pop(NOTICE, None)


def unknown_page() -> None:
    """Signed in at the municipality, but no account here: say so, and offer to sign out there."""
    st.title(t("access.title"))
    st.error(t("access.refused.unknown"), icon=":material/person_off:")
    st.button(t("access.sign_out"), on_click=st.logout, icon=":material/logout:", key="access_unknown_out")


def sign_in_page() -> None:
    st.title(t("access.title"))
    notice = st.session_state.pop(NOTICE, None)
    if notice in ("wrong", "disabled"):
        st.error(t(f"access.refused.{notice}"), icon=":material/error:")
    elif notice == "locked":
        st.error(t("access.refused.locked", minutes=st.session_state.get("_access_retry", 15)), icon=":material/lock:")
    elif notice in ("expired", "signed_out"):
        st.info(t(f"access.{notice}"), icon=":material/info:")
    if oidc_configured():
        st.button(t("access.oidc"), on_click=st.login, type="primary", icon=":material/badge:", key="access_oidc")
        st.caption(t("access.or_local"))
    if not accounts.any_account(session.store()):
        st.warning(t("access.no_accounts"), icon=":material/admin_panel_settings:")
    with st.form("access_form"):
        st.text_input(t("access.user"), key="access_user", autocomplete="username")
        st.text_input(t("access.password"), key="access_password", type="password", autocomplete="current-password")
        st.form_submit_button(t("access.sign_in"), on_click=_local_sign_in, type="primary")
