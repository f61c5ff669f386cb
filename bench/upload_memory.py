"""Server memory over repeated large uploads: rounds of files as large as one upload may be (5 × 19 MB
under the 100 MB limit), read and refused in worker processes; the server's resident memory after
each round. It should level off, not grow with every round.

    .venv/bin/python bench/upload_memory.py [ROUNDS]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import expect, sync_playwright

from lib.store import db
from lib.store.services import Profile, create_service
from tests.browser.harness import AppServer, launch, wait_idle


def rss_mb(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return int(next(line for line in status if line.startswith("VmRSS")).split()[1]) // 1024


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        files = []
        for n in range(5):
            path = folder / f"f{n + 1}.xlsx"
            path.write_bytes(os.urandom(19_000_000))
            files.append(str(path))
        store = folder / "app.duckdb"
        con = db.connect(store)
        create_service(con, Profile("Atmiņas dienests"))
        con.close()
        server = AppServer(db_path=store, log_path=folder / "log")
        server.start()
        try:
            with sync_playwright() as p:
                browser = launch(p)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(120_000)
                page.goto(f"{server.url}/upload")
                wait_idle(page)
                print(f"start: {rss_mb(server.process.pid)} MB")
                for r in range(rounds):
                    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(files)
                    expect(page.get_by_text("f5.xlsx", exact=True)).to_be_visible()
                    page.get_by_role("button", name="Pārbaudīt un importēt").click()
                    expect(page.get_by_text("Faili: 5")).to_be_visible()
                    wait_idle(page)
                    print(f"after round {r + 1} (5 × 19 MB): {rss_mb(server.process.pid)} MB")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
