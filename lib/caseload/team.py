"""The service's stored caseload counts (uploaded caseload forms), as cases the rules can assess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from lib import principal
from lib.caseload.rules import Case
from lib.store import db


@dataclass(frozen=True)
class TeamRow:
    code: str
    count_date: date
    case: Case


def load(con: duckdb.DuckDBPyConnection, service_id: int) -> list[TeamRow]:
    """Every stored caseload row of the service (all dates), as cases to assess: worker-level rows,
    not for a viewer's role."""
    principal.check("worker_rows", service_id)
    with db.reader(con) as cur:
        rows = cur.execute(
            "SELECT worker_code, count_date, fte, coalesce(active, 0), coalesce(in_assessment, 0),"
            " coalesce(inactive, 0), coalesce(social_service, 0), children_under_12,"
            " experience_months, position, territory, coalesce(crisis, 0) FROM caseload_counts WHERE service_id = ?"
            " ORDER BY count_date, worker_code", [service_id]).fetchall()
    return [TeamRow(r[0], r[1], Case(fte=r[2], active=r[3], in_assessment=r[4], inactive=r[5], social_service=r[6],
                                     children_under_12=r[7] or None, experience_months=r[8],
                                     senior=r[9] == "senior_social_worker", rural=r[10] == "rural", crisis=r[11]))
            for r in rows]


def latest(rows: list[TeamRow]) -> list[TeamRow]:
    """The rows of the latest count date: the team as the service last counted it."""
    if not rows:
        return []
    last = max(r.count_date for r in rows)
    return [r for r in rows if r.count_date == last]
