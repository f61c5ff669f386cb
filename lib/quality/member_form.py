"""The member's scoring form (xlsx) to take offline and bring back, and the assessment report.

The form carries the assessment's id and the member's name above the table, and one row per item:
id, kind, criterion, subcriterion, text, score and note (pre-filled). After each subcriterion's items
come three rows for what the member writes about the subcriterion (seed 004 lines 7088-7102; the
form's comment box, lines 4736-4740): strengths, improvement areas, comments with improvement
proposals, written in the note column. Reading it back checks every cell and stores nothing unless
the whole sheet is right, so an exported form uploaded unchanged gives the very same stored scores,
notes and texts; an emptied score cell is "no score" (the score is cleared).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lib.domain import Band, Catalogue
from lib.exports import FORMULA_STARTS, safe_cell, workbook_bytes
from lib.i18n import LANGUAGES, current_language, fmt_num, t
from lib.intake.forms import normalise
from lib.intake.reading import Cell, FileRejected, Problem, Sheet, read_sheets
from lib.quality import guide
from lib.quality import rules as A
from lib.quality.assessments import Snapshot

META = ("assessment", "year", "standard", "member")  # label rows 2-5, value in column B
COLUMNS = ("id", "kind", "criterion", "subcriterion", "text", "score", "note")
HEADER_ROW = len(META) + 3
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F4E4E6")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")


@dataclass(frozen=True)
class FormItem:
    kind: str  # practice | trends | goals, or a subcriterion's strengths | improvements | proposals
    id: str
    criterion_id: str
    subcriterion_id: str
    text: str


def form_items(cat: Catalogue, snap: Snapshot, lang: str) -> tuple[FormItem, ...]:
    """What a member scores: the standard's practices, then both dimensions of every indicator group."""
    out = [FormItem("practice", i.id, i.criterion_id, i.subcriterion_id, i.text(lang))
           for i in A.practices(cat, snap.assessment.standard, snap.decisions, snap.custom)]
    for group_id, sub, crit, name in result_groups(cat, snap, lang):
        out += [FormItem(dim, group_id, crit, sub, name) for dim in cat.dimensions]
    return tuple(out)


def form_rows(cat: Catalogue, snap: Snapshot, lang: str) -> tuple[FormItem, ...]:
    """The form's rows as the method's form lays them out: each subcriterion's items, then the
    member's strengths, improvement areas and comments with proposals for that subcriterion."""
    items = form_items(cat, snap, lang)
    out: list[FormItem] = []
    for s in cat.subcriteria:
        out += [i for i in items if i.subcriterion_id == s.id]
        text = s.text_en if lang == "en" else s.text_lv
        out += [FormItem(f, s.id, s.criterion_id, s.id, text) for f in A.COMMENT_FIELDS]
    return tuple(out)


def result_groups(cat: Catalogue, snap: Snapshot, lang: str) -> list[tuple[str, str, str, str]]:
    """(group id, subcriterion, criterion, name) for the catalogue's groups and the service's own."""
    criterion_of = {s.id: s.criterion_id for s in cat.subcriteria}
    rows = [(g.id, g.subcriterion_id, g.criterion_id, g.name_en if lang == "en" else g.name_lv)
            for g in cat.indicator_groups]
    rows += [(g.id, g.subcriterion_id, criterion_of[g.subcriterion_id], g.name) for g in snap.groups]
    order = {s.id: n for n, s in enumerate(cat.subcriteria)}
    return sorted(rows, key=lambda r: order[r[1]])


def file_name(snap: Snapshot, member: str, lang: str) -> str:
    safe = "".join(c if c.isalnum() else "_" for c in member)
    return f"{t('sa.form.file', lang=lang)}_{snap.assessment.year}_{safe}.xlsx"


def export_form(cat: Catalogue, snap: Snapshot, member_id: int, lang: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = t("sa.form.sheet", lang=lang)
    ws["A1"] = t("sa.form.title", lang=lang)
    ws["A1"].font = Font(bold=True, size=13)
    a = snap.assessment
    meta = (a.id, a.year, t(f"sa.standard.{a.standard}", lang=lang), snap.member_name(member_id))
    for row, (key, value) in enumerate(zip(META, meta, strict=True), start=2):
        ws.cell(row=row, column=1, value=t(f"sa.form.meta.{key}", lang=lang)).font = BOLD
        ws.cell(row=row, column=2, value=safe_cell(value))
    ws.cell(row=HEADER_ROW - 1, column=1, value=t("sa.form.hint", lang=lang))
    for col, key in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=t(f"sa.form.col.{key}", lang=lang))
        cell.font, cell.fill = BOLD, HEADER_FILL
    scores = {(k, i): s for (m, k, i), s in snap.individual.items() if m == member_id}
    notes = {(k, i): n for (m, k, i), n in snap.notes.items() if m == member_id}
    narrower = guide.load().narrower if a.standard == "base" else {}
    items = form_rows(cat, snap, lang)
    hint = t("sa.practice.narrower_hint", lang=lang)
    for row, item in enumerate(items, start=HEADER_ROW + 1):
        comment = item.kind in A.COMMENT_FIELDS
        text = f"{hint} {item.text}" if item.kind == "practice" and item.id in narrower else item.text
        note = (snap.comments.get((member_id, item.id, item.kind), "") if comment
                else notes.get((item.kind, item.id), ""))
        values = (item.id, t(f"sa.kind.{item.kind}", lang=lang), item.criterion_id, item.subcriterion_id,
                  text, None if comment else scores.get((item.kind, item.id)), note or None)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=safe_cell(value))
            cell.alignment = Alignment(wrap_text=col in (5, 7), vertical="top")
            if comment and col < 6:
                cell.font = BOLD
        if not comment:
            ws.cell(row=row, column=6).fill = INPUT_FILL
        ws.cell(row=row, column=7).fill = INPUT_FILL
    score_col = get_column_letter(COLUMNS.index("score") + 1)
    dv = DataValidation(type="whole", operator="between", formula1=str(A.SCORE_MIN), formula2=str(A.SCORE_MAX),
                        allow_blank=True, showErrorMessage=True, error=t("sa.form.validation", lang=lang))
    ws.add_data_validation(dv)
    dv.add(f"{score_col}{HEADER_ROW + 1}:{score_col}{HEADER_ROW + max(len(items), 1)}")
    for col, width in zip("ABCDEFG", (12, 22, 10, 12, 80, 14, 60), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _bands_sheet(wb, cat, lang)
    return _bytes(wb)


def band_label(band: Band, lang: str | None = None) -> str:
    """A band's range as the method writes it ("31 – 50 punktu"); in English from the catalog (the
    data file carries the Latvian label only)."""
    if (lang or current_language()) == "lv":
        return band.label_lv
    if band.min == band.max:
        return t("sa.band.one", lang=lang, score=band.min)
    return t("sa.band.range", lang=lang, low=band.min, high=band.max)


def _bands_sheet(wb: Workbook, cat: Catalogue, lang: str) -> None:
    ws = wb.create_sheet(t("sa.form.bands_sheet", lang=lang))
    ws.append([t("sa.col.band", lang=lang), t("sa.kind.practice", lang=lang), t("sa.kind.trends", lang=lang),
               t("sa.kind.goals", lang=lang)])
    for cell in ws[1]:
        cell.font = BOLD
    for e, r in zip(cat.enabler_bands, cat.results_bands, strict=True):
        ws.append([band_label(e, lang), e.text("description", lang), r.text("trends", lang),
                   r.text("goals", lang)])
    for col in "BCD":
        ws.column_dimensions[col].width = 60


def _bytes(wb: Workbook) -> bytes:
    return workbook_bytes(wb)


def fill_form(data: bytes, scores: Mapping[tuple[str, str], int | None],
              notes: Mapping[tuple[str, str], str] | None = None,
              comments: Mapping[tuple[str, str], str] | None = None) -> bytes:
    """A member's exported form with `scores` (None empties the cell), `notes` beside them and
    `comments` ((subcriterion, field) → text) typed in, as a member would."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    kinds = _labels("sa.kind.", (*A.INDIVIDUAL_KINDS, *A.COMMENT_FIELDS))
    score_col, note_col = COLUMNS.index("score"), COLUMNS.index("note")
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        kind, item = kinds.get(normalise(row[1].value or "")), str(row[0].value)
        if (kind, item) in scores:
            row[score_col].value = scores[(kind, item)]
        if (kind, item) in (notes or {}):
            row[note_col].value = notes[(kind, item)]
        if (item, kind) in (comments or {}):
            row[note_col].value = comments[(item, kind)]
    return _bytes(wb)


# --- reading a form back -------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedForm:
    file: str
    member_id: int | None
    scores: dict[tuple[str, str], int | None]  # every item row: None = an empty cell, "no score"
    problems: tuple[Problem, ...]
    notes: dict[tuple[str, str], str] | None = None  # None: the sheet has no note column (kept as stored)
    comments: dict[tuple[str, str], str] = field(default_factory=dict)  # (subcriterion, field) → text


def cleared(snap: Snapshot, parsed: ParsedForm) -> tuple[tuple[str, str], ...]:
    """The member's stored scores the form empties: (kind, item), in the form's order."""
    return tuple(k for k, v in parsed.scores.items()
                 if v is None and (parsed.member_id, *k) in snap.individual)


def _unguard(text: str) -> str:
    """A text cell as the member meant it: the export writes "=…" as "'=…" (formula guard)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _labels(prefix: str, keys: Sequence[str]) -> dict[str, str]:
    """normalised label in either language → key"""
    return {normalise(t(f"{prefix}{k}", lang=lang)): k for k in keys for lang in LANGUAGES}


def _find_header(sheets: list[Sheet]) -> tuple[Sheet, int, dict[str, int]] | None:
    wanted = _labels("sa.form.col.", COLUMNS)
    for sheet in sheets:
        for r, row in enumerate(sheet.rows):
            found = {wanted[normalise(v)]: c for c, v in enumerate(row) if v is not None and normalise(v) in wanted}
            if {"id", "kind", "score"} <= set(found):
                return sheet, r, found
    return None


def _column(index: int, key: str) -> str:
    return f"{get_column_letter(index + 1)} ({t(f'sa.form.col.{key}')})"


def parse_form(name: str, data: bytes, cat: Catalogue, snap: Snapshot) -> ParsedForm:
    """Read a member's form; every problem names file, sheet, row and column. No partial result:
    the caller stores the scores only when `problems` is empty."""
    try:
        sheets = read_sheets(name, data)
    except FileRejected as rejected:
        return ParsedForm(name, None, {}, (rejected.problem,))
    found = _find_header(sheets)
    if found is None:
        return ParsedForm(name, None, {}, (Problem(name, "sa_no_table"),))
    sheet, header, cols = found
    problems: list[Problem] = []
    member_id = _meta(name, sheet, header, snap, problems)
    kinds = _labels("sa.kind.", (*A.INDIVIDUAL_KINDS, *A.COMMENT_FIELDS))
    known = {(i.kind, i.id) for i in form_items(cat, snap, "lv")}
    subcriteria = set(cat.subcriterion_ids)
    stored_notes = {(k, i): n for (m, k, i), n in snap.notes.items() if m == member_id}
    scores: dict[tuple[str, str], int | None] = {}
    notes: dict[tuple[str, str], str] = {}
    comments: dict[tuple[str, str], str] = {}
    for r in range(header + 1, len(sheet.rows)):
        row = sheet.rows[r]

        def cell(key: str, row: list[object] = row, r: int = r) -> Cell:
            c = cols.get(key)
            return Cell(row[c] if c is not None and c < len(row) else None, sheet.name, r + 1,
                        _column(c if c is not None else 0, key))

        item, kind_cell, score, note_cell = cell("id"), cell("kind"), cell("score"), cell("note")
        if item.blank and kind_cell.blank and score.blank and note_cell.blank:
            continue
        kind = kinds.get(normalise(kind_cell.value)) if not kind_cell.blank else None
        if kind is None:
            problems.append(_at(name, "sa_kind_unknown", kind_cell))
            continue
        text = "" if note_cell.blank else _unguard(note_cell.text.strip())
        if kind in A.COMMENT_FIELDS:
            if item.text not in subcriteria:
                problems.append(_at(name, "sa_unknown_item", item))
            elif (item.text, kind) in comments:
                problems.append(_at(name, "sa_duplicate_item", item))
            elif not score.blank:
                problems.append(_at(name, "sa_score_on_comment", score))
            elif len(text) > A.COMMENT_MAX:
                problems.append(_at(name, "sa_text_long", note_cell, limit=A.COMMENT_MAX))
            elif "note" in cols:
                comments[(item.text, kind)] = text
            continue
        key = (kind, item.text)
        if key not in known:
            problems.append(_at(name, "sa_unknown_item", item))
        elif key in scores:
            problems.append(_at(name, "sa_duplicate_item", item))
        else:
            try:
                scores[key] = None if score.blank else A.check_score(_number(score.value))
            except A.ScoreError:
                problems.append(_at(name, "sa_bad_score", score, low=A.SCORE_MIN, high=A.SCORE_MAX))
                continue
            if len(text) > A.NOTE_MAX:
                problems.append(_at(name, "sa_text_long", note_cell, limit=A.NOTE_MAX))
            elif text and scores[key] is None and text != stored_notes.get(key):
                problems.append(_at(name, "sa_note_without_score", note_cell))
            elif scores[key] is not None:
                notes[key] = text
    return ParsedForm(name, member_id, scores, tuple(problems), notes if "note" in cols else None, comments)


def _number(value: object) -> object:
    """A score typed as text ("45", "45,0") counts as the number it spells."""
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return value
    return value


def _at(name: str, key: str, cell: Cell, **params: object) -> Problem:
    whole = isinstance(cell.value, float) and cell.value.is_integer()
    shown = fmt_num(cell.value, 2) if isinstance(cell.value, float) and not whole else cell.text
    return Problem(name, key, sheet=cell.sheet, row=cell.row, column=cell.column, value=shown or "–",
                   params=tuple(params.items()))


def _meta(name: str, sheet: Sheet, header: int, snap: Snapshot, problems: list[Problem]) -> int | None:
    labels = _labels("sa.form.meta.", META)
    values: dict[str, Cell] = {}
    for r in range(header):
        row = sheet.rows[r]
        if row and row[0] is not None and normalise(row[0]) in labels:
            values[labels[normalise(row[0])]] = Cell(row[1] if len(row) > 1 else None, sheet.name, r + 1,
                                                     f"B ({t('sa.form.meta.' + labels[normalise(row[0])])})")
    where = values.get("assessment") or Cell(None, sheet.name, 2, "B")
    if where.text != str(snap.assessment.id):
        problems.append(_at(name, "sa_other_assessment", where, year=snap.assessment.year))
    who = values.get("member") or Cell(None, sheet.name, len(META) + 1, "B")
    # the export writes a name starting with = + - @ as text ('=…): that spelling is the member too
    member = next((m for m in snap.members if who.text in (m.name, safe_cell(m.name))), None)
    if member is None:
        problems.append(_at(name, "sa_member_unknown", who))
        return None
    return member.id
