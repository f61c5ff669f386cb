"""The analysis page's team data, computed by DuckDB where the rows are.

`analysis.py` states the method readably in Python: a worker's split, deviations and flags. Doing
that for a team meant bringing every stored form × function row into Python (170,000 rows at national
scale, ~340 ms) to keep one form per worker. Here one statement selects the forms first (the newer
of a twice-stored worker and period, the filters, the latest per worker) and returns one row per
worker with what the page shows — group shares, each function's deviation, which flags are raised
with their figures — and a last row with the team's means and flag counts. Its columns are scalars:
DuckDB hands nested values (lists, structs) to Python at several times the cost of computing them.
`tests/test_team.py` checks on random stores that it agrees with `analysis.py`.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import date

import duckdb

from lib.domain import Domain
from lib.store import db
from lib.workload import analysis, reference
from lib.workload.analysis import LATEST, PP, Flag
from lib.workload.reference import Slot

FLAGS = ("significant", "overtime", "other_high", "core_low", "paperwork")  # analysis.analyse's flags, in its order


@dataclass(frozen=True)
class Filters:
    """The team view's filters (None = all); LATEST keeps each worker's most recent form."""

    territory: str | None = None
    specialisation: str | None = None
    position: str | None = None
    period: tuple[date, date] | str = LATEST


@dataclass(frozen=True)
class Member:
    """One worker's row: the form analysed and what the team tab shows of it."""

    form_id: int
    code: str
    period_start: date
    period_end: date
    groups: dict[str, float]  # group → actual %
    slot_pp: dict[str, float]  # slot → pp against the reference
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class TeamView:
    members: tuple[Member, ...]
    mean_groups: dict[str, float]
    flag_counts: Counter
    benchmark: str  # audit table-2 column id matching the team


# the newer of a worker and period stored twice ("keep both" on upload), as analysis.load_forms reads them
_STORED = """stored AS (SELECT * FROM workload_forms WHERE service_id = $sid
           QUALIFY row_number() OVER (PARTITION BY worker_code, period_start, period_end ORDER BY id DESC) = 1)"""


@dataclass(frozen=True)
class _Shape:
    """Where things are in the reference (1-based): slot i's group, each group's core flag, the
    paperwork and consultation slots and the "other duties" group."""

    slot_group: tuple[int, ...]
    group_core: tuple[bool, ...]
    paperwork: tuple[int, ...]
    consultation: int
    other: int

    def core_items(self) -> tuple[list[int], list[int]]:
        """The core groups and slots (only core items are flagged significant), groups first."""
        return ([g for g in range(1, len(self.group_core) + 1) if self.group_core[g - 1]],
                [i for i in range(1, len(self.slot_group) + 1) if self.group_core[self.slot_group[i - 1] - 1]])


@functools.cache
def _statement(latest: bool, shape: _Shape) -> str:
    """The team statement, written out per slot (s) and group (g): each figure is a column over one
    row per form, each layer a CTE over the one before (small expressions plan fast), and sums run in
    the order analysis.py adds. Significant deviations are listed groups first, as analyse() names them."""
    slots, groups = range(1, len(shape.slot_group) + 1), range(1, len(shape.group_core) + 1)
    core_groups, core_slots = shape.core_items()

    def cols(template: str, over) -> str:
        return ", ".join(template.format(i=i) for i in over)

    def plus(terms) -> str:
        return "(0 + " + " + ".join(terms) + ")"

    core_items = [("g", g) for g in core_groups] + [("", i) for i in core_slots]  # bit n of `significant`
    choose = ("QUALIFY row_number() OVER (PARTITION BY worker_code ORDER BY period_end DESC, id DESC) = 1" if latest
              else "AND period_start = $start AND period_end = $end")
    group_hours = ", ".join(plus(f"h{i}" for i in slots if shape.slot_group[i - 1] == g) + f" AS gh{g}"
                            for g in groups)
    return f"""
WITH fmap AS (SELECT unnest($fn) AS function_id, unnest($fn_slot) AS slot), {_STORED},
chosen AS (SELECT id, worker_code, period_start, period_end, specialisation, territory,
                  $hours_per_month * fte * social_work_share / 100 AS norm
           FROM stored
           WHERE ($territory IS NULL OR territory = $territory)
             AND ($specialisation IS NULL OR specialisation = $specialisation)
             AND ($position IS NULL OR position = $position) {choose}),
hours AS (SELECT e.form_id AS id, m.slot, sum(coalesce(e.month_hours, 0)) AS h
          FROM workload_entries e JOIN fmap m USING (function_id)
          WHERE e.form_id IN (SELECT id FROM chosen) GROUP BY ALL),
wide AS (SELECT c.*, {cols("coalesce(p.h{i}, 0) AS h{i}", slots)}
         FROM chosen c LEFT JOIN (SELECT id, {cols("sum(h) FILTER (WHERE slot = {i}) AS h{i}", slots)}
                                  FROM hours GROUP BY id) p USING (id)),
sums AS (SELECT *, {group_hours}, {plus(f"h{i}" for i in slots)} AS total FROM wide),
shares AS (SELECT id, worker_code, period_start, period_end, specialisation, territory, norm, total,
                  {cols("h{i}", slots)}, {cols("gh{i}", groups)},
                  {cols("CASE WHEN total <> 0 THEN h{i} / total * 100 ELSE 0 END AS a{i}", slots)},
                  {cols("CASE WHEN total <> 0 THEN gh{i} / total * 100 ELSE 0 END AS ga{i}", groups)} FROM sums),
devs AS (SELECT *, {cols("a{i} - $slot_ref[{i}] AS pp{i}", slots)},
                {cols("ga{i} - $group_ref[{i}] AS gpp{i}", core_groups)},
                {", ".join(f"CASE WHEN ${r}_ref[{i}] <> 0 THEN {p}pp{i} / ${r}_ref[{i}] * 100 END AS {p}rel{i},"
                           f" {p}h{i} - ${r}_ref[{i}] * norm / 100 AS {p}hours{i}"
                           for p, i, r in ((p, i, "group" if p else "slot") for p, i in core_items))},
                {plus(f"ga{g}" for g in core_groups)} AS core, {plus(f"a{i}" for i in shape.paperwork)} AS paperwork
         FROM shares),
members AS MATERIALIZED (
    SELECT id, worker_code, period_start, period_end, specialisation, territory,
           {cols("ga{i}", groups)}, {cols("pp{i}", slots)},
           {", ".join(f"{p}pp{i} AS pp_{p}{i}, {p}rel{i} AS rel_{p}{i}, {p}hours{i} AS hours_{p}{i}"
                      for p, i in core_items)},
           {" + ".join(f"CASE WHEN coalesce(abs(CASE WHEN $reading = 'pp' THEN {p}pp{i} ELSE {p}rel{i} END)"
                       f" >= $threshold - 1e-9, false) THEN {1 << n} ELSE 0 END"
                       for n, (p, i) in enumerate(core_items))} AS significant,
           CASE WHEN total - norm > 1e-9 THEN total - norm END AS overtime,
           CASE WHEN total - norm > 1e-9 THEN CASE WHEN norm <> 0 THEN (total - norm) / norm * 100 ELSE 0 END
               END AS overtime_pct,
           CASE WHEN ga{shape.other} > $other_max + 1e-9 THEN ga{shape.other} END AS other_high,
           CASE WHEN core < $core_min - 1e-9 THEN core END AS core_low,
           CASE WHEN paperwork > a{shape.consultation} + 1e-9 THEN paperwork END AS paperwork,
           CASE WHEN paperwork > a{shape.consultation} + 1e-9 THEN a{shape.consultation} END AS consultation
    FROM devs)
-- the workers, then one row for the team (its figures in columns that are NULL for a worker)
SELECT * EXCLUDE (specialisation, territory), {cols("NULL::DOUBLE AS mean{i}", groups)},
       {cols("NULL::BIGINT AS {i}_count", FLAGS)},
       NULL::BIGINT AS workers, NULL::BIGINT AS families, NULL::BIGINT AS rural, NULL::BIGINT AS city FROM members
UNION ALL BY NAME
SELECT {cols("avg(ga{i}) AS mean{i}", groups)}, count(*) FILTER (WHERE significant <> 0) AS significant_count,
       {cols("count({i}) AS {i}_count", FLAGS[1:])},
       count(*) AS workers, count(*) FILTER (WHERE specialisation = 'families') AS families,
       count(*) FILTER (WHERE territory = 'rural') AS rural, count(*) FILTER (WHERE territory = 'city') AS city
FROM members
ORDER BY worker_code NULLS LAST, period_start, id
"""  # noqa: S608 (the text holds only numbers and the flags' names; every value is a parameter)


def load(con: duckdb.DuckDBPyConnection, d: Domain, service_id: int, all_slots: tuple[Slot, ...],
         ref: dict[str, float], reading: str = PP, filters: Filters = Filters()) -> TeamView:
    """The team tab's data for the chosen forms against `ref` (slot → %), in one statement."""
    rules = d.workload_rules["rules"]
    groups = d.reference.groups
    group_ref = reference.group_totals(all_slots, ref)
    group_index = {g.id: n for n, g in enumerate(groups, 1)}
    latest = filters.period == LATEST
    params = {
        "sid": service_id, "territory": filters.territory, "specialisation": filters.specialisation,
        "position": filters.position, **({} if latest else dict(zip(("start", "end"), filters.period, strict=True))),
        "fn": [f for s in all_slots for f in s.function_ids],
        "fn_slot": [n for n, s in enumerate(all_slots, 1) for _ in s.function_ids],
        "group_ref": [group_ref[g.id] for g in groups], "slot_ref": [ref[s.id] for s in all_slots],
        "hours_per_month": d.reference.hours_per_fte_month, "reading": reading,
        "threshold": rules["significant_deviation"]["value"],
        "other_max": rules["other_duties_max_pct"]["value"], "core_min": rules["core_pct"]["value"],
    }
    slot_index = {sl.id: n for n, sl in enumerate(all_slots, 1)}
    shape = _Shape(tuple(group_index[sl.group_id] for sl in all_slots), tuple(g.is_core for g in groups),
                   tuple(slot_index[x] for x in analysis.PAPERWORK), slot_index[analysis.CONSULTATION],
                   group_index[rules["other_duties_max_pct"]["group_id"]])
    with db.reader(con) as cur:
        columns = {k: v.tolist() for k, v in cur.execute(_statement(latest, shape), params).fetchnumpy().items()}
    core_groups, core_slots = shape.core_items()
    core_items = ([(f"g{g}", groups[g - 1].id) for g in core_groups]
                  + [(str(i), all_slots[i - 1].id) for i in core_slots])
    significant = [(item, columns[f"pp_{c}"], columns[f"rel_{c}"], columns[f"hours_{c}"]) for c, item in core_items]
    over, over_pct, other, core, paperwork, consultation = (columns[k] for k in (
        "overtime", "overtime_pct", "other_high", "core_low", "paperwork", "consultation"))

    def flags(n: int) -> tuple[Flag, ...]:
        """Worker n's flags as analysis.analyse lists them, each with the figures its text shows."""
        bits = columns["significant"][n]
        out = [Flag("significant", (("id", item), ("pp", pp[n]), ("relative", rel[n]), ("hours", hours[n])))
               for b, (item, pp, rel, hours) in enumerate(significant) if bits >> b & 1]
        if over[n] is not None:
            out.append(Flag("overtime", (("hours", over[n]), ("pct", over_pct[n]))))
        if other[n] is not None:
            out.append(Flag("other_high", (("pct", other[n]), ("max", params["other_max"]))))
        if core[n] is not None:
            out.append(Flag("core_low", (("pct", core[n]), ("min", params["core_min"]))))
        if paperwork[n] is not None:
            out.append(Flag("paperwork", (("paperwork", paperwork[n]), ("consultation", consultation[n]))))
        return tuple(out)

    team = len(columns["id"]) - 1  # the last row is the team's
    group_cols = [(g.id, columns[f"ga{n}"]) for n, g in enumerate(groups, 1)]
    slot_cols = [(sl.id, columns[f"pp{n}"]) for n, sl in enumerate(all_slots, 1)]
    members = tuple(Member(columns["id"][n], columns["worker_code"][n], columns["period_start"][n].date(),
                           columns["period_end"][n].date(), {k: v[n] for k, v in group_cols},
                           {k: v[n] for k, v in slot_cols}, flags(n)) for n in range(team))
    return TeamView(members, {g.id: columns[f"mean{n}"][team] for n, g in enumerate(groups, 1)} if members else {},
                    Counter({k: columns[f"{k}_count"][team] for k in FLAGS if columns[f"{k}_count"][team]}),
                    analysis.benchmark(*(columns[k][team] for k in ("workers", "families", "rural", "city"))))


def periods(con: duckdb.DuckDBPyConnection, service_id: int) -> list[tuple[date, date]]:
    """The periods the service's forms cover, newest first (empty: nothing to analyse)."""
    with db.reader(con) as cur:
        return cur.execute(f"WITH {_STORED} SELECT DISTINCT period_start, period_end FROM stored"  # noqa: S608
                           " ORDER BY period_start DESC, period_end DESC", {"sid": service_id}).fetchall()


def trend(con: duckdb.DuckDBPyConnection, d: Domain, service_id: int, all_slots: tuple[Slot, ...],
          code: str | None = None) -> list[tuple[date, str, float]]:
    """(period end, group, actual %) over every stored form, of one worker or the team (the mean of
    the workers' shares in a period)."""
    groups = [g.id for g in d.reference.groups]
    with db.reader(con) as cur:
        return cur.execute(f"""
            WITH fmap AS (SELECT unnest($fn) AS function_id, unnest($fn_group) AS grp), {_STORED},
            forms AS (SELECT id, period_end FROM stored WHERE $code IS NULL OR worker_code = $code),
            hours AS (SELECT e.form_id AS id, m.grp, sum(coalesce(e.month_hours, 0)) AS h
                      FROM workload_entries e JOIN fmap m USING (function_id)
                      WHERE e.form_id IN (SELECT id FROM forms) GROUP BY ALL),
            cells AS (SELECT f.id, f.period_end, g.grp, g.ord, coalesce(h.h, 0) AS h, sum(coalesce(h.h, 0))
                             OVER (PARTITION BY f.id) AS total
                      FROM forms f CROSS JOIN (SELECT unnest($groups) AS grp, generate_subscripts($groups, 1) AS ord) g
                      LEFT JOIN hours h ON h.id = f.id AND h.grp = g.grp)
            SELECT period_end, grp, avg(CASE WHEN total <> 0 THEN h / total * 100 ELSE 0 END)
            FROM cells GROUP BY period_end, grp, ord ORDER BY period_end, ord""",  # noqa: S608 placeholders only
            {"sid": service_id, "code": code, "groups": groups,
             "fn": [f for s in all_slots for f in s.function_ids],
             "fn_group": [s.group_id for s in all_slots for _ in s.function_ids]}).fetchall()


def of(result: analysis.Team) -> TeamView:
    """The same view from the readable analysis (the PDF and xlsx reports hold a whole analysis.Team)."""
    return TeamView(tuple(Member(r.form.id, r.form.code, r.form.period_start, r.form.period_end,
                                 {g.id: g.actual_pct for g in r.groups}, {x.id: x.pp for x in r.slots}, r.flags)
                          for r in result.results), result.mean_groups, result.flag_counts, result.benchmark)


def results(con: duckdb.DuckDBPyConnection, d: Domain, service_id: int, all_slots: tuple[Slot, ...],
            ref: dict[str, float], reading: str, shown: TeamView) -> analysis.Team:
    """The whole analysis of the workers shown (every deviation of every worker), for the reports."""
    forms = analysis.load_forms(con, service_id, all_slots, [m.form_id for m in shown.members])
    return analysis.team(d, [analysis.analyse(d, all_slots, f, ref, reading) for f in forms])


def codes(con: duckdb.DuckDBPyConnection, service_id: int) -> list[str]:
    """Every worker with a stored form, for the trend's choice."""
    with db.reader(con) as cur:
        return [r[0] for r in cur.execute("SELECT DISTINCT worker_code FROM workload_forms WHERE service_id = ?"
                                          " ORDER BY 1", [service_id]).fetchall()]


def split(con: duckdb.DuckDBPyConnection, service_id: int, all_slots: tuple[Slot, ...]) -> dict[str, float] | None:
    """The team's actual split per slot, % (the mean over each worker's latest form, if it has hours),
    as analysis.team_split; None without such forms. A workshop's board asks for it every second."""
    with db.reader(con) as cur:
        rows = cur.execute(f"""
            WITH fmap AS (SELECT unnest($fn) AS function_id, unnest($fn_slot) AS slot), {_STORED},
            latest AS (SELECT id FROM stored
                       QUALIFY row_number() OVER (PARTITION BY worker_code ORDER BY period_end DESC, id DESC) = 1),
            hours AS (SELECT e.form_id AS id, m.slot, sum(coalesce(e.month_hours, 0)) AS h
                      FROM workload_entries e JOIN fmap m USING (function_id)
                      WHERE e.form_id IN (SELECT id FROM latest) GROUP BY ALL),
            shares AS (SELECT id, slot, h / sum(h) OVER (PARTITION BY id) * 100 AS pct FROM hours
                       QUALIFY sum(h) OVER (PARTITION BY id) > 0)
            SELECT slot, sum(pct) / (SELECT count(DISTINCT id) FROM shares) FROM shares GROUP BY slot""",  # noqa: S608
            {"sid": service_id, "fn": [f for s in all_slots for f in s.function_ids],
             "fn_slot": [s.id for s in all_slots for _ in s.function_ids]}).fetchall()
    return {s.id: 0.0 for s in all_slots} | dict(rows) if rows else None
