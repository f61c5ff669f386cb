"""Browser fixtures. Under CI=true a missing Chromium is a failure, never a skip."""

from __future__ import annotations

import os

import pytest

from lib.store import db
from lib.store.services import Profile, create_service
from tests.browser.harness import AppServer, Shots, chromium_available, launch


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        message = "Debian's chromium is not installed (make test installs it when run as root)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path):
    s = AppServer(db_path=tmp_path / "browser.duckdb", log_path=tmp_path / "streamlit.log")
    s.start()
    yield s
    s.stop()


@pytest.fixture
def service_server(tmp_path):
    """A fresh server whose store already holds one service with its profile."""
    store = tmp_path / "service.duckdb"
    con = db.connect(store)
    create_service(con, Profile("Cēsu sociālais dienests", "Cēsu novads", 40_000, "mixed"))
    con.close()
    s = AppServer(db_path=store, log_path=tmp_path / "streamlit.log")
    s.start()
    yield s
    s.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-US", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


@pytest.fixture
def shots(page, tmp_path):
    return Shots(page, tmp_path / "screenshots")
