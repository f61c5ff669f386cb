"""The trash: what a delete removed, kept whole, so one click never loses data.

A delete calls `discard` inside its own unit of work: the rows it is about to remove are copied into
one trash entry (JSON: per table, its columns and rows) and then deleted, in the same transaction.
`restore` puts them back in one unit of work, with their own ids, or explains why it cannot (the
same file uploaded again, a member of the same name added since). Entries are purged after
`KEEP_DAYS` days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from lib.i18n import Refused
from lib.principal import requires
from lib.store import db

KEEP_DAYS = 30
KINDS = ("import", "replaced", "member", "version", "assessment", "plan_item", "evidence", "indicator", "service")


class TrashError(Refused):
    """A trash entry that cannot be restored (catalog key trash.error.<key>)."""


@dataclass(frozen=True)
class Entry:
    id: int
    service_id: int
    kind: str
    label: str
    deleted_at: datetime
    deleted_by: str | None
    rows: int


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def discard(cur: duckdb.DuckDBPyConnection, service_id: int, kind: str, label: str,
            parts: list[tuple[str, str, list[object]]], actor: str | None = None) -> int:
    """Move the rows of each (table, condition, parameters) into one trash entry, in the caller's unit
    of work and in the given order (a later condition sees the earlier deletes). Returns the entry id."""
    payload: dict[str, dict[str, list]] = {}
    for table, where, params in parts:
        result = cur.execute(f"SELECT * FROM {table} WHERE {where}", params)  # noqa: S608 constant names
        columns = [d[0] for d in result.description]
        rows = [[_plain(v) for v in row] for row in result.fetchall()]
        if rows:
            entry = payload.setdefault(table, {"columns": columns, "rows": []})
            entry["rows"] += rows
        cur.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608 constant names
    (entry_id,) = cur.execute(
        "INSERT INTO trash (service_id, kind, label, deleted_by, payload) VALUES (?, ?, ?, ?, ?) RETURNING id",
        [service_id, kind, label, actor, json.dumps(payload, ensure_ascii=False)]).fetchone()
    db.audit(cur, service_id, "delete", kind, entry_id, json.dumps({"label": label}, ensure_ascii=False), actor)
    return int(entry_id)


def listing(con: duckdb.DuckDBPyConnection, service_id: int | None = None, kind: str | None = None) -> list[Entry]:
    """Entries not restored, newest first: one service's, or (service_id None) every service's."""
    with db.reader(con) as cur:
        rows = cur.execute(
            "SELECT id, service_id, kind, label, deleted_at, deleted_by,"
            " (SELECT sum(json_array_length(v -> 'rows')) FROM (SELECT unnest(json_extract(payload, '$.*')) AS v))"
            " FROM trash WHERE restored_at IS NULL AND (? IS NULL OR service_id = ?) AND (? IS NULL OR kind = ?)"
            " ORDER BY deleted_at DESC, id DESC", [service_id, service_id, kind, kind]).fetchall()
    return [Entry(*r[:6], int(r[6] or 0)) for r in rows]


@db.retrying
@requires("trash")
def restore(con: duckdb.DuckDBPyConnection, entry_id: int, service_id: int | None, actor: str | None = None) -> Entry:
    """Put an entry's rows back (`service_id` None: an administrator restoring a deleted service)."""
    with db.unit(con) as cur:
        row = cur.execute("SELECT id, service_id, kind, label, deleted_at, deleted_by, payload FROM trash"
                          " WHERE id = ? AND restored_at IS NULL AND (? IS NULL OR service_id = ?)",
                          [entry_id, service_id, service_id]).fetchone()
        if row is None:
            raise TrashError("gone")
        payload = json.loads(row[6])
        try:
            for table, part in payload.items():
                db.insert(cur, table, tuple(part["columns"]), [tuple(r) for r in part["rows"]])
        except duckdb.ConstraintException:
            raise TrashError("conflict") from None
        cur.execute("UPDATE trash SET restored_at = current_localtimestamp() WHERE id = ?", [entry_id])
        db.audit(cur, row[1], "restore", row[2], entry_id, json.dumps({"label": row[3]}, ensure_ascii=False), actor)
    return Entry(*row[:6], sum(len(p["rows"]) for p in payload.values()))


def purge(con: duckdb.DuckDBPyConnection, days: int = KEEP_DAYS) -> int:
    """Forget entries deleted more than `days` days ago (and restored ones); returns how many."""
    with db.unit(con) as cur:
        gone = cur.execute("DELETE FROM trash WHERE restored_at IS NOT NULL"
                           " OR deleted_at < current_localtimestamp() - to_days(?) RETURNING id", [days]).fetchall()
    return len(gone)
