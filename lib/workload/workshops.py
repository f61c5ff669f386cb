"""Co-creation workshops (seed 000 §1.3, 000:794-940): managers' and social workers' groups propose,
each in its own reference draft, on the same question; the room compares the proposals, in round 2
each group makes concrete proposals for one function group; the facilitator composes the agreed
reference (from the national one, a group's proposal or the median of proposals) and saves it as a
version that names the workshop.

Participants join by a link that holds the workshop's random token; closing the workshop makes the
link stop working. Every change is its own row (a round, a group's focus), never an update of a row
other sessions write too.
"""

from __future__ import annotations

import secrets
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib import principal
from lib.i18n import Refused
from lib.principal import requires
from lib.store import db
from lib.workload import drafts, reference
from lib.workload.reference import Slot

KINDS: tuple[str, ...] = ("managers", "workers", "other")  # who sits in a group (the method's two kinds + others)
MAX_GROUPS = 6
MAX_ROUND = 2


class WorkshopError(Refused):
    """A workshop that cannot be made as asked (catalog key workshop.error.<key>)."""


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    kind: str
    draft_id: int
    focus: str | None  # round 2: the function group this group proposes for


@dataclass(frozen=True)
class Workshop:
    id: int
    service_id: int
    title: str
    question: str
    token: str
    created_at: datetime
    closed_at: datetime | None
    round: int
    groups: tuple[Group, ...]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def group(self, group_id: int) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


def _draft_name(token: str, part: str) -> str:
    return f"workshop:{token}:{part}"


@requires("workshop")
def create(con: duckdb.DuckDBPyConnection, service_id: int, title: str, question: str,
           groups: Sequence[tuple[str, str]], all_slots: tuple[Slot, ...]) -> Workshop:
    """A workshop with its groups, each group with a draft that starts at the national reference and
    takes time for a raise first where the method advises (REDUCE_FIRST)."""
    title, question = title.strip(), question.strip()
    named = [(name.strip(), kind) for name, kind in groups if name.strip()]
    if not title:
        raise WorkshopError("title_required")
    if len(named) < 2:
        raise WorkshopError("two_groups")
    if len(named) > MAX_GROUPS or len({n.casefold() for n, _ in named}) != len(named):
        raise WorkshopError("group_names")
    if any(kind not in KINDS for _, kind in named):
        raise ValueError(named)
    token = secrets.token_urlsafe(16)
    national = reference.national(all_slots)
    draft_ids = [drafts.open_draft(con, service_id, all_slots, national, {}, "", _draft_name(token, str(n)),
                                   reference.REDUCE_FIRST).id for n in range(len(named))]
    return load(con, _create(con, service_id, title, question, token, named, draft_ids))


@db.retrying
def _create(con: duckdb.DuckDBPyConnection, service_id: int, title: str, question: str, token: str,
            named: list[tuple[str, str]], draft_ids: list[int]) -> int:
    with db.unit(con) as cur:
        (workshop_id,) = cur.execute("INSERT INTO workshops (service_id, title, question, token) VALUES (?, ?, ?, ?)"
                                     " RETURNING id", [service_id, title, question, token]).fetchone()
        for position, ((name, kind), draft_id) in enumerate(zip(named, draft_ids, strict=True)):
            cur.execute("INSERT INTO workshop_groups (workshop_id, service_id, position, name, kind, draft_id)"
                        " VALUES (?, ?, ?, ?, ?, ?)", [workshop_id, service_id, position, name, kind, draft_id])
        cur.execute("INSERT INTO workshop_rounds (workshop_id, service_id, round) VALUES (?, ?, 1)",
                    [workshop_id, service_id])
        db.audit(cur, service_id, "create", "workshop", workshop_id, title)
    return int(workshop_id)


_SELECT = ("SELECT w.id, w.service_id, w.title, w.question, w.token, w.created_at, w.closed_at,"
           " (SELECT max(round) FROM workshop_rounds r WHERE r.workshop_id = w.id) FROM workshops w")


def _groups(cur: duckdb.DuckDBPyConnection, workshop_id: int) -> tuple[Group, ...]:
    rows = cur.execute("SELECT g.id, g.name, g.kind, g.draft_id, f.function_group_id FROM workshop_groups g"
                       " LEFT JOIN workshop_focus f ON f.workshop_group_id = g.id"
                       " WHERE g.workshop_id = ? ORDER BY g.position", [workshop_id]).fetchall()
    return tuple(Group(*r) for r in rows)


def load(con: duckdb.DuckDBPyConnection, workshop_id: int) -> Workshop:
    with db.reader(con) as cur:
        row = cur.execute(f"{_SELECT} WHERE w.id = ?", [workshop_id]).fetchone()
        return Workshop(*row, groups=_groups(cur, workshop_id))


def listing(con: duckdb.DuckDBPyConnection, service_id: int) -> list[Workshop]:
    """The service's workshops, newest first."""
    with db.reader(con) as cur:
        rows = cur.execute(f"{_SELECT} WHERE w.service_id = ? ORDER BY w.id DESC", [service_id]).fetchall()
        return [Workshop(*r, groups=_groups(cur, r[0])) for r in rows]


def by_token(con: duckdb.DuckDBPyConnection, token: str) -> Workshop | None:
    """The open workshop a join link names; None once it is closed (or for any other text)."""
    with db.reader(con) as cur:
        row = cur.execute(f"{_SELECT} WHERE w.token = ? AND w.closed_at IS NULL ORDER BY w.id DESC LIMIT 1",
                          [token]).fetchone()
        return Workshop(*row, groups=_groups(cur, row[0])) if row else None


@db.retrying
def open_round(con: duckdb.DuckDBPyConnection, workshop: Workshop, round_: int) -> None:
    principal.check("workshop", workshop.service_id)
    if not 1 < round_ <= MAX_ROUND:
        raise ValueError(round_)
    with db.unit(con) as cur:
        cur.execute("INSERT INTO workshop_rounds (workshop_id, service_id, round) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING", [workshop.id, workshop.service_id, round_])


@db.retrying
def assign(con: duckdb.DuckDBPyConnection, workshop: Workshop, group_id: int, function_group_id: str | None) -> None:
    """Round 2: the function group `group_id` makes concrete proposals for (None: not assigned)."""
    principal.check("workshop", workshop.service_id)
    if workshop.group(group_id) is None:
        raise ValueError(group_id)
    with db.unit(con) as cur:
        cur.execute("INSERT OR REPLACE INTO workshop_focus (workshop_group_id, service_id, function_group_id)"
                    " VALUES (?, ?, ?)", [group_id, workshop.service_id, function_group_id])


@db.retrying
def close(con: duckdb.DuckDBPyConnection, workshop: Workshop, actor: str | None = None) -> None:
    """The join link stops working; the drafts and the board stay for the record."""
    principal.check("workshop", workshop.service_id)
    with db.unit(con) as cur:
        cur.execute("UPDATE workshops SET closed_at = current_localtimestamp() WHERE id = ? AND closed_at IS NULL",
                    [workshop.id])
        db.audit(cur, workshop.service_id, "close", "workshop", workshop.id, workshop.title, actor=actor)


def revision(con: duckdb.DuckDBPyConnection, token: str, draft_id: int) -> int | None:
    """One number that changes whenever the group's draft (values, reasons, locks, rule, target) or
    the workshop (round, assignments, closing) changes: what a participant's page checks every few
    seconds, in one small query. None once the link no longer works."""
    with db.reader(con) as cur:
        row = cur.execute(
            "SELECT hash(w.closed_at, (SELECT max(round) FROM workshop_rounds WHERE workshop_id = w.id),"
            " (SELECT list(f.function_group_id ORDER BY g.id) FROM workshop_groups g"
            "  LEFT JOIN workshop_focus f ON f.workshop_group_id = g.id WHERE g.workshop_id = w.id),"
            " (SELECT list((pct, justification, locked) ORDER BY slot_id) FROM reference_draft_slots"
            "  WHERE draft_id = ?), d.rule, d.target)"
            " FROM workshops w, reference_drafts d WHERE w.token = ? AND d.id = ? AND w.closed_at IS NULL",
            [draft_id, token, draft_id]).fetchone()
    return int(row[0]) if row else None


def agreed_draft(con: duckdb.DuckDBPyConnection, workshop: Workshop, all_slots: tuple[Slot, ...]) -> drafts.Draft:
    """The facilitator's draft of the agreed reference (starts at the national reference)."""
    return drafts.open_draft(con, workshop.service_id, all_slots, reference.national(all_slots), {}, "",
                             _draft_name(workshop.token, "agreed"), reference.REDUCE_FIRST)


def proposals(con: duckdb.DuckDBPyConnection, workshop: Workshop) -> dict[int, drafts.Draft]:
    """Every group's draft as stored now (group id → draft)."""
    return {g.id: drafts.load(con, g.draft_id) for g in workshop.groups}


# --- comparing and composing (pure) ---


def median(values: Sequence[Mapping[str, float]], reduce_order: tuple[str, ...]) -> dict[str, float]:
    """The median of the proposals per function on the 0.5 % grid. Medians of proposals that each
    stay within 100 % can sum above it: the excess is taken as the method advises (first "Citi
    pienākumi", then "Darbs ar citām personām", 000:922-932), then from the largest functions."""
    slots_ = list(values[0])
    out = {s: reference.snap(statistics.median(v[s] for v in values)) for s in slots_}
    units = {s: round(out[s] * reference.UNITS) for s in slots_}
    excess = sum(units.values()) - round(reference.MAX_PCT * reference.UNITS)
    for s in [*reduce_order, *sorted(slots_, key=lambda k: -units[k])]:
        if excess <= 0:
            break
        give = min(units[s], excess)
        units[s] -= give
        excess -= give
    return {s: u / reference.UNITS for s, u in units.items()}


NATIONAL, MEDIAN = "national", "median"  # starting points of the agreed reference besides a group's id


def starting_point(workshop: Workshop, proposed: Mapping[int, drafts.Draft], choice: str,
                   all_slots: tuple[Slot, ...], reduce_order: tuple[str, ...]
                   ) -> tuple[dict[str, float], dict[str, str]]:
    """The values and reasons the agreed reference starts from: the national reference (no reasons),
    the median of the proposals (every group's reasons), or one group's proposal (its reasons)."""
    national = reference.national(all_slots)
    if choice == NATIONAL:
        return national, {}
    if choice == MEDIAN:
        values = median([p.values for p in proposed.values()], reduce_order)
        return values, carried_justifications(workshop, proposed, values, national)
    group_id = int(choice)
    values = dict(proposed[group_id].values)
    return values, carried_justifications(workshop, proposed, values, national, only=group_id)


def spread(values: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Highest minus lowest proposal per function (pp): where the groups disagree."""
    return {s: max(v[s] for v in values) - min(v[s] for v in values) for s in values[0]}


def kind_gaps(workshop: Workshop, proposed: Mapping[int, Mapping[str, float]], limit: int = 5
              ) -> list[tuple[str, float, float]]:
    """Where managers' and social workers' groups differ most: (slot, managers' mean, workers'
    mean), largest difference first, only differences of at least one grid step."""
    by_kind = {k: [proposed[g.id] for g in workshop.groups if g.kind == k] for k in ("managers", "workers")}
    if not all(by_kind.values()):
        return []
    means = {k: {s: statistics.fmean(v[s] for v in vs) for s in vs[0]} for k, vs in by_kind.items()}
    gaps = [(s, means["managers"][s], means["workers"][s]) for s in means["managers"]
            if abs(means["managers"][s] - means["workers"][s]) >= reference.STEP]
    return sorted(gaps, key=lambda g: -abs(g[1] - g[2]))[:limit]


def carried_justifications(workshop: Workshop, proposed: Mapping[int, drafts.Draft],
                           values: Mapping[str, float], national: Mapping[str, float],
                           only: int | None = None) -> dict[str, str]:
    """The groups' reasons for every function the composed reference changes, each named by its
    group ("Vadītāji: …; Sociālie darbinieki: …"); `only` keeps one group's reasons."""
    out = {}
    for slot in values:
        if values[slot] == national[slot]:
            continue
        said = [f"{g.name}: {proposed[g.id].justifications[slot]}" for g in workshop.groups
                if (only is None or g.id == only) and proposed[g.id].justifications.get(slot)]
        if said:
            out[slot] = "; ".join(said)[:500]
    return out
