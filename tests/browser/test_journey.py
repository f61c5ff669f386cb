"""Journey: a newcomer opens the app, switches to English, visits every section, sets the service
profile, reloads the browser and restarts the app: the profile and language are kept."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from lib import i18n
from lib.ui.navigation import PAGES
from tests.browser.harness import choose, wait_idle


def _title(page):
    return page.locator("h1").first


def test_home_language_pages_profile_reload_restart(server, page, shots):
    page.goto(server.url)
    wait_idle(page)
    expect(_title(page)).to_have_text("Sākums")  # Latvian although the browser asks for en-US
    expect(page.get_by_text("Laipni lūdzam!")).to_be_visible()
    shots("home-lv")

    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(_title(page)).to_have_text("Home")
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]lang=en"))
    shots("home-en")

    nav = page.get_by_test_id("stSidebarNav")
    for spec in PAGES[1:]:
        title = i18n.t(f"nav.{spec.key}", lang="en")
        nav.get_by_role("link", name=title).click()
        expect(_title(page)).to_have_text(title)
        wait_idle(page)
        expect(page).to_have_url(re.compile(rf"/{spec.url_path}\?(.*&)?lang=en"))
        assert page.get_by_test_id("stException").count() == 0
        shots(f"page-{spec.key}-en")

    nav.get_by_role("link", name="Home").click()
    expect(_title(page)).to_have_text("Home")
    wait_idle(page)
    page.get_by_label("Service name", exact=True).fill("Ogres novada sociālais dienests")
    page.get_by_label("Municipality", exact=True).fill("Ogres novads")
    page.get_by_label("Inhabitants", exact=True).fill("32000")
    choose(page, page.get_by_label("Territory type", exact=True), "City and rural areas")
    shots("profile-filled")
    page.get_by_role("button", name="Create service").click()
    expect(page.get_by_text("Service “Ogres novada sociālais dienests” created.")).to_be_visible()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]svc=\d+"))
    shots("profile-saved")

    page.reload()
    wait_idle(page)
    expect(_title(page)).to_have_text("Home")  # the language survived the reload via the URL
    expect(page.get_by_label("Service name", exact=True)).to_have_value("Ogres novada sociālais dienests")
    expect(page.get_by_label("Inhabitants", exact=True)).to_have_value("32000")
    expect(page.get_by_test_id("stCaptionContainer").first).to_have_text("Ogres novada sociālais dienests")
    shots("after-reload")

    server.stop()
    server.start()
    page.goto(server.url)
    wait_idle(page)
    expect(_title(page)).to_have_text("Sākums")
    expect(page.get_by_label("Dienesta nosaukums", exact=True)).to_have_value("Ogres novada sociālais dienests")
    expect(page.get_by_label("Pašvaldība", exact=True)).to_have_value("Ogres novads")
    expect(page.get_by_label("Teritorijas veids", exact=True)).to_have_value("Pilsēta un lauku teritorijas")
    shots("after-restart-lv")


def test_shared_link_opens_a_section_in_english_on_a_fresh_server(server, page):
    page.goto(f"{server.url}/caseload?lang=en")
    expect(_title(page)).to_have_text("Caseload")
    wait_idle(page)
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Self-assessment")
    assert page.get_by_text("Page not found").count() == 0
