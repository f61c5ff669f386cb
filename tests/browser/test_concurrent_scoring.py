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
from tests.browser import scoring
from tests.browser.harness import AppServer, choose, wait_idle

D = domain.load()
PRACTICES = [i.id for i in A.practices(D.catalogue, "base", {}, ()) if i.criterion_id == "1"][:8]


def _member_page(browser, server, sid: int, member: str):
    page = scoring.open_scoring(browser, server.url, sid, (1400, 1100))
    panel = page.get_by_role("tabpanel")
    box = panel.get_by_role("combobox", name="Dalībnieks", exact=True)
    if box.input_value() != member:  # the first member is already chosen
        choose(page, box, member, exact=True)
    expect(panel.get_by_text("Novērtēti 0 no", exact=False)).to_have_count(1)
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
        for k, (name, page) in enumerate(pages.items()):
            values = [(n * 11 + k * 37) % 101 for n in range(len(PRACTICES))]
            scoring.type_scores(page, values)
            typed.update({(name, p): v for p, v in zip(PRACTICES, values, strict=True)})
        for page in pages.values():  # both press Save before either run ends
            page.get_by_role("tabpanel").get_by_role("button", name="Saglabāt", exact=True).click()
        for name, page in pages.items():
            wait_idle(page)
            expect(page.get_by_role("tabpanel").get_by_text(f"Novērtēti {len(PRACTICES)} no", exact=False)
                   ).to_have_count(1)
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
