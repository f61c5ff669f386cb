"""The team data DuckDB computes (lib/workload/team.py) against the readable Python analysis
(lib/workload/analysis.py) on random stores: same workers, shares, deviations, flags, means, counts."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest

from lib import domain
from lib.store import db
from lib.store.services import Profile, create_service
from lib.workload import analysis, analysis_view, reference, team
from lib.workload import reference_view as view
from lib.workload.analysis import PP, RELATIVE

D = domain.load()
SLOTS = view.slots(D)
FUNCTIONS = [f for s in SLOTS for f in s.function_ids]
SPECIALISATIONS = ["families", "adults", "mixed", None]
TERRITORIES = ["city", "rural", "mixed", None]
POSITIONS = ["social_worker", "case_manager", None]


def fill(con, sid: int, rng: random.Random, workers: int, periods: int) -> None:
    """Forms with random hours, some functions left out, some forms without any hours (0 h), some
    worker/periods stored twice ("keep both") with other attributes, and a form without entries."""
    starts = [date(2020, 1, 6) + timedelta(weeks=20 * p) for p in range(periods)]
    forms, entries = [], []
    with db.unit(con) as cur:
        (import_id,) = cur.execute("INSERT INTO imports (service_id, sha256, file_name, kind, row_count) VALUES"
                                   " (?, ?, 'random', 'workload', 0) RETURNING id", [sid, str(rng.random())]).fetchone()
        for w in range(workers):
            for start in rng.sample(starts, rng.randint(1, periods)):
                for _ in range(2 if rng.random() < 0.15 else 1):
                    forms.append((sid, import_id, w + 1, f"W{w:03d}", start, start + timedelta(days=11),
                                  rng.choice(POSITIONS), rng.choice(SPECIALISATIONS), rng.choice(TERRITORIES),
                                  rng.choice([1.0, 0.5, 0.75]), rng.choice([100.0, 60.0]), 0.0))
        ids = db.insert(cur, "workload_forms", ("service_id", "import_id", "worker_id", "worker_code", "period_start",
                                                "period_end", "position", "specialisation", "territory", "fte",
                                                "social_work_share", "total_month_hours"), forms, returning=("id",))
        for n, (form_id,) in enumerate(ids):
            if n == 3:
                continue  # a form without entries: neither path shows it
            empty = rng.random() < 0.05
            for fid in FUNCTIONS:
                if rng.random() < 0.2:
                    continue
                hours = 0.0 if empty else rng.choice([round(rng.uniform(0, 40), 2), 0.0, None])
                entries.append((sid, import_id, form_id, fid, hours, "month", hours))
        db.insert(cur, "workload_entries", ("service_id", "import_id", "form_id", "function_id", "hours", "unit",
                                            "month_hours"), entries)


def python_team(con, sid, ref, reading, filters: team.Filters) -> analysis.Team:
    forms = analysis.load_forms(con, sid, SLOTS)
    chosen = analysis.select(forms, filters.territory, filters.specialisation, filters.position, filters.period)
    return analysis.team(D, [analysis.analyse(D, SLOTS, f, ref, reading) for f in chosen])


def close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def assert_same(py: analysis.Team, sql: team.TeamView) -> None:
    assert [(m.form_id, m.code) for m in sql.members] == [(r.form.id, r.form.code) for r in py.results]
    for m, r in zip(sql.members, py.results, strict=True):
        assert (m.period_start, m.period_end) == (r.form.period_start, r.form.period_end)
        assert all(close(m.groups[g.id], g.actual_pct) for g in r.groups)
        assert all(close(m.slot_pp[x.id], x.pp) for x in r.slots)
        assert [f.key for f in m.flags] == [f.key for f in r.flags], r.form.code
        for fs, fp in zip(m.flags, r.flags, strict=True):
            assert [k for k, _ in fs.params] == [k for k, _ in fp.params]
            assert all(close(a, b) for (_, a), (_, b) in zip(fs.params, fp.params, strict=True)), (fs, fp)
    assert sql.mean_groups.keys() == py.mean_groups.keys() if py.results else not sql.mean_groups
    assert all(close(sql.mean_groups[k], v) for k, v in py.mean_groups.items())
    assert sql.flag_counts == py.flag_counts
    assert sql.benchmark == py.benchmark


@pytest.mark.parametrize("seed", range(6))
def test_sql_team_equals_python_analysis(tmp_path, seed):
    rng = random.Random(seed)
    con = db.connect(tmp_path / "s.duckdb")
    sid = create_service(con, Profile("random"))
    other = create_service(con, Profile("other"))
    fill(con, sid, rng, workers=rng.randint(1, 40), periods=rng.randint(1, 5))
    fill(con, other, rng, workers=5, periods=2)  # another service's forms never count
    national = reference.national(SLOTS)
    own = {s.id: rng.choice([0.0, round(rng.uniform(0, 20), 1)]) for s in SLOTS}  # zeros: no relative reading
    periods = analysis.periods(analysis.load_forms(con, sid, SLOTS))
    names = analysis_view.names(D)
    cases = [team.Filters(), team.Filters(period=rng.choice(periods)),
             team.Filters(territory=rng.choice(TERRITORIES[:3])),
             team.Filters(specialisation="families", position="social_worker"),
             team.Filters(territory="rural", period=rng.choice(periods))]
    for ref in (national, own):
        for reading in (PP, RELATIVE):
            for filters in cases:
                sql = team.load(con, D, sid, SLOTS, ref, reading, filters)
                assert_same(python_team(con, sid, ref, reading, filters), sql)
    assert team.load(con, D, create_service(con, Profile("empty")), SLOTS, national).members == ()
    forms = analysis.load_forms(con, sid, SLOTS)
    assert team.periods(con, sid) == periods
    expected_split, got_split = analysis.team_split(forms), team.split(con, sid, SLOTS)
    assert (expected_split is None) == (got_split is None)
    if expected_split:
        assert got_split.keys() == expected_split.keys()
        assert all(close(got_split[k], v) for k, v in expected_split.items())
    for code in (None, forms[0].code):
        history = [analysis.analyse(D, SLOTS, f, national) for f in forms if code is None or f.code == code]
        expected = {(r["period"], r["series"]): r["pct"] for r in analysis_view.trend_rows(D, history)}
        got = {(end, names[gid]): pct for end, gid, pct in team.trend(con, D, sid, SLOTS, code)}
        assert expected.keys() == got.keys() and all(close(expected[k], got[k]) for k in got)
