"""The reference editor's draft, stored: values, justifications and locks per function, the chosen
rule and target group, and the undo steps. The editor draws every widget from it on every run, so a
page switch, a reload, workshop mode on/off or a server restart shows exactly what was there.

One draft per service and name ("editor" is the service's own; workshop groups get theirs). Every
change is one unit of work on per-function rows; a move writes only the functions it changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from lib import principal
from lib.principal import requires
from lib.store import db
from lib.workload import reference
from lib.workload.reference import Move, Slot

EDITOR = "editor"
NO_SERVICE = 0  # the editor before any service exists: a scratch draft (nothing can be saved from it)
UNDO_DEPTH = 50


@dataclass(frozen=True)
class Draft:
    id: int
    service_id: int
    rule: str
    target: str | None
    source: str
    values: dict[str, float]
    justifications: dict[str, str]
    locked: frozenset[str]
    can_undo: bool


def open_draft(con: duckdb.DuckDBPyConnection, service_id: int, all_slots: tuple[Slot, ...],
               values: Mapping[str, float], justifications: Mapping[str, str], source: str,
               name: str = EDITOR, rule: str = reference.BLOCK) -> Draft:
    """The stored draft, created from `values` (the active version or the national reference) the
    first time."""
    found = _find(con, service_id, name)
    if found is None:
        _create(con, service_id, name, all_slots, values, justifications, source, rule)
        found = _find(con, service_id, name)
    return load(con, found)


def _find(con: duckdb.DuckDBPyConnection, service_id: int, name: str) -> int | None:
    with db.reader(con) as cur:
        row = cur.execute("SELECT id FROM reference_drafts WHERE service_id = ? AND name = ?",
                          [service_id, name]).fetchone()
    return row[0] if row else None


def _writable(cur: duckdb.DuckDBPyConnection, draft_id: int) -> None:
    """A draft is the editor's (role: reference) or a workshop group's proposal, which the group's
    participants write through the join link while the workshop is open."""
    row = cur.execute("SELECT d.service_id, EXISTS (SELECT 1 FROM workshop_groups g JOIN workshops w"
                      " ON w.id = g.workshop_id WHERE g.draft_id = d.id AND w.closed_at IS NULL)"
                      " FROM reference_drafts d WHERE d.id = ?", [draft_id]).fetchone()
    if row is not None and not row[1]:
        principal.check("reference", row[0])


@requires("reference")
@db.retrying
def _create(con: duckdb.DuckDBPyConnection, service_id: int, name: str, all_slots: tuple[Slot, ...],
            values: Mapping[str, float], justifications: Mapping[str, str], source: str, rule: str) -> None:
    with db.unit(con) as cur:
        if cur.execute("SELECT 1 FROM reference_drafts WHERE service_id = ? AND name = ?",
                       [service_id, name]).fetchone():
            return  # another session created it a moment ago
        (draft_id,) = cur.execute("INSERT INTO reference_drafts (service_id, name, rule, source) VALUES (?, ?, ?, ?)"
                                  " RETURNING id", [service_id, name, rule, source]).fetchone()
        db.insert(cur, "reference_draft_slots", ("draft_id", "service_id", "slot_id", "pct", "justification", "locked"),
                  [(draft_id, service_id, s.id, float(values[s.id]), justifications.get(s.id) or None, False)
                   for s in all_slots])


def load(con: duckdb.DuckDBPyConnection, draft_id: int) -> Draft:
    with db.reader(con) as cur:
        head = cur.execute("SELECT service_id, rule, target, coalesce(source, '') FROM reference_drafts WHERE id = ?",
                           [draft_id]).fetchone()
        rows = cur.execute("SELECT slot_id, pct, coalesce(justification, ''), locked FROM reference_draft_slots"
                           " WHERE draft_id = ?", [draft_id]).fetchall()
        steps = cur.execute("SELECT count(*) FROM reference_draft_steps WHERE draft_id = ?", [draft_id]).fetchone()[0]
    return Draft(draft_id, head[0], head[1], head[2], head[3], {r[0]: r[1] for r in rows},
                 {r[0]: r[2] for r in rows if r[2]}, frozenset(r[0] for r in rows if r[3]), steps > 0)


def _step(cur: duckdb.DuckDBPyConnection, draft: Draft) -> None:
    """Remember the values before a change (the undo step); keep the last UNDO_DEPTH."""
    (step,) = cur.execute("SELECT coalesce(max(step), 0) + 1 FROM reference_draft_steps WHERE draft_id = ?",
                          [draft.id]).fetchone()
    cur.execute("INSERT INTO reference_draft_steps (draft_id, service_id, step, previous) VALUES (?, ?, ?, ?)",
                [draft.id, draft.service_id, step, json.dumps(draft.values)])
    cur.execute("DELETE FROM reference_draft_steps WHERE draft_id = ? AND step <= ?", [draft.id, step - UNDO_DEPTH])


def _write_values(cur: duckdb.DuckDBPyConnection, draft: Draft, values: Mapping[str, float]) -> None:
    for slot, pct in values.items():
        if draft.values.get(slot) != pct:
            cur.execute("UPDATE reference_draft_slots SET pct = ? WHERE draft_id = ? AND slot_id = ?",
                        [pct, draft.id, slot])


@db.retrying
def move(con: duckdb.DuckDBPyConnection, draft_id: int, slot: str, requested: float,
         reduce_order: tuple[str, ...]) -> Move:
    """One slider change under the draft's rule and locks, against what is stored now."""
    draft = load(con, draft_id)
    result = reference.move(draft.values, slot, requested, draft.rule, draft.locked, reduce_order)
    if result.values != draft.values:
        with db.unit(con) as cur:
            _writable(cur, draft_id)
            _step(cur, draft)
            _write_values(cur, draft, result.values)
    return result


@db.retrying
def replace(con: duckdb.DuckDBPyConnection, draft_id: int, values: Mapping[str, float],
            justifications: Mapping[str, str], source: str) -> None:
    """Reset to national, load a version or an imported file: one undoable step."""
    draft = load(con, draft_id)
    with db.unit(con) as cur:
        _writable(cur, draft_id)
        _step(cur, draft)
        _write_values(cur, draft, values)
        for slot in draft.values:
            cur.execute("UPDATE reference_draft_slots SET justification = ? WHERE draft_id = ? AND slot_id = ?",
                        [justifications.get(slot) or None, draft_id, slot])
        cur.execute("UPDATE reference_drafts SET source = ? WHERE id = ?", [source, draft_id])


@db.retrying
def undo(con: duckdb.DuckDBPyConnection, draft_id: int) -> bool:
    draft = load(con, draft_id)
    with db.unit(con) as cur:
        _writable(cur, draft_id)
        row = cur.execute("SELECT step, previous FROM reference_draft_steps WHERE draft_id = ? ORDER BY step DESC"
                          " LIMIT 1", [draft_id]).fetchone()
        if row is None:
            return False
        _write_values(cur, draft, json.loads(row[1]))
        cur.execute("DELETE FROM reference_draft_steps WHERE draft_id = ? AND step = ?", [draft_id, row[0]])
    return True


@db.retrying
def set_lock(con: duckdb.DuckDBPyConnection, draft_id: int, slot: str, locked: bool) -> None:
    with db.unit(con) as cur:
        _writable(cur, draft_id)
        cur.execute("UPDATE reference_draft_slots SET locked = ? WHERE draft_id = ? AND slot_id = ?",
                    [locked, draft_id, slot])


@db.retrying
def set_justification(con: duckdb.DuckDBPyConnection, draft_id: int, slot: str, text: str) -> None:
    with db.unit(con) as cur:
        _writable(cur, draft_id)
        cur.execute("UPDATE reference_draft_slots SET justification = ? WHERE draft_id = ? AND slot_id = ?",
                    [text.strip() or None, draft_id, slot])


@db.retrying
def set_source(con: duckdb.DuckDBPyConnection, draft_id: int, source: str) -> None:
    """What the draft now is (the version it was saved as)."""
    with db.unit(con) as cur:
        _writable(cur, draft_id)
        cur.execute("UPDATE reference_drafts SET source = ? WHERE id = ?", [source, draft_id])


@db.retrying
def set_choice(con: duckdb.DuckDBPyConnection, draft_id: int, *, rule: str | None = None,
               target: str | None = None, clear_target: bool = False) -> None:
    """The rebalance rule or the target group (None keeps the other as it is)."""
    if rule is not None and rule not in reference.RULES:
        raise ValueError(rule)
    with db.unit(con) as cur:
        _writable(cur, draft_id)
        if rule is not None:
            cur.execute("UPDATE reference_drafts SET rule = ? WHERE id = ?", [rule, draft_id])
        if target is not None or clear_target:
            cur.execute("UPDATE reference_drafts SET target = ? WHERE id = ?", [target, draft_id])
