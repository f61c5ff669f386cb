"""Reference editor responsiveness for a slider change.

A slider change reruns only the editor fragment. Server side: the fragment's own script time,
measured inside the running app (`APP_TIMING_LOG`, lib/timing.py) over 50 moves made in headless
Chromium with the mouse, p50/p95; compared with a whole-page run (AppTest, app.py → router → page).
Browser: mouse release on the slider track → total, captions and chart redrawn, p50/p95; and the same
with a key press, where Streamlit's slider itself waits before it sends the value.

    .venv/bin/python bench/rerun.py
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

from tests.browser.harness import AppServer, launch, wait_idle  # noqa: E402

MOVES = int(os.environ.get("MOVES", "50"))


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def whole_page_runs(n: int = 20) -> list[float]:
    os.environ["APP_DB_PATH"] = tempfile.mktemp(suffix=".duckdb")
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/reference.py").run()
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        at.select_slider(key="ref_slider_home_visits").set_value(float(i % 9)).run()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _changed(page, before: str) -> None:
    page.wait_for_function(
        "old => { const e = [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".find(x => x.innerText.includes('Kopā')); return e && e.innerText !== old; }", arg=before, timeout=3_000)
    wait_idle(page)


def browser_moves(log: Path) -> tuple[list[float], list[float]]:
    os.environ["APP_TIMING_LOG"] = str(log)
    server = AppServer(db_path=Path(tempfile.mktemp(suffix=".duckdb")))
    server.start()
    mouse, keys = [], []
    try:
        with sync_playwright() as p:
            b = launch(p)
            page = b.new_page(viewport={"width": 1500, "height": 1400})
            page.goto(f"{server.url}/reference")
            wait_idle(page)
            page.get_by_role("tab", name="Dienesta etalons").click()
            wait_idle(page)
            page.get_by_text("samazināt pārējās neslēgtās funkcijas proporcionāli", exact=True).click()
            wait_idle(page)
            log.write_text("")
            total = page.get_by_test_id("stMetric").filter(has_text="Kopā", visible=True).first
            for i in range(MOVES):
                thumb = page.get_by_role("slider", name="Mājas vizītes").last.locator("xpath=..")
                box = thumb.bounding_box()
                x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
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
                mouse.append((time.perf_counter() - t0) * 1000)
            for i in range(10):
                before = total.inner_text()
                page.get_by_role("slider", name="Mājas vizītes").last.focus()
                t0 = time.perf_counter()
                page.keyboard.press("ArrowRight" if i % 2 else "ArrowLeft")
                _changed(page, before)
                keys.append((time.perf_counter() - t0) * 1000)
            b.close()
    finally:
        server.stop()
        os.environ.pop("APP_TIMING_LOG", None)
    return mouse, keys


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "timing.csv"
        mouse, keys = browser_moves(log)
        fragment = [float(line.split(",")[1]) for line in log.read_text().splitlines()
                    if line.startswith("reference_editor")]
    page_runs = whole_page_runs()

    def verdict(value: float, goal: float) -> str:
        return "met" if value <= goal else "NOT met"

    f50, f95 = pct(fragment, .5), pct(fragment, .95)
    print(f"server, editor fragment per slider change ({len(fragment)} runs): p50 {f50:.1f} ms, p95 {f95:.1f} ms;"
          f" goal p95 ≤ 100 ms: {verdict(f95, 100)}")
    print(f"server, whole page run for comparison (AppTest, {len(page_runs)} runs): p50 {pct(page_runs, .5):.0f} ms,"
          f" p95 {pct(page_runs, .95):.0f} ms; ratio of p50s {pct(page_runs, .5) / f50:.1f}x")
    print(f"browser, key press → total, captions and chart redrawn ({len(keys)} moves): p50 {pct(keys, .5):.0f} ms,"
          f" p95 {pct(keys, .95):.0f} ms; goal ≤ 400 ms: {verdict(pct(keys, .95), 400)}")
    print(f"browser, mouse drag released → redrawn ({len(mouse)} moves): p50 {pct(mouse, .5):.0f} ms,"
          f" p95 {pct(mouse, .95):.0f} ms")

if __name__ == "__main__":
    main()
