"""Saved service references: named, dated versions with author and a justification per changed
function; one may be the service's active reference (the workload analysis compares against it)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import duckdb
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from lib.exports import safe_cell, workbook_bytes
from lib.i18n import Refused, t
from lib.principal import requires
from lib.store import db, trash
from lib.workload.reference import MAX_PCT, Slot, snap, total


@dataclass(frozen=True)
class Version:
    id: int
    name: str
    author: str
    created_at: datetime
    is_active: bool
    total: float
    workshop: str | None = None  # the title of the workshop that produced it


@dataclass(frozen=True)
class Saved:
    values: dict[str, float]
    justifications: dict[str, str]


class VersionError(Refused):
    """A version that must not be stored (catalog key reference.error.<key>)."""


def _check(all_slots: tuple[Slot, ...], values: Mapping[str, float]) -> None:
    if set(values) != {s.id for s in all_slots}:
        raise VersionError("slots")
    if any(snap(v) != v for v in values.values()):
        raise VersionError("grid")
    if total(values) > MAX_PCT:
        raise VersionError("over_cap", total=total(values))


@requires("reference")
@db.retrying
def save(con: duckdb.DuckDBPyConnection, service_id: int, all_slots: tuple[Slot, ...], name: str, author: str,
         values: Mapping[str, float], justifications: Mapping[str, str], *, activate: bool = False,
         workshop_id: int | None = None) -> int:
    name, author = name.strip(), author.strip()
    if not name:
        raise VersionError("name_required")
    _check(all_slots, values)
    with db.unit(con) as cur:
        if cur.execute("SELECT 1 FROM reference_versions WHERE service_id = ? AND lower(trim(name)) = lower(?)",
                       [service_id, name]).fetchone():
            raise VersionError("name_taken", name=name)
        (version_id,) = cur.execute(
            "INSERT INTO reference_versions (service_id, name, author, workshop_id) VALUES (?, ?, ?, ?) RETURNING id",
            [service_id, name, author or None, workshop_id]).fetchone()
        db.insert(cur, "reference_values", ("version_id", "service_id", "slot_id", "pct", "justification"),
                  [(version_id, service_id, s.id, values[s.id], (justifications.get(s.id) or "").strip() or None)
                   for s in all_slots])
        if activate:
            _activate(cur, service_id, version_id)
        db.audit(cur, service_id, "save", "reference_version", version_id, name, actor=author or None)
    return int(version_id)


def _activate(cur: duckdb.DuckDBPyConnection, service_id: int, version_id: int) -> None:
    """Append, never update: the latest activation is the active version (migration 005)."""
    cur.execute("INSERT INTO reference_activations (service_id, version_id) VALUES (?, ?)", [service_id, version_id])


@requires("reference")
@db.retrying
def set_active(con: duckdb.DuckDBPyConnection, service_id: int, version_id: int) -> None:
    with db.unit(con) as cur:
        if cur.execute("SELECT 1 FROM reference_versions WHERE id = ? AND service_id = ?",
                       [version_id, service_id]).fetchone() is None:
            raise KeyError(version_id)
        _activate(cur, service_id, version_id)
        db.audit(cur, service_id, "activate", "reference_version", version_id)


@requires("reference")
@db.retrying
def delete(con: duckdb.DuckDBPyConnection, service_id: int, version_id: int, actor: str | None = None) -> int:
    """A saved version (with its values) to the trash; returns the entry id. The active version is
    not deleted (make another one active first): the analysis compares against it."""
    if any(v.id == version_id and v.is_active for v in listing(con, service_id)):
        raise VersionError("active")
    with db.unit(con) as cur:
        row = cur.execute("SELECT name FROM reference_versions WHERE id = ? AND service_id = ?",
                          [version_id, service_id]).fetchone()
        if row is None:
            raise KeyError(version_id)
        return trash.discard(cur, service_id, "version", row[0], [
            ("reference_values", "version_id = ? AND service_id = ?", [version_id, service_id]),
            ("reference_versions", "id = ? AND service_id = ?", [version_id, service_id])], actor)


def listing(con: duckdb.DuckDBPyConnection, service_id: int) -> list[Version]:
    with db.reader(con) as cur:
        rows = cur.execute(
            "SELECT v.id, v.name, coalesce(v.author, ''), v.created_at, v.id IS NOT DISTINCT FROM a.version_id,"
            " sum(r.pct), any_value(w.title) FROM reference_versions v JOIN reference_values r ON r.version_id = v.id"
            " LEFT JOIN workshops w ON w.id = v.workshop_id"
            " LEFT JOIN (SELECT version_id FROM reference_activations WHERE service_id = ? ORDER BY id DESC LIMIT 1) a"
            " ON TRUE WHERE v.service_id = ? GROUP BY ALL ORDER BY v.created_at DESC, v.id DESC",
            [service_id, service_id]).fetchall()
    return [Version(*r) for r in rows]


def load(con: duckdb.DuckDBPyConnection, service_id: int, version_id: int) -> Saved:
    with db.reader(con) as cur:
        rows = cur.execute("SELECT slot_id, pct, coalesce(justification, '') FROM reference_values"
                           " WHERE version_id = ? AND service_id = ?", [version_id, service_id]).fetchall()
    if not rows:
        raise KeyError(version_id)
    return Saved({r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows if r[2]})


def active(con: duckdb.DuckDBPyConnection, service_id: int) -> tuple[Version, Saved] | None:
    """The service's active reference, if one was marked."""
    current = next((v for v in listing(con, service_id) if v.is_active), None)
    return (current, load(con, service_id, current.id)) if current else None


# --- xlsx export / import -----------------------------------------------------------------------

COLUMNS = ("slot", "group", "name", "national", "service", "justification")


def export_xlsx(all_slots: tuple[Slot, ...], group_names: Mapping[str, str], saved: Saved, title: str,
                lang: str) -> bytes:
    """One sheet: slot id (kept for the way back), names, national and service %, justification."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("reference.xlsx.sheet", lang=lang)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([t(f"reference.xlsx.col.{c}", lang=lang) for c in COLUMNS])
    for cell in ws[2]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="F4E4E6")
    for s in all_slots:
        ws.append([s.id, safe_cell(group_names[s.group_id]), safe_cell(s.name(lang)), s.national_pct,
                   saved.values[s.id], safe_cell(saved.justifications.get(s.id, ""))])
    for col, width in zip("ABCDEF", (26, 30, 60, 12, 12, 60), strict=True):
        ws.column_dimensions[col].width = width
    return workbook_bytes(wb)


def file_name(name: str) -> str:
    """The export's file name, after the version's (letters, digits and - _ kept, Latvian included)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name.strip()).strip("_")
    return f"etalons_{safe or 'versija'}.xlsx"


FRACTION_TOTAL = 2.0  # a service % column that sums to about 1 holds fractions (0.08 for 8 %)


def import_xlsx(data: bytes, all_slots: tuple[Slot, ...], lang: str | None = None) -> Saved:
    """Read an exported reference back; raises VersionError naming the row (or every missing function)
    for anything wrong: an unknown or repeated function, an empty or non-numeric cell, a column of
    fractions, a total over 100 %."""
    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(ws.iter_rows(min_row=3, values_only=True))
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise VersionError("file") from None
    known = {s.id: s for s in all_slots}
    values: dict[str, float] = {}
    rows_of: dict[str, int] = {}
    notes: dict[str, str] = {}
    for n, row in enumerate(rows, start=3):
        if not row or row[0] is None or not str(row[0]).strip():
            continue
        slot, value = str(row[0]).strip(), row[4] if len(row) > 4 else None
        if slot not in known:
            raise VersionError("unknown_slot", row=n, value=slot)
        if slot in values:
            raise VersionError("duplicate_slot", row=n, first=rows_of[slot], name=known[slot].name(lang))
        if value is None or (isinstance(value, str) and not value.strip()):
            raise VersionError("empty_value", row=n, name=known[slot].name(lang))
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= MAX_PCT:
            raise VersionError("bad_value", row=n, value=value)
        values[slot], rows_of[slot] = float(value), n
        if len(row) > 5 and row[5]:
            notes[slot] = str(row[5]).lstrip("'")
    missing = [s.name(lang) for s in all_slots if s.id not in values]
    if missing:
        raise VersionError("missing_slots", count=len(missing), names="; ".join(missing))
    if 0 < sum(values.values()) <= FRACTION_TOTAL:
        raise VersionError("fractions", total=sum(values.values()))
    values = {k: snap(v) for k, v in values.items()}
    if total(values) > MAX_PCT:
        raise VersionError("over_cap", total=total(values))
    return Saved(values, notes)
