"""Workload analysis (seed 000 §3.1–3.2): each worker's actual split against a reference, the flags
the method names, a plain-language explanation, and the team view.

A worker's actual split is monthly hours per function over the worker's own recorded total (SPEC §4);
the three "work with other persons" functions are compared as their one 4 % block. Mixed posts record
only their social-work time, so the split compares as it is and only the hours are scaled by the
social-work share (000:2386-2400).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import duckdb

from lib.domain import Domain
from lib.store import db
from lib.workload import reference
from lib.workload.reference import Slot

PP, RELATIVE = "pp", "relative"
THIN_TOTAL_HOURS = 20.0  # below this the explanation stays silent: too little recorded to read a split
THIN_SLOTS = 5
PAPERWORK = ("case_documentation", "case_data_entry")  # more time on these than with clients is flagged
CONSULTATION = "client_consultation"


@dataclass(frozen=True)
class Form:
    """One stored workload-analysis form, its hours a month summed per reference slot."""

    id: int
    code: str
    period_start: date
    period_end: date
    position: str | None
    specialisation: str | None
    territory: str | None
    fte: float
    share: float  # social-work share of the post, %
    hours: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.hours.values())


def load_forms(con: duckdb.DuckDBPyConnection, service_id: int, all_slots: tuple[Slot, ...],
               form_ids: list[int] | None = None) -> list[Form]:
    """The service's forms (or those of `form_ids`) with hours per slot, summed by DuckDB. A worker and
    period stored twice ("keep both" on upload) counts once: the newer form."""
    slot_of = {fid: s.id for s in all_slots for fid in s.function_ids}
    with db.reader(con) as cur:
        rows = cur.execute(
            "SELECT f.id, f.worker_code, f.period_start, f.period_end, f.position, f.specialisation, f.territory,"
            " f.fte, f.social_work_share, e.function_id, sum(coalesce(e.month_hours, 0))"
            " FROM (SELECT * FROM workload_forms WHERE service_id = $sid QUALIFY row_number()"
            "       OVER (PARTITION BY worker_code, period_start, period_end ORDER BY id DESC) = 1)"
            " f LEFT JOIN workload_entries e ON e.form_id = f.id WHERE $ids IS NULL OR list_contains($ids, f.id)"
            " GROUP BY ALL ORDER BY f.worker_code, f.period_start, f.id",
            {"sid": service_id, "ids": form_ids}).fetchall()
    forms: dict[int, Form] = {}
    for r in rows:
        form = forms.get(r[0]) or forms.setdefault(r[0], Form(*r[:9], hours=dict.fromkeys(slot_of.values(), 0.0)))
        if r[9] is not None:  # a form without any entry has 0 h (imports refuse one; the team query agrees)
            form.hours[slot_of[r[9]]] += r[10]
    return list(forms.values())


@dataclass(frozen=True)
class Deviation:
    id: str  # slot or group id
    group_id: str  # the group itself for a group
    actual_pct: float
    reference_pct: float
    hours: float
    reference_hours: float
    is_core: bool

    @property
    def pp(self) -> float:
        return self.actual_pct - self.reference_pct

    @property
    def relative(self) -> float | None:
        """Difference as % of the reference share (None where the reference is 0)."""
        return self.pp / self.reference_pct * 100 if self.reference_pct else None

    def significant(self, threshold: float, reading: str) -> bool:
        if not self.is_core:
            return False
        value = self.pp if reading == PP else self.relative
        return value is not None and abs(value) >= threshold - 1e-9


@dataclass(frozen=True)
class Flag:
    key: str  # catalog: analysis.flag.<key>
    params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class WorkerResult:
    form: Form
    slots: tuple[Deviation, ...]
    groups: tuple[Deviation, ...]
    flags: tuple[Flag, ...]
    overtime_hours: float

    @property
    def core_pct(self) -> float:
        """The share of the core groups (direct social work), % of the recorded hours."""
        return sum(x.actual_pct for x in self.groups if x.is_core)


def norm_hours(d: Domain, form: Form) -> float:
    """The month's norm for the form: 168 h × FTE × the social-work share."""
    return d.reference.hours_per_fte_month * form.fte * form.share / 100


def _deviations(items: list[tuple[str, str, float, bool]], hours: Mapping[str, float], total: float,
                norm: float) -> tuple[Deviation, ...]:
    """(id, group id, reference %, core) → deviations of the recorded hours."""
    return tuple(Deviation(i, g, hours[i] / total * 100 if total else 0.0, ref, hours[i], ref * norm / 100, core)
                 for i, g, ref, core in items)


def analyse(d: Domain, all_slots: tuple[Slot, ...], form: Form, ref: Mapping[str, float],
            reading: str = PP) -> WorkerResult:
    """One worker against a reference (slot → %): deviations and the method's flags."""
    rules = d.workload_rules["rules"]
    norm = norm_hours(d, form)
    slots = _deviations([(s.id, s.group_id, ref[s.id], s.is_core) for s in all_slots], form.hours, form.total, norm)
    group_hours = {g.id: sum(form.hours[s.id] for s in all_slots if s.group_id == g.id) for g in d.reference.groups}
    group_ref = reference.group_totals(all_slots, ref)
    groups = _deviations([(g.id, g.id, group_ref[g.id], g.is_core) for g in d.reference.groups], group_hours,
                         form.total, norm)
    threshold = rules["significant_deviation"]["value"]
    flags = [Flag("significant", (("id", x.id), ("pp", x.pp), ("relative", x.relative), ("hours", x.hours
                                                                                          - x.reference_hours)))
             for x in (*groups, *slots) if x.significant(threshold, reading)]
    overtime = max(0.0, form.total - norm)
    if overtime > 1e-9:
        flags.append(Flag("overtime", (("hours", overtime), ("pct", overtime / norm * 100 if norm else 0.0))))
    by_group = {x.id: x for x in groups}
    other = by_group[rules["other_duties_max_pct"]["group_id"]]
    if other.actual_pct > rules["other_duties_max_pct"]["value"] + 1e-9:
        flags.append(Flag("other_high", (("pct", other.actual_pct), ("max", rules["other_duties_max_pct"]["value"]))))
    core = sum(x.actual_pct for x in groups if x.is_core)  # WorkerResult.core_pct, before there is one
    if core < rules["core_pct"]["value"] - 1e-9:
        flags.append(Flag("core_low", (("pct", core), ("min", rules["core_pct"]["value"]))))
    by_slot = {x.id: x for x in slots}
    paperwork = sum(by_slot[s].actual_pct for s in PAPERWORK)
    if paperwork > by_slot[CONSULTATION].actual_pct + 1e-9:
        flags.append(Flag("paperwork", (("paperwork", paperwork), ("consultation", by_slot[CONSULTATION].actual_pct))))
    return WorkerResult(form, slots, groups, tuple(flags), overtime)


def explanation(result: WorkerResult) -> list[tuple[str, tuple[tuple[str, object], ...]]]:
    """Parts (core, widest, overtime) with parameters for a short reading of the numbers; empty when the
    data are thin."""
    filled = sum(1 for x in result.slots if x.hours > 0)
    if result.form.total < THIN_TOTAL_HOURS or filled < THIN_SLOTS:
        return []
    core = max((x for x in result.groups if x.is_core), key=lambda x: abs(x.pp))
    widest = max(result.slots, key=lambda x: abs(x.pp))
    out = [("core", (("id", core.id), ("pp", abs(core.pp)), ("direction", "under" if core.pp < 0
                                                                                   else "over"),
                                     ("hours", core.hours - core.reference_hours)))]
    out.append(("widest", (("id", widest.id), ("pp", widest.pp))))
    if result.overtime_hours > 0:
        out.append(("overtime", (("hours", result.overtime_hours),)))
    return out


@dataclass(frozen=True)
class Team:
    results: tuple[WorkerResult, ...]
    mean_groups: dict[str, float]
    flag_counts: Counter
    benchmark: str  # audit table-2 column id matching the team


def team(d: Domain, results: list[WorkerResult]) -> Team:
    """Team averages (mean of the workers' splits), counts of flagged workers, and the audit column
    that matches the team (families specialists, else the majority territory, else all)."""
    n = len(results) or 1
    groups = {g.id: sum(x.actual_pct for r in results for x in r.groups if x.id == g.id) / n
              for g in (results[0].groups if results else ())}
    counts = Counter(k for r in results for k in {f.key for f in r.flags})
    bench = benchmark(len(results), sum(r.form.specialisation == "families" for r in results),
                      sum(r.form.territory == "rural" for r in results),
                      sum(r.form.territory == "city" for r in results))
    return Team(tuple(results), groups, counts, bench)


def benchmark(n: int, families: int, rural: int, city: int) -> str:
    """The audit column (table 2) for a team of `n`: families specialists, else the majority
    territory, else all respondents."""
    if n and families > n / 2:
        return "families_with_children_specialists"
    if n and rural > n / 2:
        return "rural_parishes"
    if n and city > n / 2:
        return "city"
    return "all_respondents"


def latest_per_worker(forms: list[Form]) -> list[Form]:
    latest: dict[str, Form] = {}
    for f in forms:
        if f.code not in latest or (f.period_end, f.id) > (latest[f.code].period_end, latest[f.code].id):
            latest[f.code] = f
    return sorted(latest.values(), key=lambda f: f.code)


def team_split(forms: list[Form]) -> dict[str, float] | None:
    """The team's actual split per slot, % (the mean of each worker's latest form); None without forms."""
    latest = [f for f in latest_per_worker(forms) if f.total > 0]
    if not latest:
        return None
    return {s: sum(f.hours[s] / f.total * 100 for f in latest) / len(latest) for s in latest[0].hours}


def next_analysis(d: Domain, last_period_end: date, plan_active: bool) -> date:
    """Re-analysis: every 3 years as recommended; 1–2 years after an alignment plan (000:1670, 2427)."""
    years = d.workload_rules["rules"]["reanalysis_years"]
    step = years["after_plan_max"] if plan_active else years["recommended"]
    try:
        return last_period_end.replace(year=last_period_end.year + step)
    except ValueError:  # 29 February
        return last_period_end.replace(year=last_period_end.year + step, day=28)


LATEST = "latest"


def periods(forms: list[Form]) -> list[tuple[date, date]]:
    return sorted({(f.period_start, f.period_end) for f in forms}, reverse=True)


def select(forms: list[Form], territory: str | None = None, specialisation: str | None = None,
           position: str | None = None, period: tuple[date, date] | str = LATEST) -> list[Form]:
    """Filters of the team view (None = all); LATEST keeps each worker's most recent form."""
    chosen = [f for f in forms if (territory is None or f.territory == territory)
              and (specialisation is None or f.specialisation == specialisation)
              and (position is None or f.position == position)]
    if period == LATEST:
        return latest_per_worker(chosen)
    return [f for f in chosen if (f.period_start, f.period_end) == period]
