"""Demonstration data: a clearly labelled DEMO service a newcomer can explore and then remove.

Its data is the invented sample forms of data/samples, imported through the real upload path (so
the demo shows exactly what an upload produces), with every row flagged `is_demo` so it can be told
apart and removed without touching the user's own data.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb

from lib.demo import samples
from lib.domain import Catalogue
from lib.intake import imports, reading
from lib.principal import requires
from lib.quality import assessments
from lib.quality import member_form as form
from lib.store import db
from lib.store.services import Profile, delete_service, insert_service, list_services, set_demo

DEMO_PROFILE = Profile(
    name="DEMO – Parauga novada sociālais dienests",
    municipality="DEMO novads",
    inhabitants=24_300,
    territory_type="mixed",
)
DEMO_ACTOR = "DEMO"


def demo_service_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [s.id for s in list_services(con) if s.is_demo]


@requires("services")
def load_demo(con: duckdb.DuckDBPyConnection, ctx: reading.Context) -> int:
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
    try:
        _demo_assessments(con, service_id, ctx.domain.catalogue)
    except Exception:
        delete_service(con, service_id)
        raise
    return service_id


def _demo_assessments(con: duckdb.DuckDBPyConnection, service_id: int, cat: Catalogue) -> None:
    """Two yearly self-assessments from data/samples/self_assessment.json; the members' scores go in
    through their filled forms, the way a working group member would bring them back."""
    content = json.loads((samples.SAMPLES_DIR / "self_assessment.json").read_text(encoding="utf-8"))
    previous = None
    for spec in content["assessments"]:
        copy = previous if spec.get("copy_previous") else None
        aid = assessments.create(con, service_id, spec["year"], spec["standard"], spec.get("title", ""),
                                 [] if copy else spec["members"], copy, DEMO_ACTOR, is_demo=True)
        snap = assessments.load(con, service_id, aid)
        for member in snap.members:
            scores = {("practice", k): v for k, v in spec.get("scores", {}).get(member.name, {}).items()}
            if scores:
                name = f"{member.name}.xlsx"
                parsed = form.parse_form(name, form.fill_form(form.export_form(cat, snap, member.id, "lv"), scores),
                                         cat, snap)
                if parsed.problems:
                    raise RuntimeError(f"demo form not accepted: {parsed.problems}")
                assessments.set_individual_many(con, service_id, aid, member.id, parsed.scores, replace=True)
        for kind, agreed in spec.get("agreed", {}).items():
            for item, score in agreed.items():
                assessments.set_agreed(con, service_id, aid, kind, item, score)
        for e in spec.get("evidence", []):
            assessments.add_evidence(con, service_id, aid, e["practice"], e["text"], e["link"])
        for i in spec.get("indicators", []):
            assessments.add_indicator(con, service_id, aid, i["group"], i["name"], i["unit"], i["target"],
                                      {int(y): v for y, v in i["values"].items()})
        for p in spec.get("plan", []):
            assessments.add_plan_item(con, service_id, aid, assessments.PlanItem(
                0, p["priority"], p["goal"], p["expected_results"], p["indicators"], p["measures"], p["responsible"],
                date.fromisoformat(p["deadline"]), status=p["status"]))
        assessments.set_status(con, service_id, aid, spec["status"])
        previous = aid


@requires("services")
def remove_demo(con: duckdb.DuckDBPyConnection) -> int:
    """Remove the demonstration rows and nothing else; returns how many DEMO services were removed.

    A DEMO service refuses real uploads and profile edits, so it normally holds only demo rows and goes
    whole. One that received real uploads before that rule keeps them: its demo imports and demo
    assessments go, and it stays as an ordinary service."""
    removed = 0
    for service_id in demo_service_ids(con):
        own = [r for r in imports.history(con, service_id) if not r.is_demo]
        if not own:
            delete_service(con, service_id, to_trash=False)
            removed += 1
            continue
        for record in imports.history(con, service_id):
            if record.is_demo:
                imports.delete_import(con, service_id, record.id, DEMO_ACTOR)
        for a in assessments.list_assessments(con, service_id):
            if a.is_demo:
                assessments.delete(con, service_id, a.id, DEMO_ACTOR)
        set_demo(con, service_id, False)
    return removed
