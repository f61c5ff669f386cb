"""Team analysis at scale, against its floor in the same run.

1. 1,000 workers × 10 periods × 17 functions = 170,000 entry rows: the team tab's data
   (lib/workload/team.py: latest form per worker, shares, deviations, flags, team means and flag
   counts) against the floor — ONE statement that returns the latest form per worker with each
   function's share, deviation and significance and nothing else — and against the readable Python
   path (analysis.load_forms → select → analyse → team) that the page used before. The floor and
   the app are timed in turns, 15 times each.
2. A national store: 43 services × 68 workers × 40 quarters × 17 functions ≈ 2 M entry rows; one
   service's team data and its period list (what the page reads before it draws).
3. The analysis page itself on the 1,000-worker store (Streamlit's AppTest, router included): a
   whole run after a reading change, with the worker tab open and with the team tab open (only the
   open tab is drawn; before, every run drew all four).

    .venv/bin/python bench/analysis.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import domain
from lib.store import db
from lib.store.services import Profile, create_service
from lib.workload import analysis, reference, team
from lib.workload import reference_view as view

REPEATS = 15

FLOOR = """
WITH fmap AS (SELECT unnest($fn) AS function_id, unnest($fn_slot) AS slot, unnest($fn_ref) AS ref),
latest AS (SELECT id FROM workload_forms WHERE service_id = $sid
           QUALIFY row_number() OVER (PARTITION BY worker_code ORDER BY period_end DESC, id DESC) = 1),
shares AS (SELECT e.form_id, m.slot, any_value(m.ref) AS ref,
                  sum(e.month_hours) / sum(sum(e.month_hours)) OVER (PARTITION BY e.form_id) * 100 AS share
           FROM workload_entries e JOIN fmap m USING (function_id) WHERE e.form_id IN (SELECT id FROM latest)
           GROUP BY e.form_id, m.slot)
SELECT form_id, slot, share, share - ref AS pp, abs(share - ref) >= 15 AS significant FROM shares
"""


def fill(con, services: int, workers: int, periods: int, weeks_apart: int) -> list[int]:
    """Services with random hours, generated inside DuckDB (Python would take minutes for 2 M rows)."""
    functions = [f.id for f in domain.load().reference.functions]
    sids = [create_service(con, Profile(f"bench {n}")) for n in range(services)]
    with db.unit(con) as cur:
        cur.execute("INSERT INTO imports (service_id, sha256, file_name, kind, row_count)"
                    " SELECT unnest($sids), 'bench' || unnest($sids), 'bench', 'workload', 0", {"sids": sids})
        cur.execute(
            "INSERT INTO workload_forms (service_id, import_id, worker_id, worker_code, period_start, period_end,"
            " position, specialisation, territory, fte, social_work_share, total_month_hours)"
            " SELECT i.service_id, i.id, w, printf('W%04d', w), DATE '2016-01-04' + INTERVAL (p * $weeks) WEEK,"
            " DATE '2016-01-15' + INTERVAL (p * $weeks) WEEK, 'social_worker',"
            " ['families', 'adults', 'mixed'][1 + (hash(i.id, w) % 3)::BIGINT],"
            " ['city', 'rural'][1 + (hash(w, p) % 2)::BIGINT],"
            " 1.0, 100.0, 0.0 FROM imports i, range($workers) a(w), range($periods) b(p)"
            " WHERE i.service_id IN (SELECT unnest($sids))",
            {"sids": sids, "workers": workers, "periods": periods, "weeks": weeks_apart})
        cur.execute(
            "INSERT INTO workload_entries (service_id, import_id, form_id, function_id, hours, unit, month_hours)"
            " SELECT f.service_id, f.import_id, f.id, fn, h, 'month', h FROM workload_forms f, unnest($fn) u(fn),"
            " LATERAL (SELECT round(0.5 + random() * 29.5, 2) AS h)", {"fn": functions})
    return sids


def timed(work, repeats: int = REPEATS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def in_turns(floor, app, repeats: int = REPEATS) -> tuple[tuple[float, object], tuple[float, object]]:
    """(median ms, result) of the floor and of the app, timed in turns so that both meet the same load
    on the machine (timed in separate blocks, one load spike moved the ratio by a whole unit)."""
    times: tuple[list[float], list[float]] = ([], [])
    outs: list[object] = [None, None]
    for _ in range(repeats):
        for n, work in enumerate((floor, app)):
            t0 = time.perf_counter()
            outs[n] = work()
            times[n].append((time.perf_counter() - t0) * 1000)
    return (statistics.median(times[0]), outs[0]), (statistics.median(times[1]), outs[1])


PAGE_RUNS = 7


def page_runs(store: Path) -> tuple[float, float]:
    """Median ms of a whole run of the analysis page (a reading change) with the worker tab open, then
    with the team tab open."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest import open_tab

    os.environ["APP_DB_PATH"] = str(store)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/analysis.py").run()
    out = []
    for tab in ("Darbinieks", "Komanda"):
        open_tab(at, tab, "analysis_tabs")
        times = []
        for n in range(PAGE_RUNS):
            t0 = time.perf_counter()
            at.radio(key="an_reading").set_value((analysis.RELATIVE, analysis.PP)[n % 2]).run()
            times.append((time.perf_counter() - t0) * 1000)
        assert not at.exception, at.exception
        out.append(statistics.median(times))
    return out[0], out[1]


def python_path(con, d, all_slots, sid, ref) -> analysis.Team:
    forms = analysis.select(analysis.load_forms(con, sid, all_slots))
    return analysis.team(d, [analysis.analyse(d, all_slots, f, ref) for f in forms])


def main() -> None:
    d = domain.load()
    all_slots = view.slots(d)
    ref = reference.national(all_slots)
    floor_params = {"fn": [f for s in all_slots for f in s.function_ids],
                    "fn_slot": [s.id for s in all_slots for _ in s.function_ids],
                    "fn_ref": [s.national_pct for s in all_slots for _ in s.function_ids]}
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "team.duckdb")
        [sid] = fill(con, 1, 1000, 10, 26)
        rows = con.execute("SELECT count(*) FROM workload_entries").fetchone()[0]
        (floor, cells), (app, view_) = in_turns(
            lambda: con.cursor().execute(FLOOR, {**floor_params, "sid": sid}).fetchall(),
            lambda: team.load(con, d, sid, all_slots, ref))
        python, slow = timed(lambda: python_path(con, d, all_slots, sid, ref), 3)
        assert len(view_.members) == len(slow.results) == 1000 and len(cells) == 1000 * len(all_slots)
        assert view_.flag_counts == slow.flag_counts
        print(f"store: 1 service, {rows:,} entry rows; median of {REPEATS}, floor and app timed in turns")
        print(f"  floor, one statement (latest per worker, shares, deviation, significance): {floor:.1f} ms")
        print(f"  app, team.load (+ flags with figures, means, counts, benchmark):           {app:.1f} ms"
              f" = {app / floor:.2f}x the floor; goal ≤ 3x: {'met' if app <= 3 * floor else 'NOT met'}")
        print(f"  readable Python path (load_forms → analyse → team), median of 3:            {python:.1f} ms"
              f" = {python / app:.1f}x the app")
        con.close()
        worker_tab, team_tab = page_runs(Path(tmp) / "team.duckdb")
        print(f"analysis page, one whole run after a reading change (AppTest, median of {PAGE_RUNS}):"
              f" worker tab open {worker_tab:.0f} ms, team tab open {team_tab:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "national.duckdb")
        sids = fill(con, 43, 68, 40, 13)
        rows = con.execute("SELECT count(*) FROM workload_entries").fetchone()[0]
        sid = sids[20]
        periods, _ = timed(lambda: team.periods(con, sid))
        app, view_ = timed(lambda: team.load(con, d, sid, all_slots, ref))
        floor, _ = timed(lambda: con.cursor().execute(FLOOR, {**floor_params, "sid": sid}).fetchall())
        assert len(view_.members) == 68
        print(f"national store: 43 services, {rows:,} entry rows; one service, median of {REPEATS}")
        print(f"  team.load {app:.1f} ms + period list {periods:.1f} ms = {app + periods:.1f} ms;"
              f" goal ≤ 100 ms: {'met' if app + periods <= 100 else 'NOT met'} (floor statement {floor:.1f} ms)")


if __name__ == "__main__":
    main()
