"""A co-creation workshop in three Chromium contexts on one server: the facilitator creates it and
reads the join link; two participants join two groups and move sliders; the board shows both
proposals without a click; the facilitator starts the agreed reference from the median, saves and
activates it; a reload of every context keeps every draft; a participant never sees another page
or a worker code; closing the workshop stops the link."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from lib import domain
from lib.demo import dataset
from lib.intake import reading
from lib.store import db
from lib.workload import versions
from tests.browser.harness import AppServer, Shots, choose, wait_idle

D = domain.load()
BOARD_WAIT_MS = 2_500  # the board reruns every 1 s: a move shows within 2 s (+ the browser's own draw)


def _context_page(browser, size=(1366, 768)):
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.set_default_timeout(20_000)
    return page


def _press(page, name: str, key: str, times: int) -> None:
    """Key presses on a slider, until the server has stored them (the caption, written by the server,
    shows what the slider shows)."""
    page.get_by_role("slider", name=name).focus()
    for _ in range(times):
        page.keyboard.press(key)
    shown = _slider(page, name).inner_text()
    expect(_row(page, name).get_by_test_id("refSliderCaption")).to_contain_text(f"{shown} · ")
    wait_idle(page)


def _row(page, name: str):
    return page.get_by_test_id("refSliderRow").filter(has=page.get_by_role("slider", name=name))


def _slider(page, name: str):
    return _row(page, name).get_by_test_id("refSliderValue")


def _join(browser, link: str, group: str, tmp_path):
    page = _context_page(browser, (1400, 1000))
    page.goto(link)
    wait_idle(page)
    page.get_by_text(group, exact=True).click()
    page.get_by_role("button", name="Pievienoties").click()
    wait_idle(page)
    expect(page.get_by_text(f"Jūs esat grupā „{group}”", exact=False)).to_be_visible()
    return page


def test_facilitator_and_two_groups(browser, tmp_path):
    store = tmp_path / "workshop.duckdb"
    con = db.connect(store)
    sid = dataset.load_demo(con, reading.context(D))
    codes = {r[0] for r in con.execute("SELECT worker_code FROM workload_forms WHERE service_id = ?",
                                       [sid]).fetchall()}
    con.close()
    server = AppServer(db_path=store, log_path=tmp_path / "streamlit.log")
    server.start()
    try:
        facilitator = _context_page(browser)
        shots = Shots(facilitator, tmp_path / "shots")
        facilitator.goto(f"{server.url}/workshops?svc={sid}")
        wait_idle(facilitator)
        main = facilitator.get_by_test_id("stMain")
        main.get_by_label("Nosaukums").fill("Etalona darbnīca 2027")
        main.get_by_role("button", name="Izveidot darbnīcu").click()
        wait_idle(facilitator)
        expect(main.get_by_text("Darbnīca „Etalona darbnīca 2027” izveidota")).to_be_visible()
        facilitator.get_by_role("tab", name="Saite un QR kods").click()
        wait_idle(facilitator)
        link = main.get_by_test_id("stCode").inner_text().strip()
        assert re.fullmatch(rf"{re.escape(server.url)}/\?workshop=[\w-]+", link), link
        expect(main.get_by_test_id("stImage")).to_be_visible()
        shots("link")
        facilitator.get_by_role("tab", name="Tāfele").click()
        wait_idle(facilitator)

        managers = _join(browser, link, "Vadītāji", tmp_path)
        workers = _join(browser, link, "Sociālie darbinieki", tmp_path)
        _press(managers, "Mājas vizītes", "ArrowRight", 4)  # 3,0 → 5,0
        _press(workers, "Gadījuma dokumentēšana", "ArrowRight", 6)  # 10,0 → 13,0
        managers.get_by_role("textbox", name=re.compile("^Mājas vizītes")).fill("Lauku teritorija: ilgi ceļi")
        managers.keyboard.press("Enter")
        wait_idle(managers)

        board = main.get_by_test_id("stTable").first
        expect(board.get_by_role("row").filter(has_text="Mājas vizītes")).to_contain_text(
            re.compile(r"3,0.*5,0.*3,0.*2,0"), timeout=BOARD_WAIT_MS)  # national, managers, workers, spread
        expect(board.get_by_role("row").filter(has_text="Gadījuma dokumentēšana")).to_contain_text(
            re.compile(r"10,0.*10,0.*13,0.*3,0"), timeout=BOARD_WAIT_MS)
        expect(main.get_by_text("Lauku teritorija: ilgi ceļi")).to_be_visible(timeout=BOARD_WAIT_MS)
        shots("board")

        # a second participant of the managers' group sees the first one's move without a click
        colleague = _join(browser, link, "Vadītāji", tmp_path)
        expect(_slider(colleague, "Mājas vizītes")).to_have_text("5,0 %")
        _press(colleague, "Mājas vizītes", "ArrowRight", 2)
        expect(_slider(managers, "Mājas vizītes")).to_have_text("6,0 %", timeout=BOARD_WAIT_MS + 1_000)
        colleague.context.close()

        facilitator.get_by_role("tab", name="Kopīgais etalons").click()
        wait_idle(facilitator)
        choose(facilitator, main.get_by_label("Sākt kopīgo etalonu no"), "grupu priekšlikumu mediānas")
        main.get_by_role("button", name="Ielikt redaktorā").click()
        wait_idle(facilitator)
        big_total = main.locator(".workshop-total")
        expect(big_total).to_be_visible()
        wait_idle(facilitator)
        big_total.evaluate("e => e.scrollIntoView({block: 'start'})")
        _press(facilitator, "Citi pienākumi", "ArrowRight", 1)  # the last slider, inside its scrolling box
        box = big_total.bounding_box()
        assert box and box["y"] >= -1 and box["y"] + box["height"] <= 768, box  # the total stays on screen
        expect(big_total).to_contain_text("100,0")
        facilitator.screenshot(path=tmp_path / "shots" / "projector-1366x768.png")
        shots("compose")
        main.get_by_label("Versijas nosaukums").fill("Vienošanās darbnīcā")
        main.get_by_role("button", name="Saglabāt", exact=True).click()
        wait_idle(facilitator)
        expect(main.get_by_text("Vienošanās darbnīcā", exact=False).first).to_be_visible()

        for page in (facilitator, managers, workers):
            page.reload()
            wait_idle(page)
        expect(_slider(managers, "Mājas vizītes")).to_have_text("6,0 %")
        expect(_slider(workers, "Gadījuma dokumentēšana")).to_have_text("13,0 %")
        for page in (managers, workers):
            text = page.get_by_test_id("stApp").inner_text()
            assert not [c for c in codes if c in text]
            assert page.get_by_test_id("stSidebarNav").count() == 0
            hrefs = page.get_by_test_id("stApp").locator("a").evaluate_all("links => links.map(a => a.href)")
            assert [h for h in hrefs if not h.split("#")[0].startswith(link.split("?")[0] + "?")] == []
            assert "Saglabāt" not in [b.strip() for b in page.get_by_role("button").all_inner_texts()]
        Shots(managers, tmp_path / "shots")("participant")

        facilitator.get_by_role("tab", name="Saite un QR kods").click()
        wait_idle(facilitator)
        main.get_by_role("button", name="Slēgt darbnīcu").click()
        facilitator.get_by_role("button", name="Jā, slēgt").click()
        wait_idle(facilitator)
        closed = _context_page(browser)
        closed.goto(link)
        wait_idle(closed)
        expect(closed.get_by_text("Šī darbnīca ir slēgta")).to_be_visible()
        for page in (facilitator, managers, workers, closed):
            assert page.get_by_test_id("stException").count() == 0
    finally:
        server.stop()
    con = db.connect(store)
    active = versions.active(con, sid)
    con.close()
    assert active[0].name == "Vienošanās darbnīcā" and active[0].workshop == "Etalona darbnīca 2027"
    assert active[1].values["home_visits"] == 4.5  # the median of 6,0 and 3,0
    assert active[1].values["case_documentation"] == 11.5  # of 10,0 and 13,0
    assert active[1].justifications["home_visits"] == "Vadītāji: Lauku teritorija: ilgi ceļi"
