"""Cold start: `streamlit run` (venv already installed) → /_stcore/health ok → first page rendered in
headless Chromium. Compared in the same run with a warm load (browser reload on the running server).

    .venv/bin/python bench/cold_start.py [runs]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import expect, sync_playwright

from tests.browser.harness import AppServer, launch, wait_idle


def main(runs: int) -> None:
    healthy, first, warm = [], [], []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = launch(p)
        for i in range(runs):
            server = AppServer(db_path=Path(tmp) / f"cold{i}.duckdb")
            started = time.perf_counter()
            healthy.append(server.start())
            page = browser.new_page()
            page.goto(server.url)
            expect(page.locator("h1").first).to_have_text("Sākums", timeout=30_000)
            wait_idle(page)
            first.append(time.perf_counter() - started)
            t0 = time.perf_counter()
            page.reload()
            expect(page.locator("h1").first).to_have_text("Sākums", timeout=30_000)
            wait_idle(page)
            warm.append(time.perf_counter() - t0)
            page.close()
            server.stop()
        browser.close()

    def row(name: str, xs: list[float]) -> str:
        return f"{name:<34} median {statistics.median(xs):6.2f} s   min {min(xs):6.2f} s   max {max(xs):6.2f} s"

    print(f"runs: {runs}")
    print(row("start → health ok", healthy))
    print(row("start → first page rendered (cold)", first))
    print(row("reload → page rendered (warm)", warm))
    print(f"cold / warm ratio (medians): {statistics.median(first) / statistics.median(warm):.1f}x")
    print(f"goal ≤ 3 s cold: {'met' if statistics.median(first) <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
