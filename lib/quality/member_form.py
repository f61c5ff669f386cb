"""The member's scoring form (xlsx) to take offline and bring back, and the assessment report.

The form carries the assessment's id and the member's name above the table, and one row per item:
id, kind, criterion, subcriterion, text, score (pre-filled). Reading it back checks every cell and
stores nothing unless the whole sheet is right, so an exported form uploaded unchanged gives the
very same stored scores.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lib.domain import Band, Catalogue
from lib.exports import safe_cell, workbook_bytes
from lib.i18n import LANGUAGES, current_language, fmt_num, t
from lib.intake.forms import normalise
from lib.intake.reading import Cell, FileRejected, Problem, Sheet, read_sheets
from lib.quality import rules as A
from lib.quality.assessments import Snapshot

META = ("assessment", "year", "standard", "member")  # label rows 2-5, value in column B
COLUMNS = ("id", "kind", "criterion", "subcriterion", "text", "score")
HEADER_ROW = len(META) + 3
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F4E4E6")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")


@dataclass(frozen=True)
class FormItem:
    kind: str  # practice | trends | goals
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
    items = form_items(cat, snap, lang)
    for row, item in enumerate(items, start=HEADER_ROW + 1):
        values = (item.id, t(f"sa.kind.{item.kind}", lang=lang), item.criterion_id, item.subcriterion_id,
                  item.text, scores.get((item.kind, item.id)))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=safe_cell(value))
            cell.alignment = Alignment(wrap_text=col == 5, vertical="top")
        ws.cell(row=row, column=6).fill = INPUT_FILL
    score_col = get_column_letter(COLUMNS.index("score") + 1)
    dv = DataValidation(type="whole", operator="between", formula1=str(A.SCORE_MIN), formula2=str(A.SCORE_MAX),
                        allow_blank=True, showErrorMessage=True, error=t("sa.form.validation", lang=lang))
    ws.add_data_validation(dv)
    dv.add(f"{score_col}{HEADER_ROW + 1}:{score_col}{HEADER_ROW + max(len(items), 1)}")
    for col, width in zip("ABCDEF", (12, 16, 10, 12, 90, 14), strict=True):
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


def fill_form(data: bytes, scores: Mapping[tuple[str, str], int | None]) -> bytes:
    """A member's exported form with `scores` typed into its score column (as a member would)."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    kinds = _labels("sa.kind.", A.INDIVIDUAL_KINDS)
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        key = (kinds.get(normalise(row[1].value or "")), str(row[0].value))
        if key in scores:
            row[COLUMNS.index("score")].value = scores[key]
    return _bytes(wb)


# --- reading a form back -------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedForm:
    file: str
    member_id: int | None
    scores: dict[tuple[str, str], int | None]
    problems: tuple[Problem, ...]


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
    kinds = _labels("sa.kind.", A.INDIVIDUAL_KINDS)
    known = {(i.kind, i.id) for i in form_items(cat, snap, "lv")}
    scores: dict[tuple[str, str], int | None] = {}
    for r in range(header + 1, len(sheet.rows)):
        row = sheet.rows[r]

        def cell(key: str, row: list[object] = row, r: int = r) -> Cell:
            c = cols.get(key)
            return Cell(row[c] if c is not None and c < len(row) else None, sheet.name, r + 1,
                        _column(c if c is not None else 0, key))

        item, kind_cell, score = cell("id"), cell("kind"), cell("score")
        if item.blank and kind_cell.blank and score.blank:
            continue
        kind = kinds.get(normalise(kind_cell.value)) if not kind_cell.blank else None
        if kind is None:
            problems.append(_at(name, "sa_kind_unknown", kind_cell))
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
    return ParsedForm(name, member_id, scores, tuple(problems))


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
