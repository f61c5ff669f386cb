"""Every page in Latvian and in English at 1366×768 with DEMO data, every tab opened: no built-in
string of the other language in what the page shows, and no label, button, tab or select box whose
text is cut (checked from the DOM: an element that clips its text and is narrower than it)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lib import domain
from lib.demo import dataset
from lib.intake import reading
from lib.store import db
from lib.ui.navigation import PAGES
from tests.browser.harness import AppServer, Shots, wait_idle

D = domain.load()
# Streamlit's own English that leaked into the Latvian UI, and Latvian that leaked into the English
# one; the skip link "Skip to main content" (shown only on keyboard focus) has no Streamlit setting.
FOREIGN = {
    "lv": ["Press Enter", "Upload", "Drag and drop", "per file", "Choose an option", "No results", "No options",
           "Page not found", "Browse files", "Select all", "YYYY"],
    "en": ["Kopā", "Pilsētas", "Novadi", "Saglabāt", "punktu", "punkti", "Lejupielādēt", "Izvēlēties", "Augšupielādēt"],
}
CUT = """() => [...document.querySelectorAll(
    "[data-testid=stMain] :is(label, button, [role=tab], [data-testid=stWidgetLabel] p, [data-baseweb=select] div," +
    " [data-testid=stMarkdownContainer] p, [data-testid=stCaptionContainer] p, input:not([type=file]))")]
  .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
          && getComputedStyle(e).overflowX !== 'auto' && getComputedStyle(e).overflowX !== 'scroll')
  .map(e => `${e.tagName} ${e.closest('[data-testid]')?.dataset.testid}: ${(e.innerText || e.value || '')
              .slice(0, 60)}`)"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("walk")
    con = db.connect(tmp / "demo.duckdb")
    sid = dataset.load_demo(con, reading.context(D))
    con.close()
    server = AppServer(db_path=tmp / "demo.duckdb", log_path=tmp / "streamlit.log")
    server.start()
    yield server, sid
    server.stop()


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_page_speaks_one_language_and_cuts_nothing(browser, demo_server, lang, tmp_path):
    server, sid = demo_server
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(20_000)
    shots = Shots(page, tmp_path / "screenshots")
    found: dict[str, set[str]] = {}
    for spec in PAGES:
        page.goto(f"{server.url}/{spec.url_path}?svc={sid}&lang={lang}")  # /home too: a bookmark's path
        wait_idle(page)
        if page.get_by_role("dialog").count():  # Streamlit's English "Page not found"
            found.setdefault(spec.key, set()).add(f"dialog: {page.get_by_role('dialog').first.inner_text()[:60]}")
        tabs = page.get_by_test_id("stMain").get_by_role("tab")
        for i in range(max(tabs.count(), 1)):
            if tabs.count():
                tabs.nth(i).click()
                wait_idle(page)
            text = page.get_by_test_id("stMain").inner_text() + page.get_by_test_id("stSidebar").inner_text()
            where = f"{spec.key}" + (f" / {tabs.nth(i).inner_text()}" if tabs.count() else "")
            for word in FOREIGN[lang]:
                if word in text:
                    found.setdefault(where, set()).add(f"foreign: {word}")
            for element in page.evaluate(CUT):
                found.setdefault(where, set()).add(f"cut: {element}")
        shots(f"{lang}-{spec.key}")
    assert found == {}


def test_what_has_arrived_for_the_demo_period_names_the_missing_worker(browser, demo_server, tmp_path):
    """Upload → 'Kas jau iesniegts': DEMO's SD05 (counted in March only) has sent neither the May
    workload form nor the June count; the reminder to copy says so."""
    server, sid = demo_server
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server.url}/upload?svc={sid}&lang=lv")
    wait_idle(page)
    box = page.get_by_test_id("stExpander").filter(has_text="Kas jau iesniegts")
    box.locator("summary").click()
    expect(box.get_by_text("Slodzes analīze: 4 no 5; lietu uzskaite: 4 no 5.")).to_be_visible()
    row = box.get_by_role("row").filter(has_text="SD05")
    expect(row).to_contain_text("— trūkst")
    expect(box.get_by_test_id("stCode")).to_contain_text(
        "Vēl jāiesniedz slodzes analīzes veidlapa par 04.05.2026–15.05.2026: SD05.")
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "collection.png"))
