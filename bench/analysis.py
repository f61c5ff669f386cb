"""Team analysis at national scale: 1,000 workers × 17 functions × 10 periods = 170,000 entry rows in
the store → the team page's data (every form summed per reference slot, the latest per worker, each
worker analysed, team averages and flag counts). DuckDB SQL aggregation (the app's path) against a
pandas-only path (read the raw rows, group in pandas) in the same run.

    .venv/bin/python bench/analysis.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import domain
from lib.store import db
from lib.store.services import Profile, create_service
from lib.workload import analysis, reference
from lib.workload import reference_view as view

WORKERS, PERIODS = 1000, 10


def fill(con, sid: int, functions: list[str]) -> int:
    rng = random.Random(7)
    forms, entries, n = [], [], 0
    with db.unit(con) as cur:
        (import_id,) = cur.execute("INSERT INTO imports (service_id, sha256, file_name, kind, row_count) VALUES"
                                   " (?, 'bench', 'bench', 'workload', 0) RETURNING id", [sid]).fetchone()
        for w in range(WORKERS):
            for p in range(PERIODS):
                start = date(2017, 1, 2) + timedelta(weeks=26 * p)
                forms.append((sid, import_id, w + 1, f"W{w:04d}", start, start + timedelta(days=11),
                              "social_worker", rng.choice(["families", "adults", "mixed"]),
                              rng.choice(["city", "rural"]), 1.0, 100.0, 0.0))
        ids = db.insert(cur, "workload_forms", ("service_id", "import_id", "worker_id", "worker_code", "period_start",
                                                "period_end", "position", "specialisation", "territory", "fte",
                                                "social_work_share", "total_month_hours"), forms, returning=("id",))
        for (form_id,) in ids:
            for fid in functions:
                hours = round(rng.uniform(0.5, 30), 2)
                entries.append((sid, import_id, form_id, fid, hours, "month", hours))
                n += 1
        db.insert(cur, "workload_entries", ("service_id", "import_id", "form_id", "function_id", "hours", "unit",
                                            "month_hours"), entries)
    return n


def pandas_forms(con, sid: int, all_slots) -> list[analysis.Form]:
    slot_of = {fid: s.id for s in all_slots for fid in s.function_ids}
    frame = con.execute(
        "SELECT f.id, f.worker_code, f.period_start, f.period_end, f.position, f.specialisation, f.territory, f.fte,"
        " f.social_work_share, e.function_id, e.month_hours FROM workload_forms f JOIN workload_entries e"
        " ON e.form_id = f.id WHERE f.service_id = ?", [sid]).df()
    frame["slot"] = frame["function_id"].map(slot_of)
    keys = ["id", "worker_code", "period_start", "period_end", "position", "specialisation", "territory", "fte",
            "social_work_share"]
    pivot = frame.pivot_table(index=keys, columns="slot", values="month_hours", aggfunc="sum", fill_value=0.0)
    out = []
    for idx, row in pivot.iterrows():
        start, end = (x.date() if hasattr(x, "date") else x for x in idx[2:4])
        out.append(analysis.Form(int(idx[0]), idx[1], start, end, *idx[4:], hours={s.id: float(row.get(s.id, 0.0))
                                                                                    for s in all_slots}))
    return out


def team_data(d, all_slots, forms):
    ref = reference.national(all_slots)
    latest = analysis.latest_per_worker(forms)
    return analysis.team(d, [analysis.analyse(d, all_slots, f, ref) for f in latest])


def main(repeats: int = 5) -> None:
    d = domain.load()
    all_slots = view.slots(d)
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb")
        sid = create_service(con, Profile("bench"))
        rows = fill(con, sid, [f.id for f in d.reference.functions])
        print(f"store: {WORKERS} workers × {PERIODS} periods, {rows:,} entry rows")
        timings = {"duckdb": [], "pandas": []}
        for _ in range(repeats):
            t0 = time.perf_counter()
            fast = team_data(d, all_slots, analysis.load_forms(con, sid, all_slots))
            timings["duckdb"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            slow = team_data(d, all_slots, pandas_forms(con, sid, all_slots))
            timings["pandas"].append(time.perf_counter() - t0)
        assert len(fast.results) == len(slow.results) == WORKERS
        assert abs(fast.mean_groups["work_with_client"] - slow.mean_groups["work_with_client"]) < 1e-9
    duck, pand = statistics.median(timings["duckdb"]) * 1000, statistics.median(timings["pandas"]) * 1000
    print(f"team page data, DuckDB SQL aggregation: median {duck:.0f} ms over {repeats} runs;"
          f" goal ≤ 500 ms: {'met' if duck <= 500 else 'NOT met'}")
    print(f"team page data, pandas-only path:        median {pand:.0f} ms; ratio pandas / DuckDB {pand / duck:.1f}x")


if __name__ == "__main__":
    main()
