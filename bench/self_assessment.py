"""A large working group on the self-assessment page: 10 members × the optimal standard (92 practices and
18 indicator groups × 2 dimensions = 128 items each), agreed scores for every item, 5 earlier years.

Timed in the same run:
  1. storing one member's uploaded form (128 scores): the app's one-statement Arrow insert against one
     INSERT per score;
  2. the page's data (snapshot in one query per table, the spread, the tables the page shows) against
     reading each member's score with its own query;
  3. one whole run of the page through Streamlit's AppTest (router included).

    .venv/bin/python bench/self_assessment.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import domain
from lib.quality import assessments, rules, view
from lib.quality import member_form as form
from lib.store import db
from lib.store.services import Profile, create_service

MEMBERS, YEARS, RUNS = 10, 5, 7


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    path = Path(tempfile.mkdtemp()) / "bench.duckdb"
    os.environ["APP_DB_PATH"] = str(path)
    con = db.connect(path)
    cat = domain.load().catalogue
    sid = create_service(con, Profile("Bench"))
    rng = random.Random(7)
    aid = 0
    for year in range(2026 - YEARS, 2026):
        aid = assessments.create(con, sid, year, "optimal", "", [f"Dalībnieks {m + 1}" for m in range(MEMBERS)])
        snap = assessments.load(con, sid, aid)
        items = form.form_items(cat, snap, "lv")
        for m in snap.members:
            assessments.set_individual_many(con, sid, aid, m.id, {(i.kind, i.id): rng.randint(0, 100) for i in items},
                                            replace=True)
        for c in cat.criteria:
            assessments.set_agreed(con, sid, aid, "criterion", c.id, rng.randint(0, 100))
    snap = assessments.load(con, sid, aid)
    items = form.form_items(cat, snap, "lv")
    member = snap.members[0].id
    scores = {(i.kind, i.id): rng.randint(0, 100) for i in items}

    def store_app() -> None:
        assessments.set_individual_many(con, sid, aid, member, scores, replace=True)

    def store_naive() -> None:
        with db.unit(con) as cur:
            cur.execute("DELETE FROM individual_scores WHERE assessment_id = ? AND member_id = ?", [aid, member])
            for (kind, item), score in scores.items():
                cur.execute("INSERT INTO individual_scores VALUES (?, ?, ?, ?, ?, ?)",
                            [sid, aid, member, kind, item, score])

    practices = rules.practices(cat, "optimal", {}, ())

    def page_data_app() -> None:
        s = assessments.load(con, sid, aid)
        spread = rules.spreads(s.individual_rows(), min_members=1)
        view.spread_rows(cat, s, spread)
        view.practice_rows(cat, s, practices)
        view.criteria_rows(cat, s, practices)

    def page_data_naive() -> None:
        s = assessments.load(con, sid, aid)
        with db.reader(con) as cur:
            rows = [(m.name, i.kind, i.id, cur.execute(
                "SELECT score FROM individual_scores WHERE assessment_id = ? AND member_id = ? AND kind = ?"
                " AND item_id = ?", [aid, m.id, i.kind, i.id]).fetchone()[0]) for m in s.members for i in items]
        spread = rules.spreads(rows, min_members=1)
        view.spread_rows(cat, s, spread)
        view.practice_rows(cat, s, practices)
        view.criteria_rows(cat, s, practices)

    store = (median_ms(store_app), median_ms(store_naive))
    data = (median_ms(page_data_app), median_ms(page_data_naive, 3))
    con.close()

    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/self_assessment.py").run()
    assert not at.exception, at.exception
    page = median_ms(at.run)

    print(f"store: {MEMBERS} members × {len(items)} items, {YEARS} years")
    print(f"store one member's form ({len(scores)} scores): app {store[0]:.1f} ms, naive {store[1]:.1f} ms,"
          f" ratio {store[1] / store[0]:.1f}×")
    print(f"page data (snapshot, spread, tables): app {data[0]:.1f} ms, naive {data[1]:.1f} ms,"
          f" ratio {data[1] / data[0]:.1f}×")
    print(f"whole page run (AppTest, median of {RUNS}): {page:.0f} ms")


if __name__ == "__main__":
    main()
