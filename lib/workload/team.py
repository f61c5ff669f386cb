"""The analysis page's team data, computed by DuckDB where the rows are.

`analysis.py` states the method readably in Python: a worker's split, deviations and flags. Doing
that for a team meant bringing every stored form × function row into Python (170,000 rows at national
scale, ~340 ms) to keep one form per worker. Here one statement selects the forms first (the newer
of a twice-stored worker and period, the filters, the latest per worker) and returns what the page
shows in long form: a row per worker and item (group or slot: its share, deviation, significance), a
row per worker (the form, its other flags) and the team's rows (group means, flag counts). `_view`
places them by number into the page's objects. Long rows keep the statement small: written out per
slot and group it had ~300 expressions, and planning them cost more than the floor's whole run.
`tests/test_team.py` checks on random stores that it agrees with `analysis.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np

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


# the newer of a worker and period stored twice ("keep both" on upload), as analysis.load_forms reads them;
# an aggregate, not a window function: several times cheaper at national scale
_STORED = """stored AS (SELECT * FROM workload_forms
           WHERE service_id = $sid AND id IN (SELECT max(id) FROM workload_forms WHERE service_id = $sid
                                              GROUP BY worker_code, period_start, period_end))"""

# One row per worker and item (k, item, its share, deviation and significance), one per worker (k, item 0:
# the form and its other flags) and the team's (k 0: group means, item 0: counts). Items are the groups,
# then the slots, as analyse() lists significant deviations. The latest form is chosen by an aggregate
# (arg_max), not a window function, and one GROUPING SETS pass sums the hours per slot, group and form.
_TEAM = f"""
WITH fmap AS (SELECT unnest($fn) AS function_id, unnest($fn_slot) AS slot, unnest($fn_group) AS grp,
                     unnest($fn_core) AS core, unnest($fn_paperwork) AS paperwork),
items AS (SELECT generate_subscripts($item_ref, 1) AS item, unnest($item_ref) AS ref, unnest($item_core) AS core),
{_STORED},
chosen AS (SELECT arg_max(id, (period_end, id)) AS id FROM stored
           WHERE ($territory IS NULL OR territory = $territory)
             AND ($specialisation IS NULL OR specialisation = $specialisation)
             AND ($position IS NULL OR position = $position)
             AND ($start IS NULL OR (period_start = $start AND period_end = $end))
           GROUP BY worker_code),
sums AS (SELECT e.form_id AS id, coalesce(m.slot, m.grp) AS item, sum(coalesce(e.month_hours, 0)) AS h,
                sum(coalesce(e.month_hours, 0)) FILTER (WHERE m.core) AS core_h,
                sum(coalesce(e.month_hours, 0)) FILTER (WHERE m.paperwork) AS paperwork_h,
                sum(coalesce(e.month_hours, 0)) FILTER (WHERE m.slot = $consultation) AS consultation_h,
                sum(coalesce(e.month_hours, 0)) FILTER (WHERE m.grp = $other) AS other_h
         FROM workload_entries e JOIN fmap m USING (function_id)
         WHERE e.form_id IN (SELECT id FROM chosen)
         GROUP BY GROUPING SETS ((e.form_id, m.slot), (e.form_id, m.grp), (e.form_id))),
forms AS MATERIALIZED (
    SELECT row_number() OVER (ORDER BY f.worker_code, f.period_start, f.id) AS k, f.id, f.worker_code,
           f.period_start, f.period_end, f.specialisation, f.territory,
           $hours_per_month * f.fte * f.social_work_share / 100 AS norm, coalesce(s.h, 0) AS total,
           CASE WHEN total <> 0 THEN coalesce(s.core_h, 0) / total * 100 ELSE 0 END AS core,
           CASE WHEN total <> 0 THEN coalesce(s.paperwork_h, 0) / total * 100 ELSE 0 END AS paperwork,
           CASE WHEN total <> 0 THEN coalesce(s.consultation_h, 0) / total * 100 ELSE 0 END AS consultation,
           CASE WHEN total <> 0 THEN coalesce(s.other_h, 0) / total * 100 ELSE 0 END AS other
    FROM workload_forms f LEFT JOIN sums s ON s.id = f.id AND s.item IS NULL
    WHERE f.id IN (SELECT id FROM chosen)),
shares AS (SELECT f.k, i.item, i.ref, i.core,
                  CASE WHEN f.total <> 0 THEN coalesce(s.h, 0) / f.total * 100 ELSE 0 END AS a,
                  coalesce(s.h, 0) - i.ref * f.norm / 100 AS hours
           FROM forms f CROSS JOIN items i LEFT JOIN sums s ON s.id = f.id AND s.item = i.item),
deviations AS (SELECT k, item, core, a, a - ref AS pp, CASE WHEN ref <> 0 THEN (a - ref) / ref * 100 END AS rel, hours
               FROM shares),
figures AS MATERIALIZED (
    SELECT k, item, a, pp, rel, hours,
           core AND coalesce(abs(CASE WHEN $reading = 'pp' THEN pp ELSE rel END) >= $threshold - 1e-9, false)
               AS significant
    FROM deviations),
flagged AS MATERIALIZED (
    SELECT k, id, worker_code, period_start, period_end, specialisation, territory,
           CASE WHEN total - norm > 1e-9 THEN total - norm END AS overtime,
           CASE WHEN total - norm > 1e-9 THEN CASE WHEN norm <> 0 THEN (total - norm) / norm * 100 ELSE 0 END
               END AS overtime_pct,
           CASE WHEN other > $other_max + 1e-9 THEN other END AS other_high,
           CASE WHEN core < $core_min - 1e-9 THEN core END AS core_low,
           CASE WHEN paperwork > consultation + 1e-9 THEN paperwork END AS paperwork,
           CASE WHEN paperwork > consultation + 1e-9 THEN consultation END AS consultation
    FROM forms)
SELECT k, item, a, pp, rel, hours, significant FROM figures
UNION ALL BY NAME
SELECT k, 0 AS item, id, worker_code, period_start, period_end, overtime, overtime_pct, other_high, core_low, paperwork,
       consultation FROM flagged
UNION ALL BY NAME
SELECT 0 AS k, item, avg(a) AS a FROM figures WHERE item <= $groups GROUP BY item
UNION ALL BY NAME
SELECT 0 AS k, 0 AS item, (SELECT count(DISTINCT k) FROM figures WHERE significant) AS significant_count,
       count(overtime) AS overtime_count, count(other_high) AS other_high_count, count(core_low) AS core_low_count,
       count(paperwork) AS paperwork_count, count(*) AS workers,
       count(*) FILTER (WHERE specialisation = 'families') AS families,
       count(*) FILTER (WHERE territory = 'rural') AS rural, count(*) FILTER (WHERE territory = 'city') AS city
FROM flagged
"""  # noqa: S608 (the text is constant; every value is a parameter)


def load(con: duckdb.DuckDBPyConnection, d: Domain, service_id: int, all_slots: tuple[Slot, ...],
         ref: dict[str, float], reading: str = PP, filters: Filters = Filters()) -> TeamView:
    """The team tab's data for the chosen forms against `ref` (slot → %), in one statement."""
    rules = d.workload_rules["rules"]
    groups = d.reference.groups
    group_ref = reference.group_totals(all_slots, ref)
    item_of = {g.id: n for n, g in enumerate(groups, 1)} | {s.id: n for n, s in enumerate(all_slots, len(groups) + 1)}
    core = {g.id for g in groups if g.is_core}
    start, end = (None, None) if filters.period == LATEST else filters.period
    params = {
        "sid": service_id, "territory": filters.territory, "specialisation": filters.specialisation,
        "position": filters.position, "start": start, "end": end,
        "fn": [f for s in all_slots for f in s.function_ids],
        "fn_slot": [item_of[s.id] for s in all_slots for _ in s.function_ids],
        "fn_group": [item_of[s.group_id] for s in all_slots for _ in s.function_ids],
        "fn_core": [s.group_id in core for s in all_slots for _ in s.function_ids],
        "fn_paperwork": [s.id in analysis.PAPERWORK for s in all_slots for _ in s.function_ids],
        "item_ref": [group_ref[g.id] for g in groups] + [ref[s.id] for s in all_slots],
        "item_core": [g.is_core for g in groups] + [s.group_id in core for s in all_slots],
        "groups": len(groups), "consultation": item_of[analysis.CONSULTATION],
        "other": item_of[rules["other_duties_max_pct"]["group_id"]],
        "hours_per_month": d.reference.hours_per_fte_month, "reading": reading,
        "threshold": rules["significant_deviation"]["value"],
        "other_max": rules["other_duties_max_pct"]["value"], "core_min": rules["core_pct"]["value"],
    }
    with db.reader(con) as cur:
        rows = cur.execute(_TEAM, params).fetchnumpy()
    return _view(rows, [g.id for g in groups], [s.id for s in all_slots], params)


def _view(rows: dict[str, np.ndarray], group_ids: list[str], slot_ids: list[str], params: dict) -> TeamView:
    """The statement's rows, in any order, as the page's view: item figures placed by (k, item), each
    flag appended to its workers in analyse()'s order."""
    k, item = rows["k"], rows["item"]
    ids = [None, *group_ids, *slot_ids]  # item n's id
    figure, form, team = (k > 0) & (item > 0), (k > 0) & (item == 0), k == 0
    at = np.flatnonzero(form)
    at = at[np.argsort(k[at])]  # the form rows in the page's order: k = 1, 2, …

    def grid(column: str, items: slice) -> list[list[float]]:
        """An item column as [k][the items'] (row 0 unused)."""
        out = np.zeros((len(at) + 1, len(ids)))
        out[k[figure], item[figure]] = rows[column].data[figure]
        return out[:, items].tolist()

    flags: list[list[Flag]] = [[] for _ in range(len(at) + 1)]
    significant = np.flatnonzero(figure & rows["significant"].filled(False))
    significant = significant[np.lexsort((item[significant], k[significant]))]
    for r, i, pp, rel, hours in zip(*(rows[c][significant].tolist() for c in ("k", "item", "pp", "rel", "hours")),
                                    strict=True):
        flags[r].append(Flag("significant", (("id", ids[i]), ("pp", pp), ("relative", rel), ("hours", hours))))
    figures = {"overtime": (("hours", rows["overtime"]), ("pct", rows["overtime_pct"])),
               "other_high": (("pct", rows["other_high"]), ("max", params["other_max"])),
               "core_low": (("pct", rows["core_low"]), ("min", params["core_min"])),
               "paperwork": (("paperwork", rows["paperwork"]), ("consultation", rows["consultation"]))}
    for key in FLAGS[1:]:  # a form row's column is set where its flag is raised
        where = at[~np.ma.getmaskarray(rows[key])[at]]
        (first, a), (second, b) = figures[key]
        for r, x, y in zip(k[where].tolist(), a[where].tolist(),
                           b[where].tolist() if isinstance(b, np.ndarray) else [b] * len(where), strict=True):
            flags[r].append(Flag(key, ((first, x), (second, y))))
    groups, slots = slice(1, len(group_ids) + 1), slice(len(group_ids) + 1, len(ids))
    shares, pp = grid("a", groups), grid("pp", slots)
    members = tuple(Member(form_id, code, start, end, dict(zip(group_ids, shares[r], strict=True)),
                           dict(zip(slot_ids, pp[r], strict=True)), tuple(flags[r]))
                    for r, form_id, code, start, end in zip(
                        k[at].tolist(), rows["id"][at].tolist(), rows["worker_code"][at].tolist(),
                        *(rows[c][at].astype("datetime64[D]").tolist() for c in ("period_start", "period_end")),
                        strict=True))
    means = team & (item > 0)
    counts = {c: int(rows[c][team & (item == 0)][0]) for c in (*(f"{x}_count" for x in FLAGS),
                                                                 "workers", "families", "rural", "city")}
    return TeamView(members, dict(zip((ids[i] for i in item[means].tolist()), rows["a"][means].tolist(), strict=True)),
                    Counter({x: counts[f"{x}_count"] for x in FLAGS if counts[f"{x}_count"]}),
                    analysis.benchmark(*(counts[c] for c in ("workers", "families", "rural", "city"))))


def periods(con: duckdb.DuckDBPyConnection, service_id: int) -> list[tuple[date, date]]:
    """The periods the service's forms cover, newest first (empty: nothing to analyse). A worker and period
    stored twice counts once here too: the newer form covers the same period."""
    with db.reader(con) as cur:
        return cur.execute("SELECT DISTINCT period_start, period_end FROM workload_forms WHERE service_id = ?"
                           " ORDER BY period_start DESC, period_end DESC", [service_id]).fetchall()


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
