"""A workshop under load: 30 participants (headless Chromium pages, 10 per group) on one server while
the facilitator's board is open.

Measured: a participant's key press on a slider → the facilitator's board table shows the new value
(browser, p50/p95 over MOVES presses by participants picked in turn); and inside the running app
(`APP_TIMING_LOG`, lib/timing.py): the participant editor's fragment run (the slider rerun, server
side), the board's fragment run, and the participants' watchers (the check every 2 s that redraws a
page when its group's draft changed). The floor for the board latency is the board's own refresh
period (1.5 s: half of it on average).

    .venv/bin/python bench/workshop.py            # PARTICIPANTS=30 MOVES=30
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from lib import domain  # noqa: E402
from lib.store import db  # noqa: E402
from lib.store.services import Profile, create_service  # noqa: E402
from lib.workload import reference_view, workshops  # noqa: E402
from tests.browser.harness import AppServer, launch, wait_idle  # noqa: E402

PARTICIPANTS = int(os.environ.get("PARTICIPANTS", "30"))
MOVES = int(os.environ.get("MOVES", "30"))
SLIDERS = ["Mājas vizītes", "Gadījuma dokumentēšana", "Sagatavošanās"]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] if xs else float("nan")


def main() -> None:
    work = Path(tempfile.mkdtemp())
    store, log = work / "bench.duckdb", work / "timing.csv"
    con = db.connect(store)
    sid = create_service(con, Profile("Bench dienests"))
    w = workshops.create(con, sid, "Bench", "?", [("Vadītāji", "managers"), ("Sociālie darbinieki", "workers"),
                                                  ("Ģimenes", "other")], reference_view.slots(domain.load()))
    con.close()
    os.environ["APP_TIMING_LOG"] = str(log)
    server = AppServer(db_path=store, log_path=work / "streamlit.log")
    server.start()
    latencies = []
    try:
        with sync_playwright() as p:
            browser = launch(p)
            board = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            board.set_default_timeout(60_000)
            board.goto(f"{server.url}/workshops?svc={sid}")
            wait_idle(board)
            pages = []
            started = time.perf_counter()
            for n in range(PARTICIPANTS):
                group = w.groups[n % len(w.groups)]
                page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
                page.set_default_timeout(60_000)
                page.goto(f"{server.url}/?workshop={w.token}&group={group.id}")
                pages.append((group, page))
            for _, page in pages:
                wait_idle(page)
            print(f"{PARTICIPANTS} participants joined in {time.perf_counter() - started:.1f} s")
            log.write_text("")
            direction = defaultdict(lambda: "ArrowRight")
            for i in range(MOVES):
                group, page = pages[i % len(pages)]
                name = SLIDERS[i % len(SLIDERS)]
                row = board.get_by_test_id("stTable").first.get_by_role("row").filter(has_text=name)
                before = row.inner_text()
                key = direction[(group.id, name)]
                page.get_by_role("slider", name=name).focus()
                t0 = time.perf_counter()
                page.keyboard.press(key)
                board.wait_for_function("([name, old]) => [...document.querySelectorAll('[data-testid=stTable] tr')]"
                                        ".some(r => r.innerText.includes(name) && r.innerText !== old)",
                                        arg=[name, before], timeout=30_000, polling=20)
                latencies.append((time.perf_counter() - t0) * 1000)
                direction[(group.id, name)] = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
                time.sleep(0.3)
            time.sleep(3)  # the watchers of the other participants catch up
            browser.close()
    finally:
        server.stop()
    runs = defaultdict(list)
    for line in log.read_text().splitlines():
        name, ms = line.split(",")
        runs[name].append(float(ms))
    print(f"key press → board shows it (browser, n={len(latencies)}): p50 {pct(latencies, .5):.0f} ms, "
          f"p95 {pct(latencies, .95):.0f} ms, max {max(latencies):.0f} ms (board refresh period 1500 ms)")
    for name in ("workshop_participant", "workshop_board", "workshop_watch"):
        xs = runs.get(name, [])
        print(f"{name} (server, n={len(xs)}): p50 {pct(xs, .5):.1f} ms, p95 {pct(xs, .95):.1f} ms")


if __name__ == "__main__":
    main()
