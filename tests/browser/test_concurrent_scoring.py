"""Two members score at the same moment in two browsers on one server: every score they type is
stored, each field shows it, and neither page shows an error (once every two saves at once lost one
to a DuckDB conflict and turned the page into an English traceback)."""

from __future__ import annotations

from playwright.sync_api import expect

from lib import domain
from lib.quality import assessments
from lib.quality import rules as A
from lib.store import db
from lib.store.services import Profile, create_service
from tests.browser.harness import AppServer, choose, wait_idle

D = domain.load()
PRACTICES = [i.id for i in A.practices(D.catalogue, "base", {}, ()) if i.subcriterion_id.startswith("1.")][:8]


def _member_page(browser, server, sid: int, member: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server.url}/self_assessment?svc={sid}")
    wait_idle(page)
    page.get_by_role("tab", name="Individuālā vērtēšana", exact=True).click()
    wait_idle(page)
    panel = page.get_by_role("tabpanel")
    choose(page, panel.get_by_role("combobox", name="Dalībnieks", exact=True), member, exact=True)
    # the previous member's form can linger for a moment after the run ends (stale elements)
    expect(panel.get_by_label(f"Vērtējums {PRACTICES[0]} (0–100)", exact=True)).to_have_count(1)
    return page


def test_two_members_scoring_at_once_lose_nothing(browser, tmp_path, shots):
    store = tmp_path / "scores.duckdb"
    con = db.connect(store)
    sid = create_service(con, Profile("Talsu dienests"))
    aid = assessments.create(con, sid, 2026, "base", "", ["Anna", "Jānis"])
    members = {m.name: m.id for m in assessments.load(con, sid, aid).members}
    con.close()
    server = AppServer(db_path=store, log_path=tmp_path / "streamlit.log")
    server.start()
    try:
        pages = {name: _member_page(browser, server, sid, name) for name in members}
        typed: dict[tuple[str, str], int] = {}
        for n, practice in enumerate(PRACTICES):
            for k, (name, page) in enumerate(pages.items()):  # both press Enter before either run ends
                value = (n * 11 + k * 37) % 101
                field = page.get_by_role("tabpanel").get_by_label(f"Vērtējums {practice} (0–100)", exact=True)
                expect(field).to_have_count(1)
                field.fill(str(value))
                field.press("Enter")
                typed[(name, practice)] = value
            for page in pages.values():
                wait_idle(page)
        for name, page in pages.items():
            for practice in PRACTICES:
                expect(page.get_by_role("tabpanel").get_by_label(f"Vērtējums {practice} (0–100)", exact=True)
                       ).to_have_value(str(typed[(name, practice)]))
            assert page.get_by_test_id("stException").count() == 0
            assert page.get_by_test_id("stAlertContentError").count() == 0
            shots.page = page
            shots(f"member-{name}")
    finally:
        server.stop()
    con = db.connect(store)
    stored = {(n, item): score for (m, kind, item), score in assessments.load(con, sid, aid).individual.items()
              for n in members if members[n] == m}
    con.close()
    assert stored == typed
