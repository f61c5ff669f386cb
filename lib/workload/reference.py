"""The service's own reference workload: slots, the 100 % cap and how a slider move is absorbed.

Pure functions on half-percent units (integers), so the 0.5 % grid and the cap hold exactly: a
facilitator can push any slider anywhere, under any rule, and the total never exceeds 100 %,
locked functions never move and nothing ever raises (seed 000:2486-2496, 922-932, 2405-2411).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lib.domain import Domain, Reference

STEP = 0.5  # slider grid, % of one FTE
UNITS = int(1 / STEP)  # half-percent units per percent
MAX_PCT = 100.0
BLOCK, REDUCE_FIRST, PROPORTIONAL = "block", "reduce_first", "proportional"
RULES: tuple[str, ...] = (BLOCK, REDUCE_FIRST, PROPORTIONAL)


@dataclass(frozen=True)
class Slot:
    """One slider: a function, or a shared block of functions that has one figure (the 4 % block)."""

    id: str
    group_id: str
    name_lv: str
    name_en: str
    national_pct: float
    function_ids: tuple[str, ...]
    is_core: bool

    def name(self, lang: str) -> str:
        return self.name_lv if lang == "lv" else self.name_en


def slots(ref: Reference, block_names: Mapping[str, tuple[str, str]] | None = None) -> tuple[Slot, ...]:
    """Sliders in table order; a block is named after its group unless `block_names` says otherwise."""
    out = []
    for g in ref.groups:
        done: set[str] = set()
        for f in g.functions:
            if f.block is None:
                out.append(Slot(f.id, g.id, f.name_lv, f.name_en, float(f.pct), (f.id,), g.is_core))
            elif f.block not in done:
                done.add(f.block)
                b = next(b for b in g.blocks if b.id == f.block)
                lv, en = (block_names or {}).get(b.id, (g.name_lv, g.name_en))
                out.append(Slot(b.id, g.id, lv, en, float(b.pct), b.function_ids, g.is_core))
    return tuple(out)


def national(all_slots: tuple[Slot, ...]) -> dict[str, float]:
    return {s.id: s.national_pct for s in all_slots}


def reduce_first_order(d: Domain, all_slots: tuple[Slot, ...]) -> tuple[str, ...]:
    """The seed's advice: take first from "Citi pienākumi", then "Darbs ar citām personām"."""
    groups = d.workload_rules["rules"]["reduce_first_group_ids"]["value"]
    return tuple(s.id for g in groups for s in all_slots if s.group_id == g)


def _units(pct: float) -> int:
    return round(pct * UNITS)


def snap(pct: float) -> float:
    """Nearest point of the 0.5 % grid within 0–100 (a slider or an imported file may say 33.33)."""
    return min(max(round(pct * UNITS) / UNITS, 0.0), MAX_PCT)


@dataclass(frozen=True)
class Move:
    """The outcome of one slider move: the new values, what other slots gave, what was refused."""

    values: dict[str, float]
    taken: dict[str, float] = field(default_factory=dict)  # slot → pp taken from it
    refused: float = 0.0  # pp of the request the cap did not allow


def total(values: Mapping[str, float]) -> float:
    return sum(_units(v) for v in values.values()) / UNITS


def move(values: Mapping[str, float], slot: str, requested: float, rule: str, locked: frozenset[str] = frozenset(),
         reduce_order: tuple[str, ...] = ()) -> Move:
    """Set `slot` to `requested` (snapped to the grid) and keep the total ≤ 100 % by `rule`:
    BLOCK refuses the excess; REDUCE_FIRST takes it from `reduce_order` in turn; PROPORTIONAL takes
    it from every other unlocked slot in proportion to its size. Whatever cannot be taken is refused."""
    units = {k: _units(v) for k, v in values.items()}
    if slot not in units or slot in locked:
        return Move(dict(values), refused=0.0)
    want = _units(snap(requested))
    cap = _units(MAX_PCT)
    excess = sum(units.values()) - units[slot] + want - cap
    taken: dict[str, int] = {}
    if excess > 0 and want > units[slot]:
        donors = [k for k in units if k != slot and k not in locked and units[k] > 0]
        if rule == REDUCE_FIRST:
            taken = _take_in_order(units, [k for k in reduce_order if k in donors], excess)
        elif rule == PROPORTIONAL:
            taken = _take_proportionally(units, donors, excess)
        refused = excess - sum(taken.values())
        want -= refused
    else:
        refused = 0
    units = {k: v - taken.get(k, 0) for k, v in units.items()}
    units[slot] = max(want, 0)
    return Move({k: v / UNITS for k, v in units.items()}, {k: v / UNITS for k, v in taken.items() if v},
                refused / UNITS)


def _take_in_order(units: dict[str, int], donors: list[str], need: int) -> dict[str, int]:
    taken = {}
    for k in donors:
        give = min(units[k], need)
        if give:
            taken[k] = give
            need -= give
        if not need:
            break
    return taken


def _take_proportionally(units: dict[str, int], donors: list[str], need: int) -> dict[str, int]:
    """Shares of `need` in proportion to each donor's size, in whole grid steps (largest remainders
    first), never more than a donor has."""
    pool = sum(units[k] for k in donors)
    need = min(need, pool)
    if not need:
        return {}
    exact = {k: need * units[k] / pool for k in donors}
    taken = {k: int(exact[k]) for k in donors}
    for k in sorted(donors, key=lambda k: exact[k] - taken[k], reverse=True):
        if sum(taken.values()) >= need:
            break
        if taken[k] < units[k]:
            taken[k] += 1
    return {k: v for k, v in taken.items() if v}


# --- comparing a split with the national reference ----------------------------------------------


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    pct: float
    month_hours: float
    week_hours: float
    diff_pp: float
    diff_month_hours: float


def rows(ref: Reference, all_slots: tuple[Slot, ...], values: Mapping[str, float]) -> list[SlotRow]:
    """Per slider: share, hours a month and a week (168 h / 40 h basis) and the difference to national."""
    out = []
    for s in all_slots:
        pct = values[s.id]
        out.append(SlotRow(s, pct, pct * ref.hours_per_fte_month / 100, pct * ref.weekly_hours / 100,
                           pct - s.national_pct, (pct - s.national_pct) * ref.hours_per_fte_month / 100))
    return out


def group_totals(all_slots: tuple[Slot, ...], values: Mapping[str, float]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for s in all_slots:
        totals[s.group_id] = totals.get(s.group_id, 0.0) + values[s.id]
    return totals


@dataclass(frozen=True)
class Notice:
    key: str  # catalog: reference.notice.<key>
    params: tuple[tuple[str, float], ...] = ()


def notices(d: Domain, all_slots: tuple[Slot, ...], values: Mapping[str, float]) -> list[Notice]:
    """Soft warnings (the hard cap is enforced by `move`): core below 80 %, other duties above 3 %,
    and the note that a total below 100 % suits a mixed post (seed 000:2386-2400, 938-943)."""
    rules = d.workload_rules["rules"]
    out = []
    core = sum(values[s.id] for s in all_slots if s.is_core)
    if core < rules["core_pct"]["value"]:
        out.append(Notice("core_low", (("core", core), ("min", float(rules["core_pct"]["value"])))))
    other_group = rules["other_duties_max_pct"]["group_id"]
    other = sum(values[s.id] for s in all_slots if s.group_id == other_group)
    if other > rules["other_duties_max_pct"]["value"]:
        out.append(Notice("other_high", (("other", other), ("max", float(rules["other_duties_max_pct"]["value"])))))
    if total(values) < MAX_PCT:
        out.append(Notice("below_total", (("total", total(values)),)))
    return out
