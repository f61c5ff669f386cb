"""User text is data, never markup: with a Markdown image pointing at a loopback server in every
name a user can type (service, file, version, member, evidence, indicator, own practice, plan), no
page makes the browser fetch it, no shortcode becomes an icon, and the text reads as typed."""

from __future__ import annotations

import http.server
import threading
from typing import ClassVar

from playwright.sync_api import expect

from lib.store import db
from tests.browser.harness import AppServer, wait_idle
from tests.hostile_text import seed


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_names_with_markdown_images_are_shown_as_text(browser, tmp_path, shots):
    trap = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    store = tmp_path / "hostile.duckdb"
    con = db.connect(store)
    seeded = seed(con, trap.server_address[1])
    con.close()
    server = AppServer(db_path=store, log_path=tmp_path / "streamlit.log")
    server.start()
    page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
    page.set_default_timeout(20_000)
    shots.page = page
    try:
        for path in ("home", "upload", "reference", "analysis", "settings"):
            page.goto(f"{server.url}/{path}?svc={seeded.service_id}")
            wait_idle(page)
            main = page.locator("[data-testid='stMain']")
            expect(main).to_contain_text("![service](http\u2060://127.0.0.1:")  # the service name, as typed
            assert main.locator("a[href*='127.0.0.1']").count() == 0  # not even a link
            if path == "reference":
                page.get_by_role("tab", name="Versijas").click()
                wait_idle(page)
                expect(main).to_contain_text("![version](http\u2060://")
            shots(path)
        page.goto(f"{server.url}/self_assessment?svc={seeded.service_id}")
        wait_idle(page)
        for tab in ("Darba grupa un standarts", "Individuālā vērtēšana", "Vienošanās", "Kritēriji un līmeņi",
                    "Rezultātu rādītāji", "Pilnveides plāns", "Pārskats un eksports"):
            page.get_by_role("tab", name=tab).click()
            wait_idle(page)
            shots(f"sa-{tab}")
        page.get_by_role("tab", name="Darba grupa un standarts").click()
        wait_idle(page)
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "![member](http\u2060://127.0.0.1:" in text  # the member's name as typed (a word joiner unlinks it)
        assert "- Anna" in text and "1. Jānis" in text  # not a list
        assert page.locator("img[src*='127.0.0.1']").count() == 0
        assert page.locator("[data-testid='stMain'] a[href*='127.0.0.1']").count() == 0  # nor a link
        assert _Counter.hits == []  # no page made the browser fetch a user's image
    finally:
        server.stop()
        trap.shutdown()
