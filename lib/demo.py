"""Demonstration data: a clearly labelled DEMO service a newcomer can explore and then remove.

Generated (seeded, so the same every time) rather than shipped, and flagged `is_demo` on every row
so it can be told apart and removed without touching the user's own data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import duckdb

from lib import db
from lib.services import Profile, delete_service, insert_service, list_services

DEMO_PROFILE = Profile(
    name="DEMO – Parauga novada sociālais dienests",
    municipality="DEMO novads",
    inhabitants=24_300,
    territory_type="mixed",
)

POSITIONS = ("social_worker", "senior_social_worker")
SPECIALISATIONS = ("families", "youth", "adults", "seniors", "mixed")
TERRITORIES = ("city", "rural")


@dataclass(frozen=True)
class DemoWorker:
    code: str
    position: str
    specialisation: str
    territory: str
    fte: float
    social_work_share: float


def demo_workers(count: int = 8, seed: int = 2023) -> list[DemoWorker]:
    """A small, varied team: mostly full-time, one senior, one mixed post (social work 80 %)."""
    rng = random.Random(seed)
    workers = []
    for i in range(1, count + 1):
        workers.append(
            DemoWorker(
                code=f"DEMO-SD{i:02d}",
                position=POSITIONS[1] if i == 1 else POSITIONS[0],
                specialisation=SPECIALISATIONS[(i - 1) % len(SPECIALISATIONS)],
                territory=TERRITORIES[0] if i % 2 else TERRITORIES[1],
                fte=rng.choice((1.0, 1.0, 1.0, 0.75, 0.5)),
                social_work_share=80.0 if i == count else 100.0,
            )
        )
    return workers


def demo_service_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [s.id for s in list_services(con) if s.is_demo]


def load_demo(con: duckdb.DuckDBPyConnection) -> int:
    """Create the DEMO service with its team; returns its id (the existing one if already loaded)."""
    existing = demo_service_ids(con)
    if existing:
        return existing[0]
    with db.unit(con) as cur:
        service_id = insert_service(cur, DEMO_PROFILE, is_demo=True)
        for w in demo_workers():
            cur.execute(
                "INSERT INTO workers (service_id, code, position, specialisation, territory, fte,"
                " social_work_share, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, TRUE)",
                [service_id, w.code, w.position, w.specialisation, w.territory, w.fte, w.social_work_share],
            )
        db.audit(cur, service_id, "load", "demo", service_id)
    return service_id


def remove_demo(con: duckdb.DuckDBPyConnection) -> int:
    """Delete every DEMO service with all its rows; returns how many services were removed."""
    ids = demo_service_ids(con)
    for service_id in ids:
        delete_service(con, service_id)
    return len(ids)
