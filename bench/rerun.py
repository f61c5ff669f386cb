"""Reference editor responsiveness for a slider change.

A slider change reruns only the editor fragment. Server side: the fragment's own script time,
measured inside the running app (`APP_TIMING_LOG`, lib/timing.py) over the moves made in headless
Chromium, p50/p95; compared with a whole-page run (AppTest, app.py → router → page).
Browser: a key press on a slider → total, captions and chart redrawn (the total changed and the run
is over, checked in the page each frame), p50/p95 in each of RUNS runs of KEYS presses (a fresh page
each, from the national reference), against the goal p95 ≤ KEY_GOAL_MS; and a mouse drag released
on the slider → redrawn.

BREAKDOWN=1 adds marks in the page (a key listener, the websocket, the script state, the total and
the charts watched) and prints where a key press's time goes; the marks cost a little themselves.

    .venv/bin/python bench/rerun.py            # MOVES=50 (mouse drags) RUNS=3 KEYS=50
    BREAKDOWN=1 .venv/bin/python bench/rerun.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.apptest import open_tab, slide  # noqa: E402
from tests.browser.harness import IDLE, AppServer, launch, wait_idle  # noqa: E402

MOVES = int(os.environ.get("MOVES", "50"))
RUNS = int(os.environ.get("RUNS", "3"))
KEYS = int(os.environ.get("KEYS", "50"))
BREAKDOWN = os.environ.get("BREAKDOWN") == "1"
KEY_GOAL_MS = 250
SLIDER = "Mājas vizītes"
THUMB_PX = 16  # Chromium's range thumb
TOTAL = "Kopā"

# Marks in the page, in ms since the key went down: the value sent on the websocket, the first and
# the last message back (the server started the run / sent its end), the script state running and
# notRunning, the total's text changed (checked every frame), the charts' last change in the DOM.
MARKS = """
(() => {
  const now = () => performance.now();
  const marks = window.__marks = {};
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Socket(...args);
    const send = ws.send.bind(ws);
    ws.send = data => {
      if (marks.key !== undefined && marks.send === undefined) marks.send = now();
      return send(data);
    };
    ws.addEventListener('message', () => {
      if (marks.send === undefined) return;
      if (marks.first === undefined) marks.first = now();
      marks.last = now();
    });
    return ws;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  new MutationObserver(records => {
    if (marks.key === undefined) return;
    for (const r of records) marks[r.target.getAttribute('data-test-script-state')] = now();
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
  const charts = new MutationObserver(() => { marks.chart = now(); });
  window.__arm = total => {
    for (const k of Object.keys(marks)) delete marks[k];
    const metric = () => [...document.querySelectorAll('[data-testid=stMetric]')]
      .find(e => e.innerText.includes(total));
    const before = metric()?.innerText;
    charts.disconnect();
    for (const c of document.querySelectorAll('[data-testid=stVegaLiteChart]'))
      charts.observe(c, {subtree: true, childList: true, attributes: true, characterData: true});
    document.addEventListener('keydown', () => {
      marks.key = now();
      const watch = () => {
        if (metric()?.innerText !== before) marks.metric = now();
        else if (now() - marks.key < 5000) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    }, {capture: true, once: true});
  };
  window.__read = () => Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, v - marks.key]));
})();
"""


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] if xs else float("nan")


def whole_page_runs(n: int = 20) -> list[float]:
    os.environ["APP_DB_PATH"] = tempfile.mktemp(suffix=".duckdb")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    open_tab(at.switch_page("pages/reference.py").run(), "Dienesta etalons")
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        slide(at, "home_visits", float(i % 9))
        times.append((time.perf_counter() - t0) * 1000)
    return times


# The total shows something else and the run is over (every element drawn, none still loading): one
# check in the page each frame, so the wait adds one round trip to Playwright, not three.
REDRAWN = f"""([old, name]) => {{
  const total = [...document.querySelectorAll('[data-testid=stMetric]')].find(e => e.innerText.includes(name));
  return total && total.innerText !== old && document.querySelector("{IDLE}") !== null
    && document.querySelector("[data-testid='stSkeleton']") === null;
}}"""


def _changed(page, before: str) -> None:
    page.wait_for_function(REDRAWN, arg=[before, TOTAL], timeout=3_000)


def _editor(browser, url: str):
    """A fresh page on the editor tab: the national reference, under the proportional rule (a move
    changes other sliders)."""
    page = browser.new_page(viewport={"width": 1500, "height": 1400})
    if BREAKDOWN:
        page.add_init_script(MARKS)
    page.goto(f"{url}/reference")
    wait_idle(page)
    page.get_by_role("tab", name="Dienesta etalons").click()
    wait_idle(page)
    page.get_by_role("button", name="Atjaunot nacionālo etalonu").click()
    wait_idle(page)
    page.get_by_text("samazināt pārējās neslēgtās funkcijas proporcionāli", exact=True).click()
    wait_idle(page)
    return page


def _fragment_runs(log: Path) -> list[float]:
    runs = [float(line.split(",")[1]) for line in log.read_text().splitlines() if line.startswith("reference_editor")]
    log.write_text("")
    return runs


def mouse_moves(page) -> list[float]:
    total = page.get_by_test_id("stMetric").filter(has_text=TOTAL, visible=True).first
    times = []
    for i in range(MOVES):
        slider = page.get_by_role("slider", name=SLIDER).last
        box = slider.bounding_box()  # the thumb's centre travels the track less its own width
        x = box["x"] + THUMB_PX / 2 + (box["width"] - THUMB_PX) * int(slider.input_value()) / int(
            slider.get_attribute("max"))
        y = box["y"] + box["height"] / 2
        before = total.inner_text()
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + (25 if i % 2 == 0 else -25), y, steps=3)
        t0 = time.perf_counter()
        page.mouse.up()
        try:
            _changed(page, before)
        except Exception:  # the drag ended on the value it started from: nothing to redraw
            continue
        times.append((time.perf_counter() - t0) * 1000)
    return times


def key_presses(page) -> tuple[list[float], list[dict[str, float]]]:
    """KEYS presses, left and right in turn, each waited for: wall times and (BREAKDOWN) the marks."""
    total = page.get_by_test_id("stMetric").filter(has_text=TOTAL, visible=True).first
    times, marks = [], []
    for i in range(KEYS):
        before = total.inner_text()
        page.get_by_role("slider", name=SLIDER).last.focus()
        if BREAKDOWN:
            page.evaluate("total => window.__arm(total)", TOTAL)
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight" if i % 2 else "ArrowLeft")
        _changed(page, before)
        times.append((time.perf_counter() - t0) * 1000)
        if BREAKDOWN:
            page.wait_for_timeout(300)  # the charts' last redraw lands after the run is over
            marks.append({**page.evaluate("window.__read()"), "wall": times[-1]})
    return times, marks


def breakdown(marks: list[dict[str, float]], fragments: list[float]) -> None:
    """Where a key press's time goes, p50 (p95) over every press, in ms since the key went down."""
    def stage(name: str, xs: list[float]) -> None:
        xs = [x for x in xs if x == x]
        print(f"  {name:<58} p50 {pct(xs, .5):6.1f}   p95 {pct(xs, .95):6.1f}")

    at = {k: [m.get(k, float("nan")) for m in marks] for k in
          ("send", "first", "last", "running", "metric", "notRunning", "chart", "wall")}
    print(f"where a key press's time goes ({len(marks)} presses; ms after the key went down unless said):")
    stage("value sent on the websocket", at["send"])
    stage("first message back (the server started the run)", at["first"])
    stage("server: the fragment's own time (duration, APP_TIMING_LOG)", fragments)
    stage("last message back (≈ the server's run ended)", at["last"])
    stage("total metric changed", at["metric"])
    stage("run over in the browser (script state notRunning)", at["notRunning"])
    stage("charts' last DOM change", at["chart"])
    stage("wall time measured from Playwright (press → total changed, idle)", at["wall"])
    stage("  of which between the last message and notRunning (browser render)",
          [b - a for a, b in zip(at["last"], at["notRunning"], strict=True)])
    stage("  of which Playwright's own round trips (wall − notRunning)",
          [b - a for a, b in zip(at["notRunning"], at["wall"], strict=True)])


def main() -> None:
    def verdict(value: float, goal: float) -> str:
        return "met" if value <= goal else "NOT met"

    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "timing.csv"
        os.environ["APP_TIMING_LOG"] = str(log)
        server = AppServer(db_path=Path(tmp) / "bench.duckdb")
        server.start()
        runs, fragments, marks = [], [], []
        try:
            with sync_playwright() as p:
                browser = launch(p)
                page = _editor(browser, server.url)
                _fragment_runs(log)
                mouse = mouse_moves(page)
                fragments.extend(_fragment_runs(log))
                page.close()
                for _ in range(RUNS):
                    page = _editor(browser, server.url)
                    _fragment_runs(log)
                    keys, run_marks = key_presses(page)
                    runs.append((keys, _fragment_runs(log)))
                    marks.extend(run_marks)
                    page.close()
                browser.close()
        finally:
            server.stop()
            os.environ.pop("APP_TIMING_LOG", None)

    for n, (keys, frag) in enumerate(runs, 1):
        p95 = pct(keys, .95)
        print(f"run {n}: browser, key press → total, captions and chart redrawn ({len(keys)} presses):"
              f" p50 {pct(keys, .5):.0f} ms, p95 {p95:.0f} ms, max {max(keys):.0f} ms;"
              f" goal p95 ≤ {KEY_GOAL_MS} ms: {verdict(p95, KEY_GOAL_MS)}"
              f" | server fragment p50 {pct(frag, .5):.1f} ms, p95 {pct(frag, .95):.1f} ms")
    print(f"browser, mouse drag released → redrawn ({len(mouse)} moves): p50 {pct(mouse, .5):.0f} ms,"
          f" p95 {pct(mouse, .95):.0f} ms")
    if BREAKDOWN:
        breakdown(marks, [x for _, frag in runs for x in frag])
    fragments.extend(x for _, frag in runs for x in frag)
    f50, f95 = pct(fragments, .5), pct(fragments, .95)
    print(f"server, editor fragment per slider change ({len(fragments)} runs): p50 {f50:.1f} ms, p95 {f95:.1f} ms;"
          f" goal p95 ≤ 100 ms: {verdict(f95, 100)}")
    page_runs = whole_page_runs()
    print(f"server, whole page run for comparison (AppTest, {len(page_runs)} runs): p50 {pct(page_runs, .5):.0f} ms,"
          f" p95 {pct(page_runs, .95):.0f} ms; ratio of p50s {pct(page_runs, .5) / f50:.1f}x")


if __name__ == "__main__":
    main()
