"""Several people writing at once on one server (one DuckDB connection, a cursor per unit of work, as
the app runs): 4 members scoring and 2 facilitators saving and activating reference versions, at
human pace for 20 s and in a tight loop. Every write is stored exactly once; none is lost to a
DuckDB conflict and none raises."""

from __future__ import annotations

import random
import threading
import time

import pytest

from lib import domain
from lib.quality import assessments
from lib.quality import rules as A
from lib.store import db
from lib.store.services import Profile, create_service, get_service, update_profile
from lib.workload import reference_view as view
from lib.workload import versions

D = domain.load()
SLOTS = view.slots(D)
ITEMS = [p.id for p in A.practices(D.catalogue, "base", {}, ())][:40]


def _setup(con) -> tuple[int, int, list[int]]:
    sid = create_service(con, Profile("Vienlaicīgais dienests", "Rīga", 600_000, "city"))
    aid = assessments.create(con, sid, 2026, "base", "", [f"Dalībnieks {n}" for n in range(4)], None)
    members = [m.id for m in assessments.load(con, sid, aid).members]
    return sid, aid, members


def _run(con, seconds: float, pause: tuple[float, float]) -> None:
    sid, aid, members = _setup(con)
    stop = time.monotonic() + seconds
    last: dict[tuple[int, str], int] = {}
    saved: list[tuple[int, str]] = []
    activated: list[int] = []
    profiles: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def member(mid: int, seed: int) -> None:
        rng = random.Random(seed)
        try:
            while time.monotonic() < stop:
                item, score = rng.choice(ITEMS), rng.randint(0, 100)
                assessments.set_individual(con, sid, aid, mid, "practice", item, score)
                with lock:
                    last[(mid, item)] = score
                time.sleep(rng.uniform(*pause))
        except BaseException as exc:
            errors.append(exc)

    def facilitator(n: int) -> None:
        rng = random.Random(100 + n)
        values = {s.id: s.national_pct for s in SLOTS}
        k = 0
        try:
            while time.monotonic() < stop:
                k += 1
                name = f"F{n}-{k}"
                vid = versions.save(con, sid, SLOTS, name, f"Vadītājs {n}", values, {}, activate=True)
                with lock:
                    saved.append((vid, name))
                    activated.append(vid)
                if k % 3 == 0:
                    inhabitants = 500_000 + n * 1000 + k
                    update_profile(con, sid, Profile("Vienlaicīgais dienests", "Rīga", inhabitants, "city"))
                    with lock:
                        profiles.append(inhabitants)
                time.sleep(rng.uniform(*pause))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=member, args=(m, i)) for i, m in enumerate(members)]
    threads += [threading.Thread(target=facilitator, args=(n,)) for n in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()

    assert errors == []
    snap = assessments.load(con, sid, aid)
    stored = {(m, item): score for (m, kind, item), score in snap.individual.items()}
    assert stored == last  # every member's every item holds exactly the last score they typed
    listed = {(v.id, v.name) for v in versions.listing(con, sid)}
    assert listed == set(saved) and len(saved) == len({n for _, n in saved})
    with db.reader(con) as cur:
        rows = cur.execute("SELECT version_id FROM reference_activations WHERE service_id = ? ORDER BY id",
                           [sid]).fetchall()
    assert sorted(v for (v,) in rows) == sorted(activated)  # every activation recorded once
    active = next(v for v in versions.listing(con, sid) if v.is_active)
    assert active.id == rows[-1][0]
    assert get_service(con, sid).profile.inhabitants in profiles
    assert len(stored) > 8 and len(saved) >= 4


def test_at_human_pace_nothing_is_lost(con):
    _run(con, 20, (0.2, 2.0))


@pytest.mark.parametrize("seconds", [8])
def test_in_a_tight_loop_nothing_is_lost(con, seconds):
    _run(con, seconds, (0.0, 0.0))
