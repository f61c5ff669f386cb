"""Demonstration data: a clearly labelled DEMO service a newcomer can explore and then remove.

Its data is the invented sample forms of data/samples, imported through the real upload path (so
the demo shows exactly what an upload produces), with every row flagged `is_demo` so it can be told
apart and removed without touching the user's own data.
"""

from __future__ import annotations

import duckdb

from lib import db, imports, ingest, samples
from lib.services import Profile, delete_service, insert_service, list_services

DEMO_PROFILE = Profile(
    name="DEMO – Parauga novada sociālais dienests",
    municipality="DEMO novads",
    inhabitants=24_300,
    territory_type="mixed",
)
DEMO_ACTOR = "DEMO"


def demo_service_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [s.id for s in list_services(con) if s.is_demo]


def load_demo(con: duckdb.DuckDBPyConnection, ctx: ingest.Context) -> int:
    """Create the DEMO service and import the sample forms into it; returns its id (the existing one
    if the demo is already loaded). If a sample cannot be imported, nothing of the demo is kept."""
    existing = demo_service_ids(con)
    if existing:
        return existing[0]
    with db.unit(con) as cur:
        service_id = insert_service(cur, DEMO_PROFILE, is_demo=True)
        db.audit(cur, service_id, "load", "demo", service_id)
    outcomes = imports.process(con, service_id, samples.sample_files(), ctx, DEMO_ACTOR, is_demo=True)
    failed = [o.parsed.name for o in outcomes if o.status != imports.IMPORTED]
    if failed:
        delete_service(con, service_id)
        raise RuntimeError(f"demo samples not imported: {failed}")
    return service_id


def remove_demo(con: duckdb.DuckDBPyConnection) -> int:
    """Delete every DEMO service with all its rows; returns how many services were removed."""
    ids = demo_service_ids(con)
    for service_id in ids:
        delete_service(con, service_id)
    return len(ids)
