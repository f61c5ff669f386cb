"""A workshop under load: 30 participants on one server while the facilitator's board is open in
headless Chromium.

A participant is a websocket client that speaks Streamlit's own protocol (the protobuf messages its
browser front end sends and receives): it opens the join link, draws nothing, answers its page's
2-second watcher as a browser does (the `auto_rerun` timer), and moves a slider by sending the edit
the way the sliders' element does (lib/ui/reference_sliders.js: a rerun of the editor's fragment with
the element's state). 30 Chromium pages would not
fit on this 2-core machine next to the server; the browser side of a participant is measured in
bench/rerun.py.

Measured: a participant's slider move → the facilitator's board table shows it (browser, p50/p95,
the board's refresh period is the floor: 1 s, half of it on average); a participant's move → its own
rerun finished (round trip through the websocket); and inside the running app (`APP_TIMING_LOG`,
lib/timing.py): the participant editor's fragment run (the slider rerun, server side), the board's
fragment run, and the participants' watcher runs.

    .venv/bin/python bench/workshop.py            # PARTICIPANTS=30 MOVES=40
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from lib import domain  # noqa: E402
from lib.store import db  # noqa: E402
from lib.store.services import Profile, create_service  # noqa: E402
from lib.ui.reference_editor import SLIDERS as SLIDERS_KEY  # noqa: E402
from lib.workload import reference_view, workshops  # noqa: E402
from tests.browser.harness import AppServer, launch  # noqa: E402

PARTICIPANTS = int(os.environ.get("PARTICIPANTS", "30"))
MOVES = int(os.environ.get("MOVES", "40"))
SLIDERS = ["Mājas vizītes", "Gadījuma dokumentēšana", "Sagatavošanās"]
CHANGED = ("([name, old]) => [...document.querySelectorAll('[data-testid=stTable] tr')]"
           ".some(r => r.innerText.includes(name) && r.innerText !== old)")  # the function's board row changed


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] if xs else float("nan")


class Participant:
    """One participant's browser session, without a browser."""

    def __init__(self, url: str, query: str):
        self.url, self.query = url, query
        self.element = ("", "")  # the sliders' element: (widget id, fragment id)
        self.sliders: dict[str, tuple[str, int]] = {}  # label → (slot, the point the server shows)
        self.edits = {"mount": f"bench-{id(self)}", "seq": 0, "moves": {}, "locks": {}}
        self.timers: dict[str, asyncio.Task] = {}  # fragment id → its auto-rerun timer
        self.finished = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        async with websockets.connect(f"{self.url.replace('http', 'ws')}/_stcore/stream",
                                      subprotocols=["streamlit"], max_size=None) as ws:
            self.ws = ws
            await self._rerun()
            reader = asyncio.create_task(self._read())
            await stop.wait()
            reader.cancel()
            for timer in self.timers.values():
                timer.cancel()

    async def _rerun(self, fragment_id: str = "", edits: dict | None = None, auto: bool = False) -> None:
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.fragment_id = fragment_id
        msg.rerun_script.is_auto_rerun = auto
        if edits:  # the sliders' element sends its whole state
            w = msg.rerun_script.widget_states.widgets.add()
            w.id = self.element[0]
            w.json_value = json.dumps({"edits": edits})
        self.finished.clear()
        await self.ws.send(msg.SerializeToString())

    async def _read(self) -> None:
        async for raw in self.ws:
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                if el.WhichOneof("type") == "bidi_component" and el.bidi_component.id.endswith(SLIDERS_KEY):
                    self.element = (el.bidi_component.id, fm.delta.fragment_id)
                    for group in json.loads(el.bidi_component.json)["groups"]:
                        for row in group["rows"]:
                            self.sliders[row["label"]] = (row["slot"], row["point"])
            elif kind == "auto_rerun" and fm.auto_rerun.fragment_id not in self.timers:
                self.timers[fm.auto_rerun.fragment_id] = asyncio.create_task(
                    self._tick(fm.auto_rerun.fragment_id, fm.auto_rerun.interval))
            elif kind == "script_finished":
                self.finished.set()

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self._rerun(fragment_id, auto=True)

    async def move(self, label: str, points: int) -> float:
        slot, point = self.sliders[label]
        self.edits["seq"] += 1
        self.edits["moves"][slot] = [point + points, self.edits["seq"]]
        started = time.perf_counter()
        await self._rerun(self.element[1], self.edits)
        await asyncio.wait_for(self.finished.wait(), 60)
        return (time.perf_counter() - started) * 1000


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
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()

    def call(coro, timeout=120):
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)

    stop = asyncio.Event()
    people = [Participant(server.url, f"workshop={w.token}&group={w.groups[n % 3].id}") for n in range(PARTICIPANTS)]
    board_ms, own_ms, missed = [], [], 0
    try:
        for p in people:
            asyncio.run_coroutine_threadsafe(p.run(stop), loop)
        deadline = time.monotonic() + 120
        while any(len(p.sliders) < 15 for p in people) and time.monotonic() < deadline:
            time.sleep(0.2)
        print(f"{sum(len(p.sliders) == 15 for p in people)} of {PARTICIPANTS} participants see their editor")
        with sync_playwright() as pw:
            browser = launch(pw)
            board = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            board.set_default_timeout(60_000)
            board.goto(f"{server.url}/workshops?svc={sid}")
            board.get_by_test_id("stTable").first.wait_for()  # the board reruns every second: never idle for long
            log.write_text("")
            for i in range(MOVES):
                who = people[i % len(people)]
                name = SLIDERS[i % len(SLIDERS)]
                row = board.get_by_test_id("stTable").first.get_by_role("row").filter(has_text=name)
                before = row.inner_text()
                t0 = time.perf_counter()
                own_ms.append(call(who.move(name, 1 if (i // len(people)) % 2 == 0 else -1)))  # ±0,5 %
                try:
                    board.wait_for_function(CHANGED, arg=[name, before], timeout=10_000, polling=20)
                    board_ms.append((time.perf_counter() - t0) * 1000)
                except PlaywrightTimeout:
                    missed += 1
                time.sleep(1.0)  # a group moves every 3 s: its members' pages have caught up (2 s watcher)
            browser.close()
    finally:
        loop.call_soon_threadsafe(stop.set)
        time.sleep(0.5)
        server.stop()
    runs = defaultdict(list)
    for line in log.read_text().splitlines():
        name, ms = line.split(",")
        runs[name].append(float(ms))
    print(f"move → board shows it (browser, n={len(board_ms)}): p50 {pct(board_ms, .5):.0f} ms, "
          f"p95 {pct(board_ms, .95):.0f} ms, max {max(board_ms):.0f} ms, not seen within 10 s: {missed}"
          " (board refresh period 1000 ms)")
    print(f"move → the participant's rerun finished (websocket round trip, n={len(own_ms)}): "
          f"p50 {pct(own_ms, .5):.0f} ms, p95 {pct(own_ms, .95):.0f} ms")
    for name in ("workshop_participant", "workshop_board", "workshop_watch"):
        xs = runs.get(name, [])
        print(f"{name} (server, n={len(xs)}): p50 {pct(xs, .5):.1f} ms, p95 {pct(xs, .95):.1f} ms")


if __name__ == "__main__":
    main()
