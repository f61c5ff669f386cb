"""Self-assessments in DuckDB: one per service and year (several allowed), the working group, each
member's scores, the agreed scores with comments, evidence, results indicators and the improvement
plan. Every write is one unit of work scoped by `service_id` and stored at once (survives a reload).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import duckdb

from lib import principal
from lib.i18n import Refused
from lib.principal import requires
from lib.quality.rules import (
    AGREED_KINDS,
    COMMENT_FIELDS,
    COMMENT_MAX,
    DECISIONS,
    INDIVIDUAL_KINDS,
    PLAN_STATUSES,
    STANDARDS,
    STATUSES,
    CustomPractice,
    check_score,
)
from lib.store import db, trash

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a sanity range for the year field, not a rule of the method
CHECK_LISTS: tuple[str, ...] = ("quality", "change")  # the seed's two self-check question lists
CARRIED_PLAN = ("planned", "in_progress")  # plan rows a copy carries into the next year


class AssessmentError(Refused):
    """Something the user must fix (catalog key sa.error.<key>)."""


@dataclass(frozen=True)
class Assessment:
    id: int
    year: int
    standard: str
    status: str
    title: str
    copied_from: int | None
    updated_at: datetime
    is_demo: bool = False


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    account_id: int | None = None  # the account that scores as this member (shared server)


@dataclass(frozen=True)
class Agreed:
    score: int
    rationale: str = ""
    strengths: str = ""
    improvements: str = ""


@dataclass(frozen=True)
class Evidence:
    id: int
    practice_id: str
    text: str
    link: str


@dataclass(frozen=True)
class CustomGroup:
    id: str  # "C<row id>", beside the catalogue's "6.1.1"
    subcriterion_id: str
    name: str


@dataclass(frozen=True)
class Indicator:
    id: int
    group_id: str
    name: str
    unit: str
    target: float | None
    values: Mapping[int, float]  # year → value


@dataclass(frozen=True)
class PlanItem:
    id: int
    priority: str
    goal: str = ""
    expected_results: str = ""
    indicators: str = ""
    measures: str = ""
    responsible: str = ""
    deadline: date | None = None
    resources: str = ""
    is_change: bool = False
    status: str = "planned"
    source: str = ""


PLAN_FIELDS: tuple[str, ...] = ("priority", "goal", "expected_results", "indicators", "measures", "responsible",
                                "deadline", "resources", "is_change", "status", "source")


@dataclass(frozen=True)
class Snapshot:
    """Everything one assessment holds, read in one go for the page and the exports."""

    assessment: Assessment
    members: tuple[Member, ...]
    individual: Mapping[tuple[int, str, str], int]  # (member id, kind, item) → score
    agreed: Mapping[tuple[str, str], Agreed]  # (kind, item) → agreed score and comments
    evidence: tuple[Evidence, ...]
    decisions: Mapping[str, str]
    custom: tuple[CustomPractice, ...]
    groups: tuple[CustomGroup, ...]
    indicators: tuple[Indicator, ...]
    plan: tuple[PlanItem, ...]
    checks: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    notes: Mapping[tuple[int, str, str], str] = field(default_factory=dict)  # (member id, kind, item) → note
    # (member id, subcriterion, field) → a member's strengths / improvements / proposals for a subcriterion
    comments: Mapping[tuple[int, str, str], str] = field(default_factory=dict)

    def member_name(self, member_id: int) -> str:
        return next((m.name for m in self.members if m.id == member_id), str(member_id))

    def individual_rows(self) -> list[tuple[str, str, str, int]]:
        """(member name, kind, item, score) for `assessment.spreads`."""
        return [(self.member_name(m), k, i, s) for (m, k, i), s in self.individual.items()]

    def agreed_scores(self, kind: str) -> dict[str, int]:
        return {item: a.score for (k, item), a in self.agreed.items() if k == kind}


_ASSESSMENT = ("SELECT id, year, standard, status, coalesce(title, ''), copied_from, updated_at,"
               " coalesce(is_demo, FALSE) FROM assessments")


def _own(cur: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int) -> None:
    """A missing or foreign assessment id stops the unit of work. Only a read: members write at the
    same time, and a write to the shared assessment row would make every two of them conflict."""
    row = cur.execute("SELECT 1 FROM assessments WHERE id = ? AND service_id = ?",
                      [assessment_id, service_id]).fetchone()
    if row is None:
        raise AssessmentError("not_found")


def _text(value: str | None) -> str:
    return (value or "").strip()


def list_assessments(con: duckdb.DuckDBPyConnection, service_id: int) -> list[Assessment]:
    with db.reader(con) as cur:
        rows = cur.execute(_ASSESSMENT + " WHERE service_id = ? ORDER BY year DESC, id DESC", [service_id]).fetchall()
    return [Assessment(*r) for r in rows]


@requires("assessment")
@db.retrying
def create(con: duckdb.DuckDBPyConnection, service_id: int, year: int, standard: str, title: str = "",
           members: Sequence[str] = (), copy_from: int | None = None, actor: str | None = None, *,
           is_demo: bool = False) -> int:
    """A new assessment in the individual-scoring stage.

    `copy_from` (an earlier assessment of the same service) carries over the working group, the
    evidence, the results indicators with their values, and the plan rows still open: a starting
    point. Scores are not copied — each year is scored afresh; the earlier one stays for comparison.
    """
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise AssessmentError("year", first=FIRST_YEAR, last=LAST_YEAR)
    if standard not in STANDARDS:
        raise AssessmentError("standard")
    names = _member_names(members)
    with db.unit(con) as cur:
        new_id = cur.execute(
            "INSERT INTO assessments (service_id, year, standard, status, title, copied_from, is_demo)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [service_id, year, standard, STATUSES[0], _text(title), copy_from, is_demo],
        ).fetchone()[0]
        if copy_from is not None:
            if cur.execute("SELECT 1 FROM assessments WHERE id = ? AND service_id = ?",
                           [copy_from, service_id]).fetchone() is None:
                raise AssessmentError("not_found")
            _copy(cur, service_id, copy_from, new_id)
        for name in names:
            cur.execute("INSERT INTO assessment_members (service_id, assessment_id, name) VALUES (?, ?, ?)"
                        " ON CONFLICT DO NOTHING", [service_id, new_id, name])
        db.audit(cur, service_id, "create", "assessment", new_id, f"{year} {standard}", actor)
    return int(new_id)


def _member_names(members: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in members:
        if _text(name):
            seen.setdefault(_text(name), None)
    return list(seen)


def _copy(cur: duckdb.DuckDBPyConnection, service_id: int, source: int, target: int) -> None:
    cur.execute("INSERT INTO assessment_members (service_id, assessment_id, name)"
                " SELECT service_id, ?, name FROM assessment_members WHERE assessment_id = ?", [target, source])
    cur.execute("INSERT INTO evidence (service_id, assessment_id, practice_id, text, link)"
                " SELECT service_id, ?, practice_id, text, link FROM evidence WHERE assessment_id = ? ORDER BY id",
                [target, source])
    group_ids = {}
    for old_id, sub, name in cur.execute("SELECT id, subcriterion_id, name FROM indicator_groups"
                                         " WHERE assessment_id = ? ORDER BY id", [source]).fetchall():
        new_group = cur.execute(
            "INSERT INTO indicator_groups (service_id, assessment_id, subcriterion_id, name) VALUES (?, ?, ?, ?)"
            " RETURNING id", [service_id, target, sub, name]).fetchone()[0]
        group_ids[f"C{old_id}"] = f"C{new_group}"
    for old_id, group_id, name, unit, target_value in cur.execute(
            "SELECT id, group_id, name, unit, target FROM indicators WHERE assessment_id = ? ORDER BY id",
            [source]).fetchall():
        new_id = cur.execute(
            "INSERT INTO indicators (service_id, assessment_id, group_id, name, unit, target)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [service_id, target, group_ids.get(group_id, group_id), name, unit, target_value]).fetchone()[0]
        cur.execute("INSERT INTO indicator_values (service_id, indicator_id, year, value)"
                    " SELECT service_id, ?, year, value FROM indicator_values WHERE indicator_id = ?", [new_id, old_id])
    columns = ", ".join(PLAN_FIELDS)
    cur.execute(f"INSERT INTO plan_items (service_id, assessment_id, {columns})"  # noqa: S608 constant names
                f" SELECT service_id, ?, {columns} FROM plan_items WHERE assessment_id = ? AND status IN (?, ?)"
                " ORDER BY id", [target, source, *CARRIED_PLAN])


@requires("assessment")
@db.retrying
def delete(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, actor: str | None = None) -> int:
    """The assessment with everything in it goes to the trash as one entry; returns the entry id."""
    with db.unit(con) as cur:
        row = cur.execute("SELECT year, coalesce(title, '') FROM assessments WHERE id = ? AND service_id = ?",
                          [assessment_id, service_id]).fetchone()
        if row is None:
            raise AssessmentError("not_found")
        label = f"{row[0]} {row[1]}".strip()
        parts: list[tuple[str, str, list[object]]] = [
            ("indicator_values", "indicator_id IN (SELECT id FROM indicators WHERE assessment_id = ?)",
             [assessment_id])]
        parts += [(table, "assessment_id = ?", [assessment_id])
                  for table in ("assessment_members", "individual_scores", "member_comments", "agreed_scores",
                                "evidence",
                                "indicator_groups", "indicators", "plan_items", "plan_checks")]
        parts.append(("assessments", "id = ?", [assessment_id]))
        return trash.discard(cur, service_id, "assessment", label, parts, actor)


@requires("assessment")
@db.retrying
def set_status(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, status: str) -> None:
    if status not in STATUSES:
        raise AssessmentError("status")
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        cur.execute("UPDATE assessments SET status = ?, updated_at = current_localtimestamp() WHERE id = ?",
                    [status, assessment_id])
        db.audit(cur, service_id, "status", "assessment", assessment_id, status)


@requires("assessment")
@db.retrying
def add_member(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, name: str) -> int:
    name = _text(name)
    if not name:
        raise AssessmentError("member_name")
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        if cur.execute("SELECT 1 FROM assessment_members WHERE assessment_id = ? AND name = ?",
                       [assessment_id, name]).fetchone():
            raise AssessmentError("member_exists", name=name)
        return int(cur.execute("INSERT INTO assessment_members (service_id, assessment_id, name) VALUES (?, ?, ?)"
                               " RETURNING id", [service_id, assessment_id, name]).fetchone()[0])


@requires("assessment")
@db.retrying
def remove_member(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, member_id: int,
                  actor: str | None = None) -> int:
    """The member and their individual scores go to the trash together (agreed scores stay: the
    group's); returns the trash entry id."""
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        row = cur.execute("SELECT name FROM assessment_members WHERE id = ? AND assessment_id = ?",
                          [member_id, assessment_id]).fetchone()
        if row is None:
            raise AssessmentError("member_unknown")
        return trash.discard(cur, service_id, "member", row[0], [
            ("individual_scores", "assessment_id = ? AND member_id = ?", [assessment_id, member_id]),
            ("member_comments", "assessment_id = ? AND member_id = ?", [assessment_id, member_id]),
            ("assessment_members", "assessment_id = ? AND id = ?", [assessment_id, member_id])], actor)


@requires("assessment")
@db.retrying
def link_member(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, member_id: int,
                account_id: int | None) -> None:
    """The account that scores as this working-group member (None: nobody signs in as them)."""
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        cur.execute("UPDATE assessment_members SET account_id = ? WHERE id = ? AND assessment_id = ?",
                    [account_id, member_id, assessment_id])
        db.audit(cur, service_id, "link", "assessment_member", member_id, str(account_id))


def own_members(snap: Snapshot, who: principal.Principal, service_id: int) -> tuple[Member, ...]:
    """The members `who` may score as: all for the head (entering paper forms), else their own."""
    if who.can("assessment", service_id):
        return snap.members
    return tuple(m for m in snap.members if who.account_id is not None and m.account_id == who.account_id)


def as_seen_by(snap: Snapshot, who: principal.Principal, service_id: int) -> Snapshot:
    """What `who` may read of the members' own work: everything for the head; for anyone else, before
    the consensus stage opens, only their own member's scores, notes and comments (members score
    independently, seed 004 lines 7088-7102)."""
    if who.can("assessment", service_id) or snap.assessment.status != STATUSES[0]:
        return snap
    mine = {m.id for m in own_members(snap, who, service_id)}
    return replace(snap, individual={k: v for k, v in snap.individual.items() if k[0] in mine},
                   notes={k: v for k, v in snap.notes.items() if k[0] in mine},
                   comments={k: v for k, v in snap.comments.items() if k[0] in mine})


def _may_score(cur: duckdb.DuckDBPyConnection, service_id: int, member_id: int) -> None:
    """The service's head scores for anyone (entering a paper form); a member only as themselves, the
    working-group member their account is linked to."""
    me = principal.current()
    if me.can("assessment", service_id):
        return
    principal.check("score", service_id)
    row = cur.execute("SELECT account_id FROM assessment_members WHERE id = ? AND service_id = ?",
                      [member_id, service_id]).fetchone()
    if row is None or row[0] is None or row[0] != me.account_id:
        raise principal.Denied("score", service_id)


def _check_item(kind: str, kinds: tuple[str, ...]) -> None:
    if kind not in kinds:
        raise AssessmentError("kind", kind=kind)


def set_individual(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, member_id: int,
                   kind: str, item_id: str, score: int | None) -> None:
    """One member's score for one item; None clears it."""
    set_individual_many(con, service_id, assessment_id, member_id, {(kind, item_id): score}, replace=False)


@db.retrying
def set_individual_many(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, member_id: int,
                        scores: Mapping[tuple[str, str], int | None], *, replace: bool,
                        notes: Mapping[tuple[str, str], str] | None = None,
                        comments: Mapping[tuple[str, str], str] | None = None) -> None:
    """A member's scores (and the notes beside them) and subcriterion comments in one unit of work,
    one row per item, so two members saving at once never touch each other's rows.

    A score of None clears the item (the member took it back: "no score"). An item given a score but
    no entry in `notes` keeps the note it has; a note is kept only beside a score. `comments`
    ((subcriterion, field) → text, "" removes it) are written only for the keys given. `replace` first
    clears all of the member's scores and notes (not the comments)."""
    notes = notes or {}
    comments = comments or {}
    rows, keep_note = [], []
    for (kind, item_id), score in scores.items():
        _check_item(kind, INDIVIDUAL_KINDS)
        if score is None:
            continue
        value = check_score(score)
        if (kind, item_id) in notes or replace:
            rows.append((service_id, assessment_id, member_id, kind, item_id, value, _text(notes.get((kind, item_id)))))
        else:
            keep_note.append((kind, item_id, value))
    texts = []
    for (sub, fld), text in comments.items():
        if fld not in COMMENT_FIELDS:
            raise AssessmentError("kind", kind=fld)
        if len(_text(text)) > COMMENT_MAX:
            raise AssessmentError("comment_long", item=sub, limit=COMMENT_MAX)
        if _text(text):
            texts.append((service_id, assessment_id, member_id, sub, fld, _text(text)))
    with db.unit(con) as cur:
        _may_score(cur, service_id, member_id)
        _own(cur, service_id, assessment_id)
        if cur.execute("SELECT 1 FROM assessment_members WHERE id = ? AND assessment_id = ?",
                       [member_id, assessment_id]).fetchone() is None:
            raise AssessmentError("member_unknown")
        if replace:
            cur.execute("DELETE FROM individual_scores WHERE assessment_id = ? AND member_id = ?",
                        [assessment_id, member_id])
        else:
            # the notes stay on the member's own rows, which no other member writes
            kept = {(k, i): n or "" for k, i, n in cur.execute(
                "SELECT kind, item_id, note FROM individual_scores WHERE assessment_id = ? AND member_id = ?",
                [assessment_id, member_id]).fetchall()} if keep_note else {}
            rows += [(service_id, assessment_id, member_id, kind, item_id, value, kept.get((kind, item_id), ""))
                     for kind, item_id, value in keep_note]
            for kind, item_id in scores:
                cur.execute("DELETE FROM individual_scores WHERE assessment_id = ? AND member_id = ? AND kind = ?"
                            " AND item_id = ?", [assessment_id, member_id, kind, item_id])
        db.insert(cur, "individual_scores",
                  ("service_id", "assessment_id", "member_id", "kind", "item_id", "score", "note"), rows)
        for sub, fld in comments:
            cur.execute("DELETE FROM member_comments WHERE assessment_id = ? AND member_id = ? AND subcriterion_id = ?"
                        " AND field = ?", [assessment_id, member_id, sub, fld])
        db.insert(cur, "member_comments",
                  ("service_id", "assessment_id", "member_id", "subcriterion_id", "field", "text"), texts)


@requires("assessment")
@db.retrying
def set_agreed(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, kind: str, item_id: str,
               score: int | None, rationale: str = "", strengths: str = "", improvements: str = "") -> None:
    """The group's agreed score for one item with its comments, exactly as entered; None clears it."""
    _check_item(kind, AGREED_KINDS)
    value = None if score is None else check_score(score)
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        cur.execute("DELETE FROM agreed_scores WHERE assessment_id = ? AND kind = ? AND item_id = ?",
                    [assessment_id, kind, item_id])
        if value is not None:
            cur.execute("INSERT INTO agreed_scores (service_id, assessment_id, kind, item_id, score, rationale,"
                        " strengths, improvements) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [service_id, assessment_id, kind, item_id, value, _text(rationale), _text(strengths),
                         _text(improvements)])
        db.audit(cur, service_id, "agree", "assessment", assessment_id, f"{kind} {item_id} = {value}")


@requires("assessment")
@db.retrying
def set_decision(con: duckdb.DuckDBPyConnection, service_id: int, practice_id: str, decision: str | None) -> None:
    """Confirm or exclude an unconfirmed base practice for this service (None = undecided again)."""
    if decision is not None and decision not in DECISIONS:
        raise AssessmentError("decision")
    with db.unit(con) as cur:
        cur.execute("DELETE FROM practice_decisions WHERE service_id = ? AND practice_id = ?",
                    [service_id, practice_id])
        if decision is not None:
            cur.execute("INSERT INTO practice_decisions VALUES (?, ?, ?)", [service_id, practice_id, decision])
        db.audit(cur, service_id, "decide", "practice", None, f"{practice_id} {decision}")


@requires("assessment")
@db.retrying
def add_custom_practice(con: duckdb.DuckDBPyConnection, service_id: int, subcriterion_id: str, text: str) -> str:
    """The service's own practice under a subcriterion, numbered <subcriterion>.S<n>."""
    text = _text(text)
    if not text:
        raise AssessmentError("practice_text")
    with db.unit(con) as cur:
        taken = {r[0] for r in cur.execute("SELECT code FROM custom_practices WHERE service_id = ?"
                                           " AND subcriterion_id = ?", [service_id, subcriterion_id]).fetchall()}
        n = 1
        while f"{subcriterion_id}.S{n}" in taken:
            n += 1
        code = f"{subcriterion_id}.S{n}"
        cur.execute("INSERT INTO custom_practices VALUES (?, ?, ?, ?)", [service_id, code, subcriterion_id, text])
        db.audit(cur, service_id, "create", "practice", None, code)
    return code


@requires("assessment")
@db.retrying
def add_evidence(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, practice_id: str,
                 text: str, link: str = "") -> None:
    if not _text(text):
        raise AssessmentError("evidence_text")
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        cur.execute("INSERT INTO evidence (service_id, assessment_id, practice_id, text, link) VALUES (?, ?, ?, ?, ?)",
                    [service_id, assessment_id, practice_id, _text(text), _text(link)])


ROW_KINDS = {"evidence": ("evidence", "text"), "indicators": ("indicator", "name"),
             "plan_items": ("plan_item", "priority")}


@requires("assessment")
@db.retrying
def delete_row(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, table: str, row_id: int,
               actor: str | None = None) -> int | None:
    """One evidence entry, indicator (with its values) or plan row to the trash; returns the entry id,
    or None when the row is not this assessment's (gone already, or another's: left alone)."""
    if table not in ROW_KINDS:
        raise AssessmentError("table")
    kind, label_column = ROW_KINDS[table]
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        row = cur.execute(f"SELECT {label_column} FROM {table} WHERE id = ? AND assessment_id = ?",  # noqa: S608
                          [row_id, assessment_id]).fetchone()
        if row is None:
            return None
        parts: list[tuple[str, str, list[object]]] = []
        if table == "indicators":
            parts.append(("indicator_values", "indicator_id = ?", [row_id]))
        parts.append((table, "id = ? AND assessment_id = ?", [row_id, assessment_id]))
        return trash.discard(cur, service_id, kind, row[0], parts, actor)


@requires("assessment")
@db.retrying
def add_group(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, subcriterion_id: str,
              name: str) -> str:
    if not _text(name):
        raise AssessmentError("group_name")
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        row_id = cur.execute("INSERT INTO indicator_groups (service_id, assessment_id, subcriterion_id, name)"
                             " VALUES (?, ?, ?, ?) RETURNING id",
                             [service_id, assessment_id, subcriterion_id, _text(name)]).fetchone()[0]
    return f"C{row_id}"


@requires("assessment")
@db.retrying
def add_indicator(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, group_id: str, name: str,
                  unit: str, target: float | None, values: Mapping[int, float | None]) -> int:
    """An indicator with its yearly values."""
    if not _text(name):
        raise AssessmentError("indicator_name")
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        row_id = cur.execute("INSERT INTO indicators (service_id, assessment_id, group_id, name, unit, target)"
                             " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             [service_id, assessment_id, group_id, _text(name), _text(unit), target]).fetchone()[0]
        _put_values(cur, service_id, row_id, values)
    return int(row_id)


def _put_values(cur: duckdb.DuckDBPyConnection, service_id: int, indicator_id: int,
                values: Mapping[int, float | None]) -> None:
    """An indicator's yearly values (years without a value are simply not stored)."""
    db.insert(cur, "indicator_values", ("service_id", "indicator_id", "year", "value"),
              [(service_id, indicator_id, year, float(v)) for year, v in sorted(values.items()) if v is not None])


def _plan_values(item: PlanItem) -> list[object]:
    if not _text(item.priority):
        raise AssessmentError("plan_priority")
    if item.status not in PLAN_STATUSES:
        raise AssessmentError("status")
    return [_text(v) if isinstance(v, str) else v for v in (getattr(item, f) for f in PLAN_FIELDS)]


@requires("assessment")
@db.retrying
def set_indicator(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, indicator_id: int,
                  unit: str, target: float | None, values: Mapping[int, float | None]) -> None:
    """An indicator's unit, target and yearly values as given (e.g. this year's value added to one
    carried over from last year's assessment)."""
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        if cur.execute("UPDATE indicators SET unit = ?, target = ? WHERE id = ? AND assessment_id = ? RETURNING id",
                       [_text(unit), target, indicator_id, assessment_id]).fetchone() is None:
            raise AssessmentError("not_found")
        cur.execute("DELETE FROM indicator_values WHERE indicator_id = ?", [indicator_id])
        _put_values(cur, service_id, indicator_id, values)


@requires("assessment")
@db.retrying
def add_plan_item(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, item: PlanItem) -> int:
    values = _plan_values(item)
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        marks = ", ".join("?" * len(PLAN_FIELDS))
        return int(cur.execute(f"INSERT INTO plan_items (service_id, assessment_id, {', '.join(PLAN_FIELDS)})"  # noqa: S608
                               f" VALUES (?, ?, {marks}) RETURNING id",
                               [service_id, assessment_id, *values]).fetchone()[0])


@requires("assessment")
@db.retrying
def update_plan_item(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, item: PlanItem) -> None:
    """Every column of plan row `item.id` as given (a seeded row gets its goal, measures … later)."""
    values = _plan_values(item)
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        columns = ", ".join(f"{f} = ?" for f in PLAN_FIELDS)
        if cur.execute(f"UPDATE plan_items SET {columns} WHERE id = ? AND assessment_id = ? RETURNING id",  # noqa: S608
                       [*values, item.id, assessment_id]).fetchone() is None:
            raise AssessmentError("not_found")


@requires("assessment")
@db.retrying
def set_check(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int, check_list: str, idx: int,
              checked: bool) -> None:
    if check_list not in CHECK_LISTS:
        raise AssessmentError("check_list")
    with db.unit(con) as cur:
        _own(cur, service_id, assessment_id)
        cur.execute("DELETE FROM plan_checks WHERE assessment_id = ? AND list = ? AND idx = ?",
                    [assessment_id, check_list, idx])
        if checked:
            cur.execute("INSERT INTO plan_checks VALUES (?, ?, ?, ?)", [service_id, assessment_id, check_list, idx])


def load(con: duckdb.DuckDBPyConnection, service_id: int, assessment_id: int) -> Snapshot | None:
    with db.reader(con) as cur:
        row = cur.execute(_ASSESSMENT + " WHERE id = ? AND service_id = ?", [assessment_id, service_id]).fetchone()
        if row is None:
            return None
        q = [assessment_id]
        members = tuple(Member(*r) for r in cur.execute(
            "SELECT id, name, account_id FROM assessment_members WHERE assessment_id = ? ORDER BY id", q).fetchall())
        individual, notes = {}, {}
        for m, k, i, s, note in cur.execute("SELECT member_id, kind, item_id, score, note FROM individual_scores"
                                            " WHERE assessment_id = ?", q).fetchall():
            individual[(m, k, i)] = s
            if note:
                notes[(m, k, i)] = note
        comments = {(m, sub, fld): text for m, sub, fld, text in cur.execute(
            "SELECT member_id, subcriterion_id, field, text FROM member_comments WHERE assessment_id = ?", q,
        ).fetchall()}
        agreed = {(k, i): Agreed(s, r or "", st or "", im or "") for k, i, s, r, st, im in cur.execute(
            "SELECT kind, item_id, score, rationale, strengths, improvements FROM agreed_scores"
            " WHERE assessment_id = ?", q).fetchall()}
        evidence = tuple(Evidence(i, p, t, lk or "") for i, p, t, lk in cur.execute(
            "SELECT id, practice_id, text, link FROM evidence WHERE assessment_id = ? ORDER BY id", q).fetchall())
        decisions = dict(cur.execute("SELECT practice_id, decision FROM practice_decisions WHERE service_id = ?",
                                     [service_id]).fetchall())
        custom = tuple(sorted((CustomPractice(*r) for r in cur.execute(
            "SELECT code, subcriterion_id, text FROM custom_practices WHERE service_id = ?", [service_id]).fetchall()),
            key=lambda c: (c.subcriterion_id, int(c.code.rsplit("S", 1)[1]))))  # 1.2.S2 before 1.2.S10
        groups = tuple(CustomGroup(f"C{i}", s, n) for i, s, n in cur.execute(
            "SELECT id, subcriterion_id, name FROM indicator_groups WHERE assessment_id = ? ORDER BY id", q).fetchall())
        values: dict[int, dict[int, float]] = {}
        for ind, year, value in cur.execute(
                "SELECT v.indicator_id, v.year, v.value FROM indicator_values v JOIN indicators i"
                " ON i.id = v.indicator_id WHERE i.assessment_id = ? ORDER BY v.year", q).fetchall():
            values.setdefault(ind, {})[year] = value
        indicators = tuple(Indicator(i, g, n, u or "", tg, values.get(i, {})) for i, g, n, u, tg in cur.execute(
            "SELECT id, group_id, name, unit, target FROM indicators WHERE assessment_id = ? ORDER BY id", q,
        ).fetchall())
        plan = tuple(PlanItem(r[0], *("" if v is None and f != "deadline" else v  # NULL text reads as ""
                                      for f, v in zip(PLAN_FIELDS, r[1:], strict=True)))
                     for r in cur.execute(f"SELECT id, {', '.join(PLAN_FIELDS)} FROM plan_items"  # noqa: S608
                                          " WHERE assessment_id = ? ORDER BY id", q).fetchall())
        checks = frozenset((lst, idx) for lst, idx in cur.execute(
            "SELECT list, idx FROM plan_checks WHERE assessment_id = ?", q).fetchall())
    return Snapshot(Assessment(*row), members, individual, agreed, evidence, decisions, custom, groups, indicators,
                    plan, checks, notes, comments)


def agreed_by_year(con: duckdb.DuckDBPyConnection, service_id: int,
                   kind: str = "criterion") -> dict[int, dict[str, int]]:
    """Agreed scores of one kind per year, from the latest assessment of each year that has any (for
    comparison: a new, still empty assessment does not hide its year's earlier one)."""
    with db.reader(con) as cur:
        rows = cur.execute(
            "WITH scored AS (SELECT a.year, max(a.id) AS id FROM assessments a JOIN agreed_scores s"
            " ON s.assessment_id = a.id AND s.kind = ? WHERE a.service_id = ? GROUP BY a.year)"
            " SELECT scored.year, s.item_id, s.score FROM scored JOIN agreed_scores s"
            " ON s.assessment_id = scored.id AND s.kind = ?", [kind, service_id, kind]).fetchall()
    out: dict[int, dict[str, int]] = {}
    for year, item, score in rows:
        out.setdefault(year, {})[item] = score
    return out
