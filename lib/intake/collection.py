"""Which workers' forms arrived: for a workload-analysis period and a caseload count date, every
worker the service knows (from any upload) with what is in and what is missing, and a reminder list
to copy into an e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from lib.i18n import fmt_date, t
from lib.store import db


@dataclass(frozen=True)
class Worker:
    code: str
    name: str | None
    workload: bool  # a workload-analysis form for the period
    caseload: bool  # a caseload count on the date


@dataclass(frozen=True)
class Collection:
    periods: tuple[tuple[date, date], ...]  # newest first
    count_dates: tuple[date, ...]  # newest first


def choices(con: duckdb.DuckDBPyConnection, service_id: int) -> Collection:
    with db.reader(con) as cur:
        periods = cur.execute("SELECT DISTINCT period_start, period_end FROM workload_forms WHERE service_id = ?"
                              " ORDER BY period_end DESC, period_start DESC", [service_id]).fetchall()
        dates = cur.execute("SELECT DISTINCT count_date FROM caseload_counts WHERE service_id = ?"
                            " ORDER BY count_date DESC", [service_id]).fetchall()
    return Collection(tuple((a, b) for a, b in periods), tuple(d for (d,) in dates))


def status(con: duckdb.DuckDBPyConnection, service_id: int, period: tuple[date, date] | None,
           count_date: date | None) -> list[Worker]:
    """Every known worker, in code order, with whether each form is in (one query)."""
    start, end = period or (None, None)
    with db.reader(con) as cur:
        rows = cur.execute(
            "SELECT w.code, w.name,"
            " EXISTS (SELECT 1 FROM workload_forms f WHERE f.service_id = w.service_id AND f.worker_code = w.code"
            "         AND f.period_start = ? AND f.period_end = ?),"
            " EXISTS (SELECT 1 FROM caseload_counts c WHERE c.service_id = w.service_id AND c.worker_code = w.code"
            "         AND c.count_date = ?)"
            " FROM workers w WHERE w.service_id = ? ORDER BY w.code", [start, end, count_date, service_id]).fetchall()
    return [Worker(code, name, bool(workload), bool(caseload)) for code, name, workload, caseload in rows]


def who(worker: Worker) -> str:
    return f"{worker.code} ({worker.name})" if worker.name else worker.code


def table(workers: list[Worker], period: bool, count_date: bool) -> list[dict[str, str]]:
    """Rows as the page shows them: code, name, and per form "in" or "missing"."""
    rows = []
    for w in workers:
        row = {t("collection.col.code"): w.code, t("collection.col.name"): w.name or ""}
        if period:
            row[t("collection.col.workload")] = t("collection.in") if w.workload else t("collection.missing")
        if count_date:
            row[t("collection.col.caseload")] = t("collection.in") if w.caseload else t("collection.missing")
        rows.append(row)
    return rows


def reminder(workers: list[Worker], period: tuple[date, date] | None, count_date: date | None) -> str:
    """Plain text to paste into an e-mail: who still has to send which form."""
    lines = []
    missing = [who(w) for w in workers if not w.workload]
    if period and missing:
        lines.append(t("collection.remind.workload", start=fmt_date(period[0]), end=fmt_date(period[1]),
                       workers=", ".join(missing)))
    missing = [who(w) for w in workers if not w.caseload]
    if count_date and missing:
        lines.append(t("collection.remind.caseload", date=fmt_date(count_date), workers=", ".join(missing)))
    return "\n".join(lines)
