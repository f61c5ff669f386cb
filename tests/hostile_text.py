"""Hostile user text in every field a user can fill: a Markdown image pointing at a loopback port (a
page that renders it would make colleagues' browsers fetch it), formula prefixes, a code with a
slash (not a valid sheet name), a vertical tab (refused by xlsx writers), shortcodes and list
markers. `seed` puts them into a store through the app's own functions and uploads."""

from __future__ import annotations

from dataclasses import dataclass

from lib import domain
from lib.demo import samples
from lib.intake import imports
from lib.intake import reading as ingest
from lib.quality import assessments
from lib.quality.assessments import PlanItem
from lib.store.services import Profile, create_service
from lib.workload import reference_view as view
from lib.workload import versions

D = domain.load()


def image(port: int, what: str) -> str:
    return f"![{what}](http://127.0.0.1:{port}/{what}.png)"


@dataclass(frozen=True)
class Seeded:
    service_id: int
    assessment_id: int
    service_name: str
    member: str
    version: str
    file_name: str


def batch_csv(port: int) -> bytes:
    """Two workers: code SD/01 with a vertical tab and an image in the name, and code =1+1."""
    period, workers, _ = samples.load_content()
    text = samples.batch_csv(D, [workers[2]], period).decode("cp1257")
    header, *rows = text.strip().split("\r\n")
    first = [r.replace("SD03;;", f"SD/01;Jānis\x0bBērziņš {image(port, 'worker')};", 1) for r in rows]
    second = [r.replace("SD03;;", "=1+1;@SUM(A1);", 1) for r in rows]
    return ("\r\n".join([header, *first, *second]) + "\r\n").encode("utf-8")


def seed(con, port: int) -> Seeded:
    name = f"{image(port, 'service')} :material/home: =1+1 dienests"
    sid = create_service(con, Profile(name, "1. novads", 1000, "city"))
    file_name = f"{image(port, 'file')}_=1+1.csv"
    [outcome] = imports.process(con, sid, [(file_name, batch_csv(port))], ingest.context(D), image(port, "who"))
    assert outcome.status == imports.IMPORTED, [p.key for p in outcome.parsed.problems]
    slots = view.slots(D)
    values = {s.id: s.national_pct for s in slots}
    version = f"=1+1 {image(port, 'version')}"
    versions.save(con, sid, slots, version, "@autors", values, {slots[0].id: f"=HYPERLINK(\"x\") {image(port, 'why')}"},
                  activate=True)
    member = f"{image(port, 'member')} =1+1\x0b"
    aid = assessments.create(con, sid, 2026, "base", image(port, "title"), [member, "- Anna", "1. Jānis"], None)
    snap = assessments.load(con, sid, aid)
    first = next(m.id for m in snap.members if m.name.startswith("!"))
    item = "1.1.1"
    assessments.set_individual(con, sid, aid, first, "practice", item, 55)
    assessments.add_evidence(con, sid, aid, item, f"{image(port, 'evidence')} =1+1",
                             f"javascript:alert(1) {image(port, 'link')}")
    results_sub = next(sc.id for sc in D.catalogue.subcriteria if sc.criterion_id == "6")
    group = assessments.add_group(con, sid, aid, results_sub, f"=1+1 {image(port, 'group')}")
    assessments.add_indicator(con, sid, aid, group, f"{image(port, 'indicator')} @x", "=%", 5.0, {2026: 4.0})
    assessments.add_custom_practice(con, sid, "1.1", f"{image(port, 'practice')} :red[sarkans]")
    assessments.add_plan_item(con, sid, aid, PlanItem(0, f"=1+1 {image(port, 'plan')}", goal="@mērķis"))
    return Seeded(sid, aid, name, member.replace("\x0b", ""), version, file_name)
