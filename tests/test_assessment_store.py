"""Self-assessments in a real DuckDB file (lib/quality/assessments.py) and the member's form
(lib/quality/member_form.py): every write is stored at once and survives a restart, a failed write
leaves every table as it was, one service never sees another's assessment, and a form goes out and
comes back without changing a score."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lib.domain import load
from lib.i18n import LANGUAGES, t
from lib.intake.reading import read_sheets
from lib.quality import assessments as S
from lib.quality import member_form as F
from lib.quality import rules as A
from lib.store import db
from lib.store.services import SERVICE_TABLES, Profile, create_service, delete_service

CAT = load().catalogue
ASSESSMENT_TABLES = ("assessments", "assessment_members", "practice_decisions", "custom_practices",
                     "individual_scores", "agreed_scores", "evidence", "indicator_groups", "indicators",
                     "indicator_values", "plan_items", "plan_checks")
FIRST_ROW = F.HEADER_ROW + 1  # the first item row of an exported form (row 8)
# The base form of the `scored` fixture: 1.1.1 and 1.1.4 (rows 8-9), subcriterion 1.1's strengths, improvement
# areas and comments (rows 10-12), then 1.2.1-1.2.5 and 1.2.S1 (rows 13-18).
P12 = FIRST_ROW + 5  # 1.2.1


def _tables(con) -> dict[str, list[tuple]]:
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
    return {n: con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall() for n in names}


def _rows(con, table: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def _names(snap: S.Snapshot) -> list[str]:
    return [m.name for m in snap.members]


def _member(snap: S.Snapshot, name: str) -> int:
    return next(m.id for m in snap.members if m.name == name)


def _of(snap: S.Snapshot, member_id: int) -> dict[tuple[str, str], int]:
    return {(k, i): s for (m, k, i), s in snap.individual.items() if m == member_id}


def _populate(con, sid: int, year: int = 2024, standard: str = "base") -> int:
    """An assessment holding something in every table."""
    aid = S.create(con, sid, year, standard, "Pirmais", members=["Anna", "Jānis"])
    snap = S.load(con, sid, aid)
    anna, janis = _member(snap, "Anna"), _member(snap, "Jānis")
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.1.1"): 40, ("trends", "6.1.1"): 20}, replace=True)
    S.set_individual_many(con, sid, aid, janis, {("practice", "1.1.1"): 80, ("goals", "6.1.1"): 60}, replace=True)
    S.set_agreed(con, sid, aid, "criterion", "1", 55, "pamatojums")
    S.set_decision(con, sid, "2.3.4", "confirmed")
    S.add_custom_practice(con, sid, "1.2", "Mūsu prakse")
    S.add_evidence(con, sid, aid, "1.1.1", "Stratēģija", "https://example.lv")
    group = S.add_group(con, sid, aid, "6.1", "Mūsu grupa")
    S.add_indicator(con, sid, aid, group, "Rādītājs", "%", 80.0, {year - 1: 50.0, year: 60.0})
    S.add_plan_item(con, sid, aid, S.PlanItem(0, "Vadība"))
    S.set_check(con, sid, aid, "quality", 0, True)
    return aid


# --- the whole flow, across a restart ------------------------------------------------------------------


def test_full_flow_survives_a_restart(con, isolated_store):
    sid = create_service(con, Profile("Talsu novada sociālais dienests"))
    noise = create_service(con, Profile("Cits dienests"))
    _populate(con, noise)
    aid = S.create(con, sid, 2024, "base", "  Pašnovērtējums 2024 ", members=["Anna", " Jānis ", "Anna", "  "],
                   actor="tester")
    snap = S.load(con, sid, aid)
    assert _names(snap) == ["Anna", "Jānis"]  # trimmed, once each, blanks dropped
    a = snap.assessment
    assert (a.year, a.standard, a.status, a.title, a.copied_from) == (2024, "base", "individual",
                                                                         "Pašnovērtējums 2024", None)
    anna, janis = _member(snap, "Anna"), _member(snap, "Jānis")
    liga = S.add_member(con, sid, aid, "  Līga ")

    S.set_individual(con, sid, aid, anna, "practice", "1.1.1", 40)
    S.set_individual(con, sid, aid, anna, "practice", "1.1.4", 12.0)
    S.set_individual(con, sid, aid, anna, "practice", "1.1.4", None)  # cleared again
    janis_scores = {("practice", "1.1.1"): 80, ("practice", "1.1.4"): 55, ("practice", "1.2.1"): 0,
                    ("practice", "1.2.S1"): 100, ("trends", "6.1.1"): 30, ("goals", "6.1.1"): 60,
                    ("practice", "2.3.4"): None}
    S.set_individual_many(con, sid, aid, janis, janis_scores, replace=False)  # more rows than one VALUES list
    S.set_individual(con, sid, aid, liga, "trends", "6.1.1", 70)

    S.set_agreed(con, sid, aid, "practice", "1.1.1", 60, " pamatojums ", "stiprās puses", "uzlabojumi")
    S.set_agreed(con, sid, aid, "subcriterion", "1.1", 55, "apakškritērijs")
    S.set_agreed(con, sid, aid, "criterion", "1", 50)
    S.set_agreed(con, sid, aid, "criterion", "2", 30, "vēl nav")
    S.set_agreed(con, sid, aid, "criterion", "2", None)  # cleared
    S.set_agreed(con, sid, aid, "group", "6.1.1", 35, strengths="dati")
    S.set_agreed(con, sid, aid, "trends", "6.1.1", 30)

    S.set_decision(con, sid, "2.3.4", "confirmed")
    S.set_decision(con, sid, "2.3.7", "excluded")
    S.set_decision(con, sid, "3.3.5", "excluded")
    S.set_decision(con, sid, "3.3.5", None)  # undecided again
    assert S.add_custom_practice(con, sid, "1.2", " Mūsu prakse ") == "1.2.S1"
    assert S.add_custom_practice(con, sid, "1.2", "Otra") == "1.2.S2"
    assert S.add_custom_practice(con, sid, "5.3", "Trešā") == "5.3.S1"

    S.add_evidence(con, sid, aid, "1.1.1", " Stratēģija 2024 ", " https://example.lv/s ")
    S.add_evidence(con, sid, aid, "1.2.S1", "Protokols")
    group = S.add_group(con, sid, aid, "6.1", " Klientu apmierinātība ")
    assert group.startswith("C") and group[1:].isdigit()
    ind = S.add_indicator(con, sid, aid, group, "Apmierināti klienti", "%", 80.0,
                          {2022: 61.5, 2023: None, 2024: 70})
    S.add_indicator(con, sid, aid, "6.1.1", "Klientu skaits", "", None, {2024: 120.0})
    item = S.PlanItem(0, " Vadība ", goal="Stratēģija", expected_results="Plāns", indicators="1 plāns",
                      measures="Darba grupa", responsible="Vadītājs", deadline=date(2025, 6, 30), resources="—",
                      is_change=True, status="in_progress", source="criterion:1")
    plan_id = S.add_plan_item(con, sid, aid, item)
    S.add_plan_item(con, sid, aid, S.PlanItem(0, "Personāls"))
    S.set_check(con, sid, aid, "quality", 0, True)
    S.set_check(con, sid, aid, "change", 2, True)
    S.set_check(con, sid, aid, "quality", 1, True)
    S.set_check(con, sid, aid, "quality", 1, False)
    S.set_status(con, sid, aid, "consensus")

    before = S.load(con, sid, aid)
    assert before.assessment.status == "consensus"
    assert _names(before) == ["Anna", "Jānis", "Līga"]
    assert _of(before, anna) == {("practice", "1.1.1"): 40}
    assert _of(before, janis) == {k: v for k, v in janis_scores.items() if v is not None}
    assert _of(before, liga) == {("trends", "6.1.1"): 70}
    assert before.agreed == {
        ("practice", "1.1.1"): S.Agreed(60, "pamatojums", "stiprās puses", "uzlabojumi"),
        ("subcriterion", "1.1"): S.Agreed(55, "apakškritērijs"),
        ("criterion", "1"): S.Agreed(50),
        ("group", "6.1.1"): S.Agreed(35, strengths="dati"),
        ("trends", "6.1.1"): S.Agreed(30),
    }
    assert before.agreed_scores("criterion") == {"1": 50}
    assert before.decisions == {"2.3.4": "confirmed", "2.3.7": "excluded"}
    assert before.custom == (A.CustomPractice("1.2.S1", "1.2", "Mūsu prakse"),
                             A.CustomPractice("1.2.S2", "1.2", "Otra"), A.CustomPractice("5.3.S1", "5.3", "Trešā"))
    assert [(e.practice_id, e.text, e.link) for e in before.evidence] == [
        ("1.1.1", "Stratēģija 2024", "https://example.lv/s"), ("1.2.S1", "Protokols", "")]
    assert before.groups == (S.CustomGroup(group, "6.1", "Klientu apmierinātība"),)
    assert [(i.id, i.group_id, i.name, i.unit, i.target, dict(i.values)) for i in before.indicators] == [
        (ind, group, "Apmierināti klienti", "%", 80.0, {2022: 61.5, 2024: 70.0}),
        (before.indicators[1].id, "6.1.1", "Klientu skaits", "", None, {2024: 120.0})]
    assert con.execute("SELECT count(*) FROM indicator_values WHERE indicator_id = ?", [ind]).fetchone() == (2,)
    assert before.plan[0] == S.PlanItem(plan_id, "Vadība", "Stratēģija", "Plāns", "1 plāns", "Darba grupa",
                                        "Vadītājs", date(2025, 6, 30), "—", True, "in_progress", "criterion:1")
    assert before.plan[1] == S.PlanItem(before.plan[1].id, "Personāls")
    assert before.checks == frozenset({("quality", 0), ("change", 2)})
    assert before.member_name(janis) == "Jānis" and before.member_name(-5) == "-5"
    assert sorted(before.individual_rows()) == sorted(
        [("Anna", "practice", "1.1.1", 40), ("Līga", "trends", "6.1.1", 70)]
        + [("Jānis", k, i, s) for (k, i), s in janis_scores.items() if s is not None])
    audit = con.execute("SELECT action, actor FROM audit_log WHERE service_id = ? AND entity = 'assessment'"
                        " ORDER BY id", [sid]).fetchall()
    assert audit[0] == ("create", "tester") and ("status", "local") in audit  # the laptop user: "local"

    everything = _tables(con)
    con.close()
    again = db.connect(isolated_store)  # a restart: a new process would open the same file
    try:
        assert S.load(again, sid, aid) == before
        assert S.list_assessments(again, sid) == [before.assessment]
        assert S.agreed_by_year(again, sid) == {2024: {"1": 50}}
        assert S.agreed_by_year(again, sid, "group") == {2024: {"6.1.1": 35}}
        assert _tables(again) == everything
    finally:
        again.close()


def test_list_assessments_newest_first_and_agreed_by_year_takes_the_latest_of_a_year(con):
    sid = create_service(con, Profile("A"))
    first = S.create(con, sid, 2023, "base")
    second = S.create(con, sid, 2024, "base")
    third = S.create(con, sid, 2024, "optimal", "otrais")
    assert [a.id for a in S.list_assessments(con, sid)] == [third, second, first]
    S.set_agreed(con, sid, first, "criterion", "1", 30)
    S.set_agreed(con, sid, second, "criterion", "1", 40)
    S.set_agreed(con, sid, second, "criterion", "2", 45)
    S.set_agreed(con, sid, third, "criterion", "1", 70)
    S.set_agreed(con, sid, third, "subcriterion", "1.1", 65)
    assert S.agreed_by_year(con, sid) == {2023: {"1": 30}, 2024: {"1": 70}}
    assert S.agreed_by_year(con, sid, "subcriterion") == {2024: {"1.1": 65}}
    rows = A.compare_years(S.agreed_by_year(con, sid), ("1", "2"), 2024)
    assert [(r.criterion_id, r.change) for r in rows] == [("1", 40), ("2", None)]


# --- copying an earlier year ---------------------------------------------------------------------------


def test_copy_from_carries_the_group_evidence_indicators_and_open_plan_but_no_scores(con):
    sid = create_service(con, Profile("A"))
    old = S.create(con, sid, 2023, "base", members=["Anna", "Jānis"])
    snap = S.load(con, sid, old)
    for m in snap.members:
        S.set_individual_many(con, sid, old, m.id, {("practice", "1.1.1"): 50, ("goals", "6.1.1"): 20}, replace=True)
    S.set_agreed(con, sid, old, "criterion", "1", 50, "pamatojums")
    S.set_agreed(con, sid, old, "practice", "1.1.1", 45)
    S.add_evidence(con, sid, old, "1.1.1", "Stratēģija", "https://example.lv")
    S.add_evidence(con, sid, old, "2.1.2", "Protokols")
    g1 = S.add_group(con, sid, old, "6.1", "Grupa viens")
    g2 = S.add_group(con, sid, old, "7.2", "Grupa divi")
    S.add_indicator(con, sid, old, g2, "Otrais", "gab.", None, {2022: 3.0, 2023: 4.0})
    S.add_indicator(con, sid, old, g1, "Pirmais", "%", 90.0, {2019: 10.0, 2023: 12.5})
    S.add_indicator(con, sid, old, "6.1.1", "Katalogā", "", 1.0, {})
    plans = {status: S.PlanItem(0, f"P {status}", goal="g", deadline=date(2024, 1, 31), is_change=True,
                                status=status, source="s") for status in A.PLAN_STATUSES}
    for item in plans.values():
        S.add_plan_item(con, sid, old, item)
    S.set_check(con, sid, old, "change", 1, True)
    source_before = S.load(con, sid, old)

    new = S.create(con, sid, 2024, "optimal", "Nākamais", members=["Līga", "Anna"], copy_from=old)
    copy = S.load(con, sid, new)
    assert (copy.assessment.copied_from, copy.assessment.standard, copy.assessment.status) == (old, "optimal",
                                                                                               "individual")
    assert _names(copy) == ["Anna", "Jānis", "Līga"]
    assert not {m.id for m in copy.members} & {m.id for m in source_before.members}
    assert copy.individual == {} and copy.agreed == {} and copy.checks == frozenset()
    assert [(e.practice_id, e.text, e.link) for e in copy.evidence] == [
        (e.practice_id, e.text, e.link) for e in source_before.evidence]
    assert not {e.id for e in copy.evidence} & {e.id for e in source_before.evidence}
    assert [(g.subcriterion_id, g.name) for g in copy.groups] == [("6.1", "Grupa viens"), ("7.2", "Grupa divi")]
    remap = {old_g.id: new_g.id for old_g, new_g in zip(source_before.groups, copy.groups, strict=True)}
    assert not set(remap) & set(remap.values())  # new ids
    assert [(remap.get(i.group_id, i.group_id), i.name, i.unit, i.target, dict(i.values))
            for i in source_before.indicators] == [
        (i.group_id, i.name, i.unit, i.target, dict(i.values)) for i in copy.indicators]
    assert [i.group_id for i in copy.indicators] == [remap[g2], remap[g1], "6.1.1"]
    assert [(p.priority, p.status) for p in copy.plan] == [("P planned", "planned"), ("P in_progress", "in_progress")]
    for p in copy.plan:
        assert p == S.PlanItem(p.id, *(getattr(plans[p.status], f) for f in S.PLAN_FIELDS))
    assert S.load(con, sid, old) == source_before  # the earlier year is kept as it was (bar no timestamp)


def test_copy_from_another_service_or_a_missing_id_stores_nothing(con):
    sid = create_service(con, Profile("A"))
    other = create_service(con, Profile("B"))
    foreign = _populate(con, other)
    before = _tables(con)
    for source in (foreign, 999_999):
        with pytest.raises(S.AssessmentError) as caught:
            S.create(con, sid, 2024, "base", members=["Anna"], copy_from=source)
        assert caught.value.key == "not_found"
        assert _tables(con) == before


# --- errors leave every table unchanged -----------------------------------------------------------------


@pytest.fixture
def filled(con):
    """(service, its populated assessment, a second service with its own assessment); the service's
    newest assessment is an empty 2025 one."""
    sid = create_service(con, Profile("A"))
    aid = _populate(con, sid)
    S.create(con, sid, 2025, "base")
    other = create_service(con, Profile("B"))
    other_aid = _populate(con, other, 2023)
    return sid, aid, other, other_aid


def _first_member(con, sid, aid) -> int:
    return S.load(con, sid, aid).members[0].id


ERRORS = {
    "year too early": (S.AssessmentError, "year", lambda c, s, a, o: S.create(c, s, 1999, "base")),
    "year too late": (S.AssessmentError, "year", lambda c, s, a, o: S.create(c, s, 2101, "base")),
    "year as text": (S.AssessmentError, "year", lambda c, s, a, o: S.create(c, s, "2024", "base")),
    "year as float": (S.AssessmentError, "year", lambda c, s, a, o: S.create(c, s, 2024.0, "base")),
    "bad standard": (S.AssessmentError, "standard", lambda c, s, a, o: S.create(c, s, 2024, "premium")),
    "empty member": (S.AssessmentError, "member_name", lambda c, s, a, o: S.add_member(c, s, a, "   ")),
    "duplicate member": (S.AssessmentError, "member_exists", lambda c, s, a, o: S.add_member(c, s, a, " Anna ")),
    "unknown member": (S.AssessmentError, "member_unknown", lambda c, s, a, o: S.set_individual_many(
        c, s, a, 999_999, {("practice", "1.1.1"): 50}, replace=True)),
    "member of another assessment": (S.AssessmentError, "member_unknown", lambda c, s, a, o: S.set_individual_many(
        c, s, S.list_assessments(c, s)[0].id, _first_member(c, s, a), {("practice", "1.1.1"): 5}, replace=False)),
    "individual kind": (S.AssessmentError, "kind", lambda c, s, a, o: S.set_individual_many(
        c, s, a, _first_member(c, s, a), {("practice", "1.1.2"): 5, ("criterion", "1"): 50}, replace=True)),
    "individual 101": (A.ScoreError, None, lambda c, s, a, o: S.set_individual_many(
        c, s, a, _first_member(c, s, a), {("practice", "1.1.2"): 5, ("practice", "1.1.4"): 101}, replace=True)),
    "agreed 101": (A.ScoreError, None, lambda c, s, a, o: S.set_agreed(c, s, a, "criterion", "1", 101, "x")),
    "agreed 12.5": (A.ScoreError, None, lambda c, s, a, o: S.set_agreed(c, s, a, "criterion", "1", 12.5)),
    "agreed kind": (S.AssessmentError, "kind", lambda c, s, a, o: S.set_agreed(c, s, a, "standard", "1", 50)),
    "status": (S.AssessmentError, "status", lambda c, s, a, o: S.set_status(c, s, a, "finished")),
    "decision": (S.AssessmentError, "decision", lambda c, s, a, o: S.set_decision(c, s, "2.3.4", "maybe")),
    "custom text": (S.AssessmentError, "practice_text", lambda c, s, a, o: S.add_custom_practice(c, s, "1.1", " ")),
    "evidence text": (S.AssessmentError, "evidence_text", lambda c, s, a, o: S.add_evidence(c, s, a, "1.1.1", "")),
    "group name": (S.AssessmentError, "group_name", lambda c, s, a, o: S.add_group(c, s, a, "6.1", "")),
    "indicator name": (S.AssessmentError, "indicator_name",
                       lambda c, s, a, o: S.add_indicator(c, s, a, "6.1.1", " ", "%", None, {2024: 1.0})),
    "plan priority": (S.AssessmentError, "plan_priority",
                      lambda c, s, a, o: S.add_plan_item(c, s, a, S.PlanItem(0, "  "))),
    "plan status": (S.AssessmentError, "status",
                    lambda c, s, a, o: S.add_plan_item(c, s, a, S.PlanItem(0, "x", status="paused"))),
    "plan status change": (S.AssessmentError, "status",
                           lambda c, s, a, o: S.update_plan_item(c, s, a, S.PlanItem(1, "x", status="paused"))),
    "check list": (S.AssessmentError, "check_list", lambda c, s, a, o: S.set_check(c, s, a, "other", 0, True)),
    "delete row table": (S.AssessmentError, "table", lambda c, s, a, o: S.delete_row(c, s, a, "assessments", a)),
    "missing assessment": (S.AssessmentError, "not_found", lambda c, s, a, o: S.set_status(c, s, 999_999, "plan")),
    "foreign assessment": (S.AssessmentError, "not_found", lambda c, s, a, o: S.set_agreed(c, s, o, "criterion",
                                                                                           "1", 10)),
}


def test_every_refused_write_changes_no_table(con, filled):
    """One store for all the cases (each opens its own unit of work, so they cannot leak into each other)."""
    sid, aid, _other, other_aid = filled
    before = _tables(con)
    for case, (error, key, call) in ERRORS.items():
        with pytest.raises(error) as caught:
            call(con, sid, aid, other_aid)
        assert caught.value.key == (key or "sa.error.score"), case
        assert _tables(con) == before, case


def test_a_duplicate_member_names_the_member(con, filled):
    sid, aid, *_ = filled
    with pytest.raises(S.AssessmentError) as caught:
        S.add_member(con, sid, aid, "Jānis")
    assert caught.value.params == {"name": "Jānis"}


def test_one_service_cannot_read_or_write_anothers_assessment(con, filled):
    sid, aid, other, other_aid = filled
    member = S.load(con, sid, aid).members[0].id
    assert S.load(con, other, aid) is None
    assert aid not in {a.id for a in S.list_assessments(con, other)}
    assert aid in {a.id for a in S.list_assessments(con, sid)}
    assert {a.id for a in S.list_assessments(con, other)} == {other_aid}
    writes = [
        lambda: S.delete(con, other, aid),
        lambda: S.set_status(con, other, aid, "plan"),
        lambda: S.add_member(con, other, aid, "Iebrucējs"),
        lambda: S.remove_member(con, other, aid, member),
        lambda: S.set_individual(con, other, aid, member, "practice", "1.1.1", 0),
        lambda: S.set_individual_many(con, other, aid, member, {("practice", "1.1.1"): 0}, replace=True),
        lambda: S.set_agreed(con, other, aid, "criterion", "1", 0),
        lambda: S.add_evidence(con, other, aid, "1.1.1", "x"),
        lambda: S.delete_row(con, other, aid, "evidence", S.load(con, sid, aid).evidence[0].id),
        lambda: S.add_group(con, other, aid, "6.1", "x"),
        lambda: S.add_indicator(con, other, aid, "6.1.1", "x", "", None, {2024: 1.0}),
        lambda: S.add_plan_item(con, other, aid, S.PlanItem(0, "x")),
        lambda: S.update_plan_item(con, other, aid, S.PlanItem(S.load(con, sid, aid).plan[0].id, "x", status="done")),
        lambda: S.set_check(con, other, aid, "change", 3, True),
        lambda: S.create(con, other, 2025, "base", copy_from=aid),
    ]
    before = _tables(con)
    for write in writes:
        with pytest.raises(S.AssessmentError) as caught:
            write()
        assert caught.value.key == "not_found"
        assert _tables(con) == before
    # decisions and own practices are the service's own: B's do not show in A's assessment
    S.set_decision(con, other, "2.3.7", "excluded")
    S.add_custom_practice(con, other, "1.1", "B prakse")
    snap = S.load(con, sid, aid)
    assert snap.decisions == {"2.3.4": "confirmed"}
    assert snap.custom == (A.CustomPractice("1.2.S1", "1.2", "Mūsu prakse"),)
    assert S.add_custom_practice(con, sid, "1.1", "A prakse") == "1.1.S1"  # numbering is per service too


# --- members and their scores ------------------------------------------------------------------------------


def test_replace_clears_all_of_that_members_scores_only(con):
    sid = create_service(con, Profile("A"))
    aid = S.create(con, sid, 2024, "base", members=["Anna", "Jānis"])
    snap = S.load(con, sid, aid)
    anna, janis = _member(snap, "Anna"), _member(snap, "Jānis")
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.1.1"): 40, ("practice", "1.1.4"): 50,
                                                 ("trends", "6.1.1"): 20}, replace=True)
    S.set_individual_many(con, sid, aid, janis, {("practice", "1.1.1"): 90}, replace=True)
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.1.1"): 60, ("practice", "1.2.1"): None,
                                                ("goals", "6.1.1"): 10}, replace=True)
    snap = S.load(con, sid, aid)
    assert _of(snap, anna) == {("practice", "1.1.1"): 60, ("goals", "6.1.1"): 10}
    assert _of(snap, janis) == {("practice", "1.1.1"): 90}
    # without replace: a merge, and None clears one score
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.1.1"): None, ("practice", "1.1.4"): 5},
                          replace=False)
    assert _of(S.load(con, sid, aid), anna) == {("practice", "1.1.4"): 5, ("goals", "6.1.1"): 10}
    S.set_individual_many(con, sid, aid, anna, {}, replace=True)  # an empty form clears the member's sheet
    snap = S.load(con, sid, aid)
    assert _of(snap, anna) == {} and _of(snap, janis) == {("practice", "1.1.1"): 90}


def test_remove_member_takes_their_individual_scores_but_not_the_agreed_ones(con):
    sid = create_service(con, Profile("A"))
    aid = S.create(con, sid, 2024, "base", members=["Anna", "Jānis"])
    snap = S.load(con, sid, aid)
    anna, janis = _member(snap, "Anna"), _member(snap, "Jānis")
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.1.1"): 40, ("trends", "6.1.1"): 20}, replace=True)
    S.set_individual_many(con, sid, aid, janis, {("practice", "1.1.1"): 90}, replace=True)
    S.set_agreed(con, sid, aid, "practice", "1.1.1", 60, "kopā")
    S.set_agreed(con, sid, aid, "criterion", "1", 55)
    agreed = S.load(con, sid, aid).agreed
    S.remove_member(con, sid, aid, anna)
    snap = S.load(con, sid, aid)
    assert _names(snap) == ["Jānis"]
    assert snap.individual == {(janis, "practice", "1.1.1"): 90}
    assert snap.agreed == agreed
    assert con.execute("SELECT count(*) FROM individual_scores WHERE member_id = ?", [anna]).fetchone() == (0,)
    assert S.add_member(con, sid, aid, "Anna") != anna  # the name is free again, with a new id


def test_deleting_an_assessment_or_one_row_touches_nothing_else(con):
    sid = create_service(con, Profile("A"))
    keep = _populate(con, sid, 2023)
    gone = _populate(con, sid, 2024)
    kept = S.load(con, sid, keep)
    snap = S.load(con, sid, gone)
    S.delete_row(con, sid, gone, "evidence", snap.evidence[0].id)
    S.delete_row(con, sid, gone, "plan_items", snap.plan[0].id)
    S.delete_row(con, sid, gone, "indicators", snap.indicators[0].id)
    after = S.load(con, sid, gone)
    assert after.evidence == () and after.plan == () and after.indicators == ()
    assert con.execute("SELECT count(*) FROM indicator_values WHERE indicator_id = ?",
                       [snap.indicators[0].id]).fetchone() == (0,)
    # a row id of another assessment of the same service is left alone, values included
    S.delete_row(con, sid, gone, "indicators", kept.indicators[0].id)
    S.delete_row(con, sid, gone, "evidence", kept.evidence[0].id)
    assert S.load(con, sid, keep) == kept
    S.delete(con, sid, gone)
    assert S.load(con, sid, gone) is None
    for table in ASSESSMENT_TABLES:
        if table not in ("assessments", "indicator_values", "practice_decisions", "custom_practices"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE assessment_id = ?", [gone]).fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM indicator_values v WHERE NOT EXISTS"
                       " (SELECT 1 FROM indicators i WHERE i.id = v.indicator_id)").fetchone() == (0,)
    assert S.load(con, sid, keep) == kept
    assert [a.id for a in S.list_assessments(con, sid)] == [keep]


def test_delete_service_removes_every_assessment_row_it_owns(con):
    owned = {r[0] for r in con.execute("SELECT table_name FROM information_schema.columns"
                                       " WHERE column_name = 'service_id'").fetchall()}
    assert owned <= set(SERVICE_TABLES)  # a table with service rows that delete_service forgets would leak
    assert set(ASSESSMENT_TABLES) <= owned
    gone = create_service(con, Profile("A"))
    stay = create_service(con, Profile("B"))
    _populate(con, gone, 2023)
    _populate(con, gone, 2024)
    _populate(con, stay, 2024)
    counts = {t: con.execute(f"SELECT count(*) FROM {t} WHERE service_id = ?", [gone]).fetchone()[0]
              for t in ASSESSMENT_TABLES}
    assert all(counts.values()), counts  # the fixture really wrote to every table
    kept = {t: con.execute(f"SELECT * FROM {t} WHERE service_id = ? ORDER BY ALL", [stay]).fetchall()
            for t in ASSESSMENT_TABLES}
    delete_service(con, gone)
    for table in ASSESSMENT_TABLES:
        assert con.execute(f"SELECT count(*) FROM {table} WHERE service_id = ?", [gone]).fetchone() == (0,), table
        assert con.execute(f"SELECT * FROM {table} WHERE service_id = ? ORDER BY ALL", [stay]).fetchall() == kept[table]
    assert S.list_assessments(con, gone) == []


# --- the member's form -----------------------------------------------------------------------------------


def test_a_plan_row_and_an_indicator_are_edited_in_place_and_only_in_their_assessment(con):
    sid = create_service(con, Profile("A"))
    aid = S.create(con, sid, 2025, "base", members=["Anna"])
    other = S.create(con, sid, 2024, "base")
    row = S.add_plan_item(con, sid, aid, S.PlanItem(0, "Līderība", source="criterion:1"))
    S.update_plan_item(con, sid, aid, S.PlanItem(row, "Līderība", goal="SMART mērķis", deadline=date(2026, 6, 30),
                                                 status="in_progress", source="criterion:1"))
    assert S.load(con, sid, aid).plan == (S.PlanItem(row, "Līderība", goal="SMART mērķis", deadline=date(2026, 6, 30),
                                                     status="in_progress", source="criterion:1"),)
    ind = S.add_indicator(con, sid, aid, "6.1.1", "Apmierinātība", "%", 80, {2023: 60.0, 2024: 62.5})
    S.set_indicator(con, sid, aid, ind, "punkti", None, {2023: 60.0, 2024: None, 2025: 70.25})
    got = S.load(con, sid, aid).indicators[0]
    assert (got.unit, got.target, dict(got.values)) == ("punkti", None, {2023: 60.0, 2025: 70.25})
    before = _tables(con)
    for call in (lambda: S.update_plan_item(con, sid, other, S.PlanItem(row, "X")),
                 lambda: S.set_indicator(con, sid, other, ind, "", None, {}),
                 lambda: S.update_plan_item(con, sid, aid, S.PlanItem(row, " "))):
        with pytest.raises(S.AssessmentError):
            call()
    assert _tables(con) == before


@pytest.fixture
def scored(con):
    """(service, assessment, member id) with practice, own-practice, trends and goals scores, and a 2nd member."""
    sid = create_service(con, Profile("A"))
    aid = S.create(con, sid, 2024, "base", members=["Anna", "Jānis"])
    S.add_custom_practice(con, sid, "1.2", "Mūsu prakse")
    S.set_decision(con, sid, "2.3.7", "excluded")
    group = S.add_group(con, sid, aid, "7.1", "Mūsu grupa")
    snap = S.load(con, sid, aid)
    anna, janis = _member(snap, "Anna"), _member(snap, "Jānis")
    S.set_individual_many(con, sid, aid, anna, {
        ("practice", "1.1.1"): 45, ("practice", "1.1.4"): 0, ("practice", "1.2.S1"): 100, ("practice", "2.3.4"): 12,
        ("trends", "6.1.1"): 20, ("goals", "6.1.1"): 70, ("trends", group): 33, ("goals", "8.3.1"): 81,
    }, replace=True)
    S.set_individual_many(con, sid, aid, janis, {("practice", "1.1.1"): 90}, replace=True)
    return sid, aid, anna


def _guarded_store(con, sid, aid, parsed: F.ParsedForm) -> None:
    """What the page does with an upload: store the sheet only when there are no problems, item by item
    (an empty score cell clears that score; notes and texts as the sheet holds them)."""
    if not parsed.problems:
        S.set_individual_many(con, sid, aid, parsed.member_id, parsed.scores, replace=False, notes=parsed.notes,
                              comments=parsed.comments)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unchanged_form_comes_back_with_the_same_scores(con, scored, lang):
    sid, aid, anna = scored
    snap = S.load(con, sid, aid)
    data = F.export_form(CAT, snap, anna, lang)
    items = F.form_items(CAT, snap, lang)
    assert ("practice", "1.2.S1") in {(i.kind, i.id) for i in items}
    assert ("practice", "2.3.7") not in {(i.kind, i.id) for i in items}  # excluded by the service
    parsed = F.parse_form("veidlapa.xlsx", data, CAT, snap)
    assert parsed.problems == ()
    assert parsed.member_id == anna
    assert set(parsed.scores) == {(i.kind, i.id) for i in items}
    assert {k: v for k, v in parsed.scores.items() if v is not None} == _of(snap, anna)
    before = _tables(con)
    _guarded_store(con, sid, aid, parsed)
    after = _tables(con)
    assert after["individual_scores"] == before["individual_scores"]
    assert S.load(con, sid, aid).individual == snap.individual


def test_a_filled_form_replaces_the_members_sheet(con, scored):
    sid, aid, anna = scored
    snap = S.load(con, sid, aid)
    book = load_workbook(io.BytesIO(F.export_form(CAT, snap, anna, "lv")))
    ws = book.worksheets[0]
    assert ws.cell(FIRST_ROW, 1).value == "1.1.1"
    ws.cell(FIRST_ROW, 6).value = None  # cleared
    ws.cell(P12, 6).value = "55"  # typed as text
    ws.cell(P12 + 1, 6).value = 60.0
    data = _save(book)
    parsed = F.parse_form("veidlapa.xlsx", data, CAT, snap)
    assert parsed.problems == ()
    _guarded_store(con, sid, aid, parsed)
    expected = dict(_of(snap, anna))
    del expected[("practice", "1.1.1")]
    expected[("practice", ws.cell(P12, 1).value)] = 55
    expected[("practice", ws.cell(P12 + 1, 1).value)] = 60
    after = S.load(con, sid, aid)
    assert _of(after, anna) == expected
    assert _of(after, _member(after, "Jānis")) == {("practice", "1.1.1"): 90}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fill_form_types_scores_a_member_would(con, scored, lang):
    sid, aid, anna = scored
    snap = S.load(con, sid, aid)
    typed = {("practice", "1.1.1"): 5, ("practice", "1.1.4"): None, ("goals", "6.1.1"): 100, ("trends", "9.9"): 1}
    parsed = F.parse_form("f.xlsx", F.fill_form(F.export_form(CAT, snap, anna, lang), typed), CAT, snap)
    assert parsed.problems == ()
    expected = {**_of(snap, anna), ("practice", "1.1.1"): 5, ("goals", "6.1.1"): 100}
    del expected[("practice", "1.1.4")]
    assert {k: v for k, v in parsed.scores.items() if v is not None} == expected  # an id not in the form is ignored


@pytest.mark.parametrize("name", ["=Anna", "-Jānis", "+371 Pēteris", "@liga"])
def test_a_name_the_export_protects_from_formulas_still_matches(con, name):
    sid = create_service(con, Profile("A"))
    aid = S.create(con, sid, 2024, "optimal", members=[name])
    snap = S.load(con, sid, aid)
    member = snap.members[0].id
    S.set_individual(con, sid, aid, member, "practice", "1.1.2", 30)
    snap = S.load(con, sid, aid)
    parsed = F.parse_form("f.xlsx", F.export_form(CAT, snap, member, "en"), CAT, snap)
    assert parsed.problems == () and parsed.member_id == member
    assert parsed.scores[("practice", "1.1.2")] == 30


def test_the_form_saved_as_csv_reads_the_same(con, scored):
    sid, aid, anna = scored
    snap = S.load(con, sid, aid)
    parsed = F.parse_form("veidlapa.csv", _as_csv(F.export_form(CAT, snap, anna, "lv")), CAT, snap)
    assert parsed.problems == () and parsed.member_id == anna
    assert {k: v for k, v in parsed.scores.items() if v is not None} == _of(snap, anna)


def test_the_form_round_trips_through_libreoffice(con, scored, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        if os.environ.get("CI") == "true":
            print("LibreOffice (soffice/libreoffice) is not on PATH; it is not required in CI: "
                  "the .ods round trip is skipped")
        pytest.skip("LibreOffice (soffice/libreoffice) is not on PATH")
    sid, aid, anna = scored
    snap = S.load(con, sid, aid)
    xlsx = tmp_path / "veidlapa.xlsx"
    xlsx.write_bytes(F.export_form(CAT, snap, anna, "lv"))
    out = tmp_path / "out"
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "ods", "--outdir", str(out), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    ods = out / "veidlapa.ods"
    assert ods.exists(), f"LibreOffice wrote no {ods.name}"
    parsed = F.parse_form(ods.name, ods.read_bytes(), CAT, snap)
    assert parsed.problems == ()
    assert parsed.member_id == anna
    assert {k: v for k, v in parsed.scores.items() if v is not None} == _of(snap, anna)
    before = _rows(con, "individual_scores")
    _guarded_store(con, sid, aid, parsed)
    assert _rows(con, "individual_scores") == before


def test_a_form_saved_by_libreoffice_is_read_the_same(con):
    """tests/corpus/self_assessment/libreoffice_form.ods: a member's exported form converted to .ods by
    LibreOffice 7.4 (so the reader meets LibreOffice's own cells, not openpyxl's). It names the
    assessment and member a fresh store creates with these same steps."""
    sid = create_service(con, Profile("LibreOffice"))
    aid = S.create(con, sid, 2025, "base", "", ["Anna Bērziņa"])
    snap = S.load(con, sid, aid)
    data = (Path(__file__).parent / "corpus" / "self_assessment" / "libreoffice_form.ods").read_bytes()
    parsed = F.parse_form("veidlapa.ods", data, CAT, snap)
    assert parsed.problems == (), [p.message("en") for p in parsed.problems]
    assert {k: v for k, v in parsed.scores.items() if v is not None} == {
        ("practice", "1.1.1"): 0, ("practice", "3.3.1"): 11,
        ("practice", "5.3.2"): 100, ("trends", "6.1.1"): 30, ("goals", "8.3.1"): 81}
    S.set_individual_many(con, sid, aid, parsed.member_id, parsed.scores, replace=True)
    assert len(S.load(con, sid, aid).individual) == 5


# --- the broken-file corpus ---------------------------------------------------------------------------------


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_csv(data: bytes, change: dict[tuple[int, int], str] | None = None) -> bytes:
    """The form's first sheet as a ;-separated CSV (as Excel saves it for a Latvian locale)."""
    rows = read_sheets("f.xlsx", data)[0].rows
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            value = (change or {}).get((r, c), value)
            text = "" if value is None else str(int(value)) if isinstance(value, float) and value.is_integer() \
                else str(value)
            cells.append('"' + text.replace('"', '""') + '"' if any(ch in text for ch in ';"\n') else text)
        lines.append(";".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _edit(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    ws.cell(P12 + 4, 6).value = 99  # a valid change too: storing anything would show
    change(ws)
    return _save(book)


def _set(cell: str, value):
    def change(ws):
        ws[cell] = value
    return change


def _duplicate_first_row(ws):
    last = ws.max_row
    for col in range(1, len(F.COLUMNS) + 1):
        ws.cell(last + 1, col).value = ws.cell(FIRST_ROW, col).value


def _other_assessment(con, sid):
    return S.create(con, sid, 2023, "base", members=["Anna"])


SHEET = t("sa.form.sheet", lang="lv")
# name → (file name, how to make it from the exported form, [(problem key, sheet, row, column letter)])
CORPUS = {
    "score 101": ("f.xlsx", lambda d, o: _edit(d, _set(f"F{FIRST_ROW}", 101)),
                  [("sa_bad_score", SHEET, 8, "F")]),
    "score -1": ("f.xlsx", lambda d, o: _edit(d, _set(f"F{FIRST_ROW + 1}", -1)),
                 [("sa_bad_score", SHEET, 9, "F")]),
    "score 12.5": ("f.xlsx", lambda d, o: _edit(d, _set(f"F{P12}", 12.5)),
                   [("sa_bad_score", SHEET, 13, "F")]),
    "score abc": ("f.xlsx", lambda d, o: _edit(d, _set(f"F{P12 + 1}", "abc")),
                  [("sa_bad_score", SHEET, 14, "F")]),
    "unknown item id": ("f.xlsx", lambda d, o: _edit(d, _set(f"A{P12 + 2}", "9.9.9")),
                        [("sa_unknown_item", SHEET, 15, "A")]),
    "a score on a subcriterion's text row": ("f.xlsx", lambda d, o: _edit(d, _set(f"F{FIRST_ROW + 2}", 50)),
                                             [("sa_score_on_comment", SHEET, 10, "F")]),
    "unknown subcriterion on a text row": ("f.xlsx", lambda d, o: _edit(d, _set(f"A{FIRST_ROW + 3}", "9.9")),
                                           [("sa_unknown_item", SHEET, 11, "A")]),
    "a note without a score": ("f.xlsx", lambda d, o: _edit(d, lambda ws: ws.cell(P12 + 3, 7, "tikai piezīme")),
                               [("sa_note_without_score", SHEET, 16, "G")]),
    "a text over the limit": ("f.xlsx", lambda d, o: _edit(d, _set(f"G{FIRST_ROW + 4}", "x" * (A.COMMENT_MAX + 1))),
                              [("sa_text_long", SHEET, 12, "G")]),
    "duplicate id row": ("f.xlsx", lambda d, o: _edit(d, _duplicate_first_row), "duplicate"),
    "unknown kind word": ("f.xlsx", lambda d, o: _edit(d, _set(f"B{P12 + 3}", "Rezultāts")),
                          [("sa_kind_unknown", SHEET, 16, "B")]),
    "member not in the group": ("f.xlsx", lambda d, o: _edit(d, _set("B5", "Svešinieks")),
                                [("sa_member_unknown", SHEET, 5, "B")]),
    "another assessment id": ("f.xlsx", lambda d, o: _edit(d, _set("B2", o)),
                              [("sa_other_assessment", SHEET, 2, "B")]),
    "header row deleted": ("f.xlsx", lambda d, o: _edit(d, lambda ws: ws.delete_rows(F.HEADER_ROW)),
                           [("sa_no_table", None, None, None)]),
    "empty file": ("f.xlsx", lambda d, o: b"", [("empty_file", None, None, None)]),
    "random bytes as xlsx": ("f.xlsx", lambda d, o: random.Random(7).randbytes(4096),
                             [("damaged", None, None, None)]),
    "csv with a bad score": ("f.csv", lambda d, o: _as_csv(d, {(FIRST_ROW + 1, 6): "101"}),
                             [("sa_bad_score", "", 9, "F")]),
}


@pytest.mark.parametrize("case", list(CORPUS))
def test_a_broken_form_points_at_the_cell_and_stores_nothing(con, scored, case):
    sid, aid, anna = scored
    other = _other_assessment(con, sid)
    snap = S.load(con, sid, aid)
    name, make, expected = CORPUS[case]
    data = make(F.export_form(CAT, snap, anna, "lv"), other)
    if expected == "duplicate":
        last = load_workbook(io.BytesIO(data)).worksheets[0].max_row
        expected = [("sa_duplicate_item", SHEET, last, "A")]
    before = _tables(con)

    parsed = F.parse_form(name, data, CAT, snap)
    assert [(p.key, p.sheet, p.row, p.column[0] if p.column else None) for p in parsed.problems] == expected
    for problem in parsed.problems:
        assert problem.file == name and problem.severity == "error"
        for lang in LANGUAGES:
            message = problem.message(lang)
            assert message and message != f"problem.{problem.key}" and "{" not in message
            assert name in problem.location(lang)
        if problem.column:
            assert problem.column[1:].startswith(" (")  # the letter, then the column's label
            assert problem.value
    # a sheet that names a known member still says whose it is; storing stays refused all the same
    whole_file = expected[0][2] is None
    assert parsed.member_id == (None if whole_file or case == "member not in the group" else anna)
    _guarded_store(con, sid, aid, parsed)
    assert _tables(con) == before


def test_the_bad_score_problem_shows_the_value_and_the_scale(con, scored):
    sid, aid, anna = scored
    snap = S.load(con, sid, aid)
    data = _edit(F.export_form(CAT, snap, anna, "lv"), _set(f"F{FIRST_ROW}", 12.5))
    (problem,) = F.parse_form("f.xlsx", data, CAT, snap).problems
    assert problem.value == "12,50"  # as read, in the language of the page that read it
    assert dict(problem.params) == {"low": 0, "high": 100}
    assert "0" in problem.message("en") and "100" in problem.message("lv")
    data = _edit(F.export_form(CAT, snap, anna, "lv"), _set("B2", 424242))
    (problem,) = F.parse_form("f.xlsx", data, CAT, snap).problems
    assert dict(problem.params) == {"year": 2024}
    assert "2024" in problem.message("en")


# --- a member's texts per subcriterion, notes, cleared scores (issue 15) ----------------------------------------


def test_the_member_form_round_trip_carries_notes_strengths_improvements_and_proposals(con, scored):
    """Seed 004 lines 7088-7102: each member scores every subcriterion and identifies improvement areas,
    then writes a summary per subcriterion; lines 7124-7128: the consensus meeting reviews each person's
    strengths and improvement areas per subcriterion; lines 4736-4740: the form's "Komentāri par
    apakškritērija vērtējumu un priekšlikumi uzlabojumiem". Download, fill, upload: all of it comes back."""
    sid, aid, anna = scored
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.1.4"): 0}, replace=False,
                          notes={("practice", "1.1.4"): "Nav plāna"},
                          comments={("1.1", "strengths"): "=Vīzija ir"})
    snap = S.load(con, sid, aid)
    data = F.export_form(CAT, snap, anna, "lv")
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + 4)]
    assert [r[:2] for r in rows] == [["1.1.1", "Prakse"], ["1.1.4", "Prakse"], ["1.1", "Stiprās puses"],
                                     ["1.1", "Uzlabojumu jomas"],
                                     ["1.1", "Komentāri par apakškritērija vērtējumu un priekšlikumi uzlabojumiem"]]
    assert rows[1][5:] == [0, "Nav plāna"] and rows[2][5:] == [None, "'=Vīzija ir"]  # formula-safe
    filled = F.fill_form(data, {("practice", "1.2.1"): 35}, notes={("practice", "1.2.1"): "Reizi gadā"},
                         comments={("1.1", "improvements"): "Komunikācija ar darbiniekiem",
                                   ("1.2", "proposals"): "Ieviest darbinieku attīstības pārrunas",
                                   ("6.1", "strengths"): "Aptauja katru gadu"})
    for data_in in (filled, _as_csv(filled)):
        parsed = F.parse_form("veidlapa.xlsx" if data_in is filled else "veidlapa.csv", data_in, CAT, snap)
        assert parsed.problems == ()
        assert parsed.comments[("1.1", "strengths")] == "=Vīzija ir"  # as the member meant it
        assert parsed.comments[("1.2", "proposals")] == "Ieviest darbinieku attīstības pārrunas"
    _guarded_store(con, sid, aid, F.parse_form("veidlapa.xlsx", filled, CAT, snap))
    after = S.load(con, sid, aid)
    assert {k: v for k, v in after.comments.items() if k[0] == anna} == {
        (anna, "1.1", "strengths"): "=Vīzija ir", (anna, "1.1", "improvements"): "Komunikācija ar darbiniekiem",
        (anna, "1.2", "proposals"): "Ieviest darbinieku attīstības pārrunas",
        (anna, "6.1", "strengths"): "Aptauja katru gadu"}
    assert after.notes[(anna, "practice", "1.2.1")] == "Reizi gadā"
    assert after.notes[(anna, "practice", "1.1.4")] == "Nav plāna"
    assert _of(after, anna) == {**_of(snap, anna), ("practice", "1.2.1"): 35}
    again = F.parse_form("f.xlsx", F.export_form(CAT, after, anna, "en"), CAT, after)  # and out again, unchanged
    assert again.problems == ()
    assert {k: v for k, v in again.notes.items() if v} == {k[1:]: v for k, v in after.notes.items() if k[0] == anna}
    assert {k: v for k, v in again.comments.items() if v} == {k[1:]: v for k, v in after.comments.items()
                                                               if k[0] == anna}


def test_an_emptied_score_cell_in_the_form_clears_that_score_and_nothing_else(con, scored):
    """Issue 15: a scored practice can be taken back to "no score": an empty score cell in the uploaded
    form clears it, the member is told which, and the other scores, notes and texts stay."""
    sid, aid, anna = scored
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.2.1"): 50}, replace=False,
                          notes={("practice", "1.2.1"): "Piezīme paliek"}, comments={("1.2", "strengths"): "Paliek"})
    snap = S.load(con, sid, aid)
    data = F.fill_form(F.export_form(CAT, snap, anna, "lv"), {("practice", "1.1.1"): None, ("goals", "6.1.1"): None})
    parsed = F.parse_form("f.xlsx", data, CAT, snap)
    assert parsed.problems == ()
    assert F.cleared(snap, parsed) == (("practice", "1.1.1"), ("goals", "6.1.1"))
    _guarded_store(con, sid, aid, parsed)
    after = S.load(con, sid, aid)
    expected = dict(_of(snap, anna))
    del expected[("practice", "1.1.1")], expected[("goals", "6.1.1")]
    assert _of(after, anna) == expected
    assert after.notes[(anna, "practice", "1.2.1")] == "Piezīme paliek"
    assert after.comments[(anna, "1.2", "strengths")] == "Paliek"
    assert _of(after, _member(after, "Jānis")) == {("practice", "1.1.1"): 90}


def test_a_form_without_the_note_column_keeps_the_stored_notes_and_texts(con, scored):
    """A form exported before notes were in it (or with the column deleted) changes scores only."""
    sid, aid, anna = scored
    S.set_individual_many(con, sid, aid, anna, {("practice", "1.1.1"): 45}, replace=False,
                          notes={("practice", "1.1.1"): "Sena piezīme"}, comments={("1.1", "proposals"): "Sens"})
    snap = S.load(con, sid, aid)
    book = load_workbook(io.BytesIO(F.fill_form(F.export_form(CAT, snap, anna, "lv"), {("practice", "1.1.1"): 46})))
    book.worksheets[0].delete_cols(F.COLUMNS.index("note") + 1)
    parsed = F.parse_form("f.xlsx", _save(book), CAT, snap)
    assert parsed.problems == () and parsed.notes is None and parsed.comments == {}
    _guarded_store(con, sid, aid, parsed)
    after = S.load(con, sid, aid)
    assert after.individual[(anna, "practice", "1.1.1")] == 46
    assert after.notes[(anna, "practice", "1.1.1")] == "Sena piezīme"
    assert after.comments[(anna, "1.1", "proposals")] == "Sens"


def test_members_writing_their_texts_at_once_never_overwrite_each_other(con):
    """One row per member, subcriterion and field (no shared row read and written back): 4 members save
    texts for the same subcriteria at the same moment and every text is stored."""
    import threading
    sid = create_service(con, Profile("Vienlaicīgi"))
    aid = S.create(con, sid, 2026, "base", members=[f"D{n}" for n in range(4)])
    members = [m.id for m in S.load(con, sid, aid).members]
    subs = [s.id for s in CAT.subcriteria][:6]
    errors: list[BaseException] = []

    def write(member: int) -> None:
        try:
            for n, sub in enumerate(subs):
                for fld in A.COMMENT_FIELDS:
                    S.set_individual_many(con, sid, aid, member, {("practice", "1.1.1"): n}, replace=False,
                                          comments={(sub, fld): f"{member} {sub} {fld}"})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(m,)) for m in members]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    got = S.load(con, sid, aid).comments
    assert got == {(m, sub, fld): f"{m} {sub} {fld}" for m in members for sub in subs for fld in A.COMMENT_FIELDS}


def test_remove_member_and_delete_take_their_texts_along(con, scored):
    sid, aid, anna = scored
    S.set_individual_many(con, sid, aid, anna, {}, replace=False, comments={("1.1", "strengths"): "x"})
    S.remove_member(con, sid, aid, anna)
    assert S.load(con, sid, aid).comments == {}
    assert con.execute("SELECT count(*) FROM member_comments").fetchone() == (0,)
    with pytest.raises(S.AssessmentError):
        S.set_individual_many(con, sid, aid, _member(S.load(con, sid, aid), "Jānis"), {}, replace=False,
                              comments={("1.1", "strengths"): "x" * (A.COMMENT_MAX + 1)})
