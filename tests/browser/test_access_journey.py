"""Journeys on a shared server (APP_SIGN_IN=on): local accounts — a wrong password, a viewer who sees
only their service and no upload, a foreign `?svc=`, sign-out, a head, a session that ends after
inactivity — and the municipality's identity provider, a real OpenID Connect server started here
(oidc-provider-mock on loopback) that `st.login` talks to."""

from __future__ import annotations

import re
import secrets
import time

import pytest
from playwright.sync_api import expect

from lib.access import accounts
from lib.store import db, services
from lib.store.services import Profile
from tests.browser.harness import AppServer, free_port, wait_idle

SIGN_IN = "Pierakstīšanās"
SESSION_SECONDS = 12


@pytest.fixture
def shared_store(tmp_path):
    con = db.connect(tmp_path / "shared.duckdb")
    a = services.create_service(con, Profile("A dienests"))
    b = services.create_service(con, Profile("B dienests"))
    for name, role in (("skatitajs", "viewer"), ("vaditaja", "head")):
        accounts.set_role(con, a, accounts.create_account(con, name, f"{name}-parole-1"), role)
    accounts.set_role(con, a, accounts.create_account(con, "anna@novads.lv", email="anna@novads.lv"), "head")
    con.close()
    return tmp_path / "shared.duckdb", a, b


def _server(tmp_path, store) -> AppServer:
    return AppServer(db_path=store, log_path=tmp_path / "streamlit.log",
                     env={"APP_SIGN_IN": "on", "APP_SESSION_MINUTES": str(SESSION_SECONDS / 60)})


def _sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Lietotājvārds", exact=True).fill(name)
    page.get_by_label("Parole", exact=True).fill(password)
    page.get_by_role("button", name="Pierakstīties", exact=True).click()
    wait_idle(page)


def _through_provider(page, issuer: str, app_url: str, subject: str) -> None:
    """The identity provider's sign-in: away to the provider, sign in as `subject`, back to the app."""
    page.get_by_role("button", name="Pierakstīties ar pašvaldības kontu").click()
    page.wait_for_url(f"{issuer}/**")
    page.locator("input[name='sub']").fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/**")


def _nav(page) -> list[str]:
    return [x.strip() for x in page.get_by_test_id("stSidebarNav").inner_text().splitlines() if x.strip()]


def test_local_accounts_roles_sign_out_and_expiry(shared_store, tmp_path, page, shots):
    store, _a, b = shared_store
    server = _server(tmp_path, store)
    server.start()
    try:
        page.goto(server.url)
        wait_idle(page)
        expect(page.locator("h1").first).to_have_text(SIGN_IN)
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # nothing behind it is shown
        _sign_in(page, "skatitajs", "nepareiza-parole")
        expect(page.get_by_text("Nepareizs lietotājvārds vai parole.")).to_be_visible()
        shots("wrong-password")

        _sign_in(page, "skatitajs", "skatitajs-parole-1")
        expect(page.get_by_text("Pierakstījies: skatitajs")).to_be_visible()
        nav = _nav(page)
        assert "Datu augšupielāde" not in nav and "Koprades darbnīcas" not in nav and "Slodzes analīze" in nav
        expect(page.get_by_label("Sociālais dienests")).to_have_value("A dienests")
        shots("viewer")

        # a foreign service by URL: not theirs to see, the selector stays on their own
        page.goto(f"{server.url}/?svc={b}")
        wait_idle(page)
        if page.locator("h1").first.inner_text() == SIGN_IN:  # a new page load is a new session
            _sign_in(page, "skatitajs", "skatitajs-parole-1")
        expect(page.get_by_label("Sociālais dienests")).to_have_value("A dienests")
        assert "B dienests" not in page.get_by_test_id("stSidebar").inner_text()

        page.get_by_role("button", name="Izrakstīties").click()
        wait_idle(page)
        expect(page.locator("h1").first).to_have_text(SIGN_IN)
        expect(page.get_by_text("Jūs esat izrakstījies.")).to_be_visible()

        _sign_in(page, "vaditaja", "vaditaja-parole-1")
        assert "Datu augšupielāde" in _nav(page)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Iestatījumi").click()
        wait_idle(page)
        expect(page.get_by_text("Lomas šajā dienestā")).to_be_visible()
        assert "app.duckdb" not in page.inner_text("body") and str(store) not in page.inner_text("body")
        shots("head-settings")

        time.sleep(SESSION_SECONDS + 2)  # no activity for longer than the session lasts
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Sākums").click()
        wait_idle(page)
        expect(page.locator("h1").first).to_have_text(SIGN_IN)
        expect(page.get_by_text("Sesija beidzās bezdarbības dēļ.", exact=False)).to_be_visible()
        shots("expired")
    finally:
        server.stop()


def test_sign_in_through_the_municipalitys_identity_provider(shared_store, tmp_path, page, shots):
    from oidc_provider_mock import run_server_in_thread

    store, _a, _b = shared_store
    app_port = free_port()
    with run_server_in_thread(port=free_port()) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "slodze"\nclient_secret = "slodze-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n', encoding="utf-8")
        server = AppServer(db_path=store, port=app_port, log_path=tmp_path / "streamlit.log",
                           env={"APP_SIGN_IN": "on"}, options=("--secrets.files", str(secrets_file)))
        server.start()
        try:
            page.goto(server.url)
            wait_idle(page)
            _through_provider(page, issuer, server.url, "anna@novads.lv")
            wait_idle(page)
            # the name is shown as text (a word joiner after "@" keeps Markdown from making it a link)
            expect(page.get_by_text(re.compile("Pierakstījies: anna@\u2060?novads\\.lv"))).to_be_visible()
            assert "Datu augšupielāde" in _nav(page)  # the head of A
            shots("oidc-signed-in")

            # st.logout ends the provider's session too (RP-initiated logout), then comes back
            page.get_by_role("button", name="Izrakstīties").click()
            page.wait_for_url(f"{issuer}/oauth2/end_session**")
            page.get_by_role("button", name="End session").click()
            page.wait_for_url(f"{server.url}/**")
            expect(page.locator("h1").first).to_have_text(SIGN_IN, timeout=30_000)  # after the redirects settle
            wait_idle(page)

            # known to the provider, unknown here: no access, and told why
            _through_provider(page, issuer, server.url, "svesais@citur.lv")
            expect(page.get_by_text("šajā lietotnē tam nav piekļuves", exact=False)).to_be_visible(timeout=30_000)
            expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
            shots("oidc-unknown")
        finally:
            server.stop()
