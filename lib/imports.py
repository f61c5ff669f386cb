"""Storing checked uploads: one transaction per file, SHA-256 dedupe, replace-or-keep, history, delete.

Rows go in through a registered DataFrame (`INSERT … SELECT`), not row by row: a national batch
of a thousand forms must import in seconds. Every row carries the service and the import it came
from, so deleting an import removes exactly its rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from lib import db
from lib.forms import CASELOAD_COUNTS
from lib.ingest import Context, ParsedFile, WorkerForm, parse_upload

KEEP, REPLACE, SKIP = "keep", "replace", "skip"


@dataclass(frozen=True)
class ImportRecord:
    id: int
    file_name: str
    kind: str
    imported_at: datetime
    row_count: int
    imported_by: str | None
    sha256: str
    is_demo: bool


@dataclass(frozen=True)
class Conflict:
    """A worker and period already stored by an earlier import."""

    code: str
    period_start: date
    period_end: date
    import_id: int
    file_name: str


def find_duplicate(con: duckdb.DuckDBPyConnection, service_id: int, sha256: str) -> ImportRecord | None:
    with db.reader(con) as cur:
        row = cur.execute(_HISTORY + " AND sha256 = ?", [service_id, sha256]).fetchone()
    return ImportRecord(*row) if row else None


def conflicts(con: duckdb.DuckDBPyConnection, service_id: int, parsed: ParsedFile) -> list[Conflict]:
    if not parsed.forms:
        return []
    keys = pd.DataFrame([(f.code, f.period_start, f.period_end) for f in parsed.forms],
                        columns=["code", "period_start", "period_end"])
    with db.reader(con) as cur:
        cur.register("incoming_keys", keys)
        rows = cur.execute(
            "SELECT DISTINCT f.worker_code, f.period_start, f.period_end, i.id, i.file_name"
            " FROM workload_forms f JOIN imports i ON i.id = f.import_id"
            " JOIN incoming_keys k ON k.code = f.worker_code AND k.period_start = f.period_start"
            " AND k.period_end = f.period_end WHERE f.service_id = ? ORDER BY 1, 2, 4",
            [service_id],
        ).fetchall()
    return [Conflict(*r) for r in rows]


def _worker_ids(cur: duckdb.DuckDBPyConnection, service_id: int, import_id: int, people: list[tuple],
                is_demo: bool) -> dict:
    """Insert workers not seen before (remembering which import created them); code → id."""
    frame = pd.DataFrame(people, columns=["code", "name", "position", "specialisation", "territory", "fte",
                                          "social_work_share"]).drop_duplicates("code", keep="last")
    cur.register("incoming_workers", frame)
    cur.execute(
        "INSERT INTO workers (service_id, code, name, position, specialisation, territory, fte, social_work_share,"
        " created_by_import, is_demo) SELECT ?, code, nullif(name, ''), position, specialisation, territory, fte,"
        " social_work_share, ?, ? FROM incoming_workers w"
        " WHERE NOT EXISTS (SELECT 1 FROM workers x WHERE x.service_id = ? AND x.code = w.code)",
        [service_id, import_id, is_demo, service_id],
    )
    cur.execute(
        "UPDATE workers SET position = coalesce(w.position, workers.position),"
        " specialisation = coalesce(w.specialisation, workers.specialisation),"
        " territory = coalesce(w.territory, workers.territory), fte = w.fte,"
        " social_work_share = coalesce(w.social_work_share, workers.social_work_share),"
        " name = coalesce(nullif(w.name, ''), workers.name)"
        " FROM incoming_workers w WHERE workers.service_id = ? AND workers.code = w.code",
        [service_id],
    )
    cur.unregister("incoming_workers")
    return dict(cur.execute("SELECT code, id FROM workers WHERE service_id = ?", [service_id]).fetchall())


def _delete_forms(cur: duckdb.DuckDBPyConnection, service_id: int, new_import_id: int, found: list[Conflict]) -> None:
    """Replace: drop the stored forms of these workers and periods; an import left empty goes too
    (its workers now count as created by the new import)."""
    for c in found:
        ids = [r[0] for r in cur.execute(
            "SELECT id FROM workload_forms WHERE service_id = ? AND worker_code = ? AND period_start = ?"
            " AND period_end = ?", [service_id, c.code, c.period_start, c.period_end]).fetchall()]
        for form_id in ids:
            cur.execute("DELETE FROM workload_entries WHERE form_id = ?", [form_id])
            cur.execute("DELETE FROM workload_forms WHERE id = ?", [form_id])
    for import_id in {c.import_id for c in found}:
        left = cur.execute(
            "SELECT (SELECT count(*) FROM workload_entries WHERE import_id = ?)"
            " + (SELECT count(*) FROM caseload_counts WHERE import_id = ?)", [import_id, import_id]).fetchone()[0]
        if left:
            cur.execute("UPDATE imports SET row_count = ? WHERE id = ?", [left, import_id])
        else:
            cur.execute("DELETE FROM imports WHERE id = ?", [import_id])
            cur.execute("UPDATE workers SET created_by_import = ? WHERE service_id = ? AND created_by_import = ?",
                        [new_import_id, service_id, import_id])
        db.audit(cur, service_id, "replace", "import", import_id, json.dumps({"remaining_rows": int(left)}))


def _store_forms(cur: duckdb.DuckDBPyConnection, service_id: int, import_id: int, forms: tuple[WorkerForm, ...],
                 workers: dict[str, int]) -> None:
    form_frame = pd.DataFrame(
        [(i, workers[f.code], f.code, f.period_start, f.period_end, f.position, f.specialisation, f.territory,
          f.fte, f.social_work_share, f.total_month_hours) for i, f in enumerate(forms)],
        columns=["n", "worker_id", "worker_code", "period_start", "period_end", "position", "specialisation",
                 "territory", "fte", "social_work_share", "total_month_hours"],
    )
    cur.register("incoming_forms", form_frame)
    ids = cur.execute(
        "INSERT INTO workload_forms (service_id, import_id, worker_id, worker_code, period_start, period_end,"
        " position, specialisation, territory, fte, social_work_share, total_month_hours)"
        " SELECT ?, ?, worker_id, worker_code, period_start, period_end, position, specialisation, territory, fte,"
        " social_work_share, total_month_hours FROM incoming_forms ORDER BY n RETURNING id",
        [service_id, import_id],
    ).fetchall()
    cur.unregister("incoming_forms")
    form_ids = sorted(r[0] for r in ids)  # ids come from one sequence in insertion order
    entries = pd.DataFrame(
        [(form_ids[i], e.function_id, e.hours, e.unit, e.month_hours, e.hours_raw, e.unit_raw, e.result_indicator,
          e.result_count, e.crisis_clients, e.other_parties, e.comment, e.sheet, e.row)
         for i, f in enumerate(forms) for e in f.entries],
        columns=["form_id", "function_id", "hours", "unit", "month_hours", "hours_raw", "unit_raw",
                 "result_indicator", "result_count", "crisis_clients", "other_parties", "comment", "source_sheet",
                 "source_row"],
    )
    cur.register("incoming_entries", entries)
    cur.execute(
        "INSERT INTO workload_entries (service_id, import_id, form_id, function_id, hours, unit, month_hours,"
        " hours_raw, unit_raw, result_indicator, result_count, crisis_clients, other_parties, comment,"
        " source_sheet, source_row) SELECT ?, ?, * FROM incoming_entries",
        [service_id, import_id],
    )
    cur.unregister("incoming_entries")


def _store_caseload(cur: duckdb.DuckDBPyConnection, service_id: int, import_id: int, parsed: ParsedFile,
                    workers: dict[str, int]) -> None:
    frame = pd.DataFrame(
        [(workers[r.code], r.code, r.count_date, *(dict(r.counts)[k] for k in CASELOAD_COUNTS), r.fte,
          r.experience_months, r.position, r.territory, json.dumps(dict(r.raw), ensure_ascii=False), r.sheet,
          r.row) for r in parsed.caseload],
        columns=["worker_id", "worker_code", "count_date", *CASELOAD_COUNTS, "fte", "experience_months",
                 "position", "territory", "raw", "source_sheet", "source_row"],
    ).astype({k: "Int64" for k in (*CASELOAD_COUNTS, "experience_months")})
    cur.register("incoming_counts", frame)
    cur.execute(
        "INSERT INTO caseload_counts (service_id, import_id, worker_id, worker_code, count_date, active,"
        " in_assessment, inactive, social_service, children_under_12, crisis, fte, experience_months, position,"
        " territory, raw, source_sheet, source_row) SELECT ?, ?, * FROM incoming_counts",
        [service_id, import_id],
    )
    cur.unregister("incoming_counts")


def store(con: duckdb.DuckDBPyConnection, service_id: int, parsed: ParsedFile, *, mode: str = KEEP,
          imported_by: str | None = None, is_demo: bool = False) -> int:
    """Write one checked file in one transaction; `mode=REPLACE` first removes the stored forms of the
    same workers and periods. Returns the new import id."""
    if not parsed.ok or parsed.kind is None:
        raise ValueError(f"{parsed.name} has errors and cannot be stored")
    found = conflicts(con, service_id, parsed) if mode == REPLACE else []
    with db.unit(con) as cur:
        (import_id,) = cur.execute(
            "INSERT INTO imports (service_id, sha256, file_name, kind, row_count, imported_by, is_demo)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [service_id, parsed.sha256, parsed.name, parsed.kind, parsed.row_count, imported_by or None, is_demo],
        ).fetchone()
        _delete_forms(cur, service_id, import_id, found)
        people = [(f.code, f.name, f.position, f.specialisation, f.territory, f.fte, f.social_work_share)
                  for f in parsed.forms] + [(r.code, r.name, r.position, None, r.territory, r.fte, None)
                                            for r in parsed.caseload]
        workers = _worker_ids(cur, service_id, import_id, people, is_demo)
        if parsed.forms:
            _store_forms(cur, service_id, import_id, parsed.forms, workers)
        if parsed.caseload:
            _store_caseload(cur, service_id, import_id, parsed, workers)
        db.audit(cur, service_id, "import", "import", import_id,
                 json.dumps({"file": parsed.name, "rows": parsed.row_count, "mode": mode}, ensure_ascii=False),
                 actor=imported_by)
    return int(import_id)


def delete_import(con: duckdb.DuckDBPyConnection, service_id: int, import_id: int, actor: str | None = None) -> bool:
    """Remove exactly this import's rows (and workers it created that nothing else refers to)."""
    with db.unit(con) as cur:
        row = cur.execute("SELECT file_name FROM imports WHERE id = ? AND service_id = ?",
                          [import_id, service_id]).fetchone()
        if row is None:
            return False
        for table in ("workload_entries", "workload_forms", "caseload_counts"):
            cur.execute(f"DELETE FROM {table} WHERE import_id = ? AND service_id = ?",  # noqa: S608 constant names
                        [import_id, service_id])
        cur.execute(
            "DELETE FROM workers WHERE service_id = ? AND created_by_import = ?"
            " AND id NOT IN (SELECT worker_id FROM workload_forms WHERE service_id = ?)"
            " AND id NOT IN (SELECT worker_id FROM caseload_counts WHERE service_id = ?)",
            [service_id, import_id, service_id, service_id],
        )
        cur.execute("DELETE FROM imports WHERE id = ?", [import_id])
        db.audit(cur, service_id, "delete", "import", import_id, json.dumps({"file": row[0]}, ensure_ascii=False),
                 actor=actor)
    return True


@dataclass(frozen=True)
class Outcome:
    """What happened to one uploaded file."""

    parsed: ParsedFile
    status: str  # IMPORTED, REJECTED, DUPLICATE, CONFLICT (waiting for a decision), SKIPPED
    import_id: int | None = None
    duplicate_of: ImportRecord | None = None
    conflicts: tuple[Conflict, ...] = ()


IMPORTED, REJECTED, DUPLICATE, CONFLICT, SKIPPED = "imported", "rejected", "duplicate", "conflict", "skipped"


def process(con: duckdb.DuckDBPyConnection, service_id: int, files: list[tuple[str, bytes]], ctx: Context,
            imported_by: str | None = None, progress: Callable[[int, int, str], None] | None = None,
            *, is_demo: bool = False) -> list[Outcome]:
    """Check every file, then store each good one in its own transaction. A bad file never stops the
    others; a file already stored (same bytes) is reported, not stored twice; a worker and period
    already stored waits for the user's decision (`resolve`)."""
    outcomes: list[Outcome] = []
    seen: dict[str, str] = {}
    for n, (name, data) in enumerate(files, start=1):
        parsed = parse_upload(name, data, ctx)
        previous = find_duplicate(con, service_id, parsed.sha256)
        if not parsed.ok:
            outcomes.append(Outcome(parsed, REJECTED))
        elif previous is not None:
            outcomes.append(Outcome(parsed, DUPLICATE, duplicate_of=previous))
        elif parsed.sha256 in seen:
            outcomes.append(Outcome(parsed, DUPLICATE))
        elif found := conflicts(con, service_id, parsed):
            outcomes.append(Outcome(parsed, CONFLICT, conflicts=tuple(found)))
        else:
            outcomes.append(Outcome(parsed, IMPORTED, import_id=store(con, service_id, parsed,
                                                                      imported_by=imported_by, is_demo=is_demo)))
        seen[parsed.sha256] = name
        if progress:
            progress(n, len(files), name)
    return outcomes


def resolve(con: duckdb.DuckDBPyConnection, service_id: int, outcome: Outcome, decision: str,
            imported_by: str | None = None) -> Outcome:
    """Apply the user's choice for a file waiting on a conflict: REPLACE, KEEP (both) or SKIP."""
    if decision == SKIP:
        return Outcome(outcome.parsed, SKIPPED, conflicts=outcome.conflicts)
    import_id = store(con, service_id, outcome.parsed, mode=decision, imported_by=imported_by)
    return Outcome(outcome.parsed, IMPORTED, import_id=import_id, conflicts=outcome.conflicts)


_HISTORY = (
    "SELECT id, file_name, kind, imported_at, row_count, imported_by, sha256, is_demo FROM imports"
    " WHERE service_id = ?"
)


def history(con: duckdb.DuckDBPyConnection, service_id: int) -> list[ImportRecord]:
    with db.reader(con) as cur:
        rows = cur.execute(_HISTORY + " ORDER BY imported_at DESC, id DESC", [service_id]).fetchall()
    return [ImportRecord(*r) for r in rows]
