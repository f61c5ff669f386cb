"""A member scores a whole criterion in one grid: each practice (or results indicator group and
dimension) with the band of its stored score, the score and a note, saved once. Typed one field and
one rerun at a time, a base-standard scoring took ~120 actions per member; in a grid a member types
a column of scores (Enter moves down) and saves a criterion with one click.

Scores are typed as text and read here with the decimal comma or point, so `50,5` is refused in the
UI language, never read as 505 (a browser number field drops the comma). An emptied score cell is
"no score": the save clears it and says so.

Below the scores, a second grid holds what the member writes for each subcriterion of the criterion:
strengths, improvement areas, comments with improvement proposals (seed 004 lines 7088-7102 and the
form's comment box, lines 4736-4740); one save writes both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lib.domain import Band, Catalogue
from lib.i18n import NumberProblem, Refused, read_number
from lib.quality import guide
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.quality.member_form import result_groups

SCORE, NOTE = "score", "note"  # the editable columns
NOTE_MAX = A.NOTE_MAX


@dataclass(frozen=True)
class Row:
    kind: str  # practice, or a results dimension (trends / goals)
    item_id: str
    label: str  # what the member reads: practice text, or the indicator group and dimension
    score: int | None
    band: Band | None  # the stored score's band
    note: str
    status: str = ""  # a practice's standing in the standard (rules.Item.status); "" for results rows
    narrower: bool = False  # under the base standard the method scores a narrower wording (footnotes 24-42)


class NoteProblem(Refused):
    """A note the grid does not keep (the key is the whole catalog key)."""


@dataclass(frozen=True)
class Problem:
    item_id: str
    refused: Refused  # NumberProblem for a score, NoteProblem for a note

    @property
    def key(self) -> str:
        return self.refused.catalog_key


@dataclass(frozen=True)
class CommentRow:
    """One subcriterion of the criterion with the member's stored texts (field → text)."""

    subcriterion_id: str
    label: str
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Edits:
    """What a save writes: only the items whose score or note changed, and the changed comments."""

    scores: dict[tuple[str, str], int | None]
    notes: dict[tuple[str, str], str]
    problems: tuple[Problem, ...]
    comments: dict[tuple[str, str], str] = field(default_factory=dict)  # (subcriterion, field) → text
    cleared: tuple[tuple[str, str], ...] = ()  # (kind, item) whose stored score was emptied: now "no score"


def rows(cat: Catalogue, snap: Snapshot, items: Sequence[A.Item], member_id: int, criterion_id: str,
         lang: str, dimension_names: Mapping[str, str]) -> tuple[Row, ...]:
    """The grid of one criterion for one member, with what the member has stored."""

    narrower = guide.load().narrower if snap.assessment.standard == "base" else {}

    def row(kind: str, item_id: str, label: str, status: str = "") -> Row:
        score = snap.individual.get((member_id, kind, item_id))
        band = A.band(score, A.bands_for(cat, kind, item_id)) if score is not None else None
        return Row(kind, item_id, label, score, band, snap.notes.get((member_id, kind, item_id), ""), status,
                   kind == "practice" and item_id in narrower)

    if A.criterion_kind(cat, criterion_id) == "enabler":
        return tuple(row("practice", i.id, i.text(lang), i.status) for i in items if i.criterion_id == criterion_id)
    return tuple(row(dim, gid, f"{name} — {dimension_names[dim]}")
                 for gid, _, crit, name in result_groups(cat, snap, lang) if crit == criterion_id
                 for dim in cat.dimensions)


def comment_rows(cat: Catalogue, snap: Snapshot, member_id: int, criterion_id: str,
                 lang: str) -> tuple[CommentRow, ...]:
    """The criterion's subcriteria, each with what the member wrote for it."""
    return tuple(CommentRow(s.id, s.text_en if lang == "en" else s.text_lv,
                            {f: snap.comments.get((member_id, s.id, f), "") for f in A.COMMENT_FIELDS})
                 for s in cat.subcriteria if s.criterion_id == criterion_id)


def read(grid: Sequence[Row], edited: Mapping[int | str, Mapping[str, object]],
         comment_grid: Sequence[CommentRow] = (),
         comment_edits: Mapping[int | str, Mapping[str, object]] | None = None) -> Edits:
    """The cells a member changed (`edited`: row position → column → new value, as the grid reports
    them), each score read in the UI language's number format; any bad cell is named by its item
    and nothing is written until all are good. An emptied score cell clears the score (and its note)."""
    scores: dict[tuple[str, str], int | None] = {}
    notes: dict[tuple[str, str], str] = {}
    problems: list[Problem] = []
    cleared: list[tuple[str, str]] = []
    for position, cells in sorted(edited.items(), key=lambda e: int(e[0])):
        row = grid[int(position)]
        key = (row.kind, row.item_id)
        score = row.score
        if SCORE in cells:
            try:
                score = read_number(_text(cells[SCORE]), A.SCORE_MIN, A.SCORE_MAX, allow_empty=True)
            except NumberProblem as exc:
                problems.append(Problem(row.item_id, exc))
                continue
        note = _text(cells[NOTE]).strip() if NOTE in cells else row.note
        if len(note) > NOTE_MAX:
            problems.append(Problem(row.item_id, NoteProblem("sa.grid.note_long", limit=NOTE_MAX)))
            continue
        if note and score is None:
            if NOTE not in cells:  # the score was cleared: its note goes with it
                note = ""
            else:
                problems.append(Problem(row.item_id, NoteProblem("sa.grid.note_without_score")))
                continue
        if (score, note) != (row.score, row.note):
            scores[key] = score
            notes[key] = note
            if score is None and row.score is not None:
                cleared.append(key)
    comments: dict[tuple[str, str], str] = {}
    for position, cells in sorted((comment_edits or {}).items(), key=lambda e: int(e[0])):
        crow = comment_grid[int(position)]
        for fld in A.COMMENT_FIELDS:
            if fld not in cells:
                continue
            text = _text(cells[fld]).strip()
            if len(text) > A.COMMENT_MAX:
                problems.append(Problem(crow.subcriterion_id, NoteProblem("sa.grid.comment_long",
                                                                          limit=A.COMMENT_MAX)))
            elif text != crow.texts.get(fld, ""):
                comments[(crow.subcriterion_id, fld)] = text
    return Edits(scores, notes, tuple(problems), comments, tuple(cleared))


def _text(value: object) -> str:
    return "" if value is None else str(value)
