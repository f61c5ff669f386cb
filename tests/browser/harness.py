"""Real-browser harness: the app served by `streamlit run` on a free loopback port, driven by
Playwright in Debian's headless Chromium (no browser download). Shared by tests and bench/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
IDLE = "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    """`streamlit run app.py` as users start it, on its own DB file; `start()` returns seconds to healthy."""

    db_path: Path
    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    process: subprocess.Popen | None = None
    env: dict[str, str] = field(default_factory=dict)  # e.g. APP_SIGN_IN=on
    options: tuple[str, ...] = ()  # further `streamlit run` options (e.g. --secrets.files)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> float:
        env = {**os.environ, "APP_DB_PATH": str(self.db_path), "PYTHONUNBUFFERED": "1", **self.env}
        self._log = open(self.log_path or os.devnull, "ab")  # noqa: SIM115 (closed in stop)
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *self.options],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read().decode().strip() == "ok":
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"server not healthy after {timeout} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def wait_idle(page, timeout: float = 20_000) -> None:
    """Wait until the app is connected, no script run is in progress and no element is still a
    loading placeholder (Streamlit loads some element code lazily); never a fixed sleep."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function("!document.querySelector(\"[data-testid='stSkeleton']\")", timeout=timeout)


def choose(page, box, option: str, exact: bool = False) -> None:
    """Open a select box and pick an option. A redraw that lands between the click and the list
    (a live fragment on a busy machine) can close the list again: open it up to three times."""
    item = page.get_by_role("option", name=option, exact=exact)
    for attempt in range(3):
        box.click()
        try:
            item.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    item.click()
    wait_idle(page)


def grid_text(frame, until: Callable[[list[list[str]]], bool] = lambda rows: True,
              timeout: float = 10_000) -> list[list[str]]:
    """The cells of an st.dataframe or st.data_editor (`frame`, its stDataFrame) as text, header row
    first, from the accessible table Glide builds once the grid has focus. Glide fills that table as it
    draws, so a read just after a redraw can find it half filled: read again until `until` holds or
    `timeout` ms have passed (the caller's assertion then shows the last read)."""
    canvas = frame.get_by_test_id("data-grid-canvas")
    deadline = time.monotonic() + timeout / 1000
    while True:
        canvas.focus()
        canvas.locator("table tbody tr").first.wait_for(state="attached")
        rows = canvas.evaluate(
            "c => [...c.querySelectorAll('tr')].map(r => [...r.children].map(x => x.textContent.trim()))")
        try:
            done = until(rows)
        except (IndexError, ValueError):  # rows or columns not there yet
            done = False
        if done or time.monotonic() > deadline:
            return rows
        frame.page.wait_for_timeout(100)


class Shots:
    """Numbered full-page screenshots in the test's own directory (look at them)."""

    def __init__(self, page, directory: Path):
        # `page` may be swapped by a test that opens its own page (e.g. with downloads enabled).
        self.page, self.directory, self.count = page, directory, 0
        directory.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str) -> Path:
        self.count += 1
        path = self.directory / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path
