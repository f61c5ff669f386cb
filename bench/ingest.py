"""Ingest throughput: N single-worker forms (xlsx, made from the template) → read + check + store
(imports.process: reading in worker processes, batches of files stored in one transaction each).
Compared in each run with the naive path: openpyxl's default (non read-only) load and one INSERT per
row, one transaction per file. Both paths use the same checks and the same schema. RUNS runs (3).

    .venv/bin/python bench/ingest.py [N]
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook

from lib import domain
from lib.demo import samples
from lib.intake import imports, reading
from lib.store import db
from lib.store.services import Profile, create_service


def make_files(n: int) -> list[tuple[str, bytes]]:
    d = domain.load()
    period, workers, _ = samples.load_content()
    base = workers[0]
    files = []
    for i in range(n):
        functions = {nr: (round(h * (0.6 + (i * 7 + k) % 9 / 10), 2), unit)
                     for k, (nr, (h, unit)) in enumerate(base.functions.items())}
        worker = replace(base, code=f"B{i:04d}", functions=functions)
        files.append((f"B{i:04d}.xlsx", samples.workload_xlsx(d, worker, period)))
    return files


def naive_parse(name: str, data: bytes, ctx: reading.Context) -> reading.ParsedFile:
    wb = load_workbook(io.BytesIO(data))  # default mode: the whole workbook as objects
    sheets = [reading.Sheet(ws.title, [list(r) for r in ws.iter_rows(values_only=True)], ws.sheet_state != "visible")
              for ws in wb.worksheets]
    return reading.parse_sheets(name, hashlib.sha256(data).hexdigest(), sheets, ctx)


def naive_store(con, service_id: int, parsed: reading.ParsedFile) -> None:
    with db.unit(con) as cur:
        (import_id,) = cur.execute(
            "INSERT INTO imports (service_id, sha256, file_name, kind, row_count) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [service_id, parsed.sha256, parsed.name, parsed.kind, parsed.row_count]).fetchone()
        for f in parsed.forms:
            (worker_id,) = cur.execute(
                "INSERT INTO workers (service_id, code, fte, created_by_import) VALUES (?, ?, ?, ?) RETURNING id",
                [service_id, f.code, f.fte, import_id]).fetchone()
            (form_id,) = cur.execute(
                "INSERT INTO workload_forms (service_id, import_id, worker_id, worker_code, period_start, period_end,"
                " position, specialisation, territory, fte, social_work_share, total_month_hours)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [service_id, import_id, worker_id, f.code, f.period_start, f.period_end, f.position, f.specialisation,
                 f.territory, f.fte, f.social_work_share, f.total_month_hours]).fetchone()
            for e in f.entries:
                cur.execute(
                    "INSERT INTO workload_entries (service_id, import_id, form_id, function_id, hours, unit,"
                    " month_hours, hours_raw, unit_raw, result_indicator, result_count, crisis_clients,"
                    " other_parties, comment, source_sheet, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " ?, ?, ?, ?)",
                    [service_id, import_id, form_id, e.function_id, e.hours, e.unit, e.month_hours, e.hours_raw,
                     e.unit_raw, e.result_indicator, e.result_count, e.crisis_clients, e.other_parties, e.comment,
                     e.sheet, e.row])


def main(n: int, runs: int) -> None:
    started = time.perf_counter()
    files = make_files(n)
    print(f"generated {n} forms ({sum(len(b) for _, b in files) / 2**20:.1f} MB) in"
          f" {time.perf_counter() - started:.1f} s (not timed below)")
    ctx = reading.context(domain.load())
    verdicts = []
    for run in range(1, runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            con = db.connect(Path(tmp) / "fast.duckdb")
            sid = create_service(con, Profile("bench"))
            t0 = time.perf_counter()
            outcomes = imports.process(con, sid, files, ctx)
            fast = time.perf_counter() - t0
            rows = con.execute("SELECT count(*) FROM workload_entries").fetchone()[0]
            assert all(o.status == imports.IMPORTED for o in outcomes), {o.status for o in outcomes}
            con.close()

            con = db.connect(Path(tmp) / "naive.duckdb")
            sid = create_service(con, Profile("bench"))
            t0 = time.perf_counter()
            for name, data in files:
                naive_store(con, sid, naive_parse(name, data, ctx))
            naive = time.perf_counter() - t0
            assert con.execute("SELECT count(*) FROM workload_entries").fetchone()[0] == rows
            con.close()
        met = fast <= 5 and naive / fast >= 5
        verdicts.append(met)
        print(f"run {run}: app (worker processes read, batches stored) {fast:6.2f} s  {rows / fast:8,.0f} rows/s"
              f"  {n / fast:5.0f} files/s | naive (openpyxl default, row-by-row INSERT) {naive:6.2f} s"
              f" | ratio {naive / fast:4.1f}x | goals ≤ 5 s and ≥ 5x: {'met' if met else 'NOT met'}")
    print(f"goals met in {sum(verdicts)} of {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(os.environ.get("RUNS", "3")))
