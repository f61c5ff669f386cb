"""Reading uploaded forms (.xlsx, .xls, .ods, .csv) into checked records, with every problem located.

Nothing here touches the database: a file becomes a `ParsedFile` with its records and a list of
`Problem`s (file, sheet, row, column, value, catalog key). Errors block that file only; warnings are
kept and shown. Limits protect the server from damaged or hostile files (zip bombs, huge sheets).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

import python_calamine as pc
from openpyxl.utils import get_column_letter

from lib.domain import Domain
from lib.i18n import fmt_date, fmt_value, parse_num, t
from lib.intake import forms
from lib.intake.forms import CASELOAD, WORKLOAD, Field, normalise
from lib.workload.units import Conversion, Limits, conversion, limits, norm_hours

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 25_000
MAX_COLUMNS = 80
HEADER_SEARCH_ROWS = 15
PREFILLED = {"function_nr", "group", "function", "monthly_hours", "reference_pct", "reference_hours"}
SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_TABLES = {".csv", ".txt", ".tsv"}
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    key: str  # catalog: problem.<key>
    severity: str = ERROR
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | date | None = None  # what the cell held (a date stays a date, shown per language)
    params: tuple[tuple[str, object], ...] = ()

    def shown_value(self, lang: str | None = None) -> str:
        return fmt_date(self.value, lang) if isinstance(self.value, date) else (self.value or "")

    def message(self, lang: str | None = None) -> str:
        """The message in `lang`; numbers are formatted here (decimal comma in Latvian), not when found."""
        params = {k: fmt_value(v, lang) for k, v in self.params}
        if "field" in params:  # a form field's key, shown as its label in the reader's language
            params["field"] = t(f"form.field.{params['field']}", lang=lang)
        return t(f"problem.{self.key}", lang=lang, **params)

    def location(self, lang: str | None = None) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(t("problem.at.sheet", lang=lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("problem.at.row", lang=lang, row=self.row))
        if self.column:
            parts.append(t("problem.at.column", lang=lang, column=self.column))
        return " · ".join(parts)


@dataclass(frozen=True)
class Entry:
    function_id: str
    hours: float | None
    unit: str | None
    month_hours: float | None
    hours_raw: str
    unit_raw: str
    result_indicator: str
    result_count: float | None
    crisis_clients: float | None
    other_parties: str
    comment: str
    sheet: str
    row: int


@dataclass(frozen=True)
class WorkerForm:
    code: str
    name: str
    position: str | None
    specialisation: str | None
    territory: str | None
    fte: float
    social_work_share: float
    period_start: date
    period_end: date
    entries: tuple[Entry, ...]

    @property
    def total_month_hours(self) -> float:
        return sum(e.month_hours or 0.0 for e in self.entries)


@dataclass(frozen=True)
class CaseloadRow:
    code: str
    name: str
    count_date: date
    counts: tuple[tuple[str, int | None], ...]  # forms.CASELOAD_COUNTS in order
    fte: float
    experience_months: int | None
    position: str | None
    territory: str | None
    raw: tuple[tuple[str, str], ...]
    sheet: str
    row: int


@dataclass(frozen=True)
class ParsedFile:
    name: str
    sha256: str
    kind: str | None
    forms: tuple[WorkerForm, ...] = ()
    caseload: tuple[CaseloadRow, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def row_count(self) -> int:
        return sum(len(f.entries) for f in self.forms) + len(self.caseload)


class FileRejected(Exception):
    """The file as a whole cannot be read; carries the one problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.key)
        self.problem = problem


# --- reading cells ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]
    hidden: bool = False
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()


def _zip_guard(name: str, data: bytes) -> None:
    """Refuse a spreadsheet (a zip) that is not a zip or would unpack to more than the limit, before
    any reader inflates it; damage inside a member is caught by the reader itself."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise FileRejected(Problem(name, "damaged")) from None
    if total > MAX_UNZIPPED_BYTES:
        raise FileRejected(Problem(name, "too_large_unzipped", params=(("mb", total / 2**20),)))


def _read_spreadsheet(name: str, data: bytes, suffix: str) -> list[Sheet]:
    if suffix != ".xls":
        _zip_guard(name, data)
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            end = sheet.end
            if end is not None and (end[0] >= MAX_ROWS or end[1] >= MAX_COLUMNS):
                raise FileRejected(Problem(name, "sheet_too_large", sheet=meta.name,
                                           params=(("rows", end[0] + 1), ("columns", end[1] + 1),
                                                   ("max_rows", MAX_ROWS), ("max_columns", MAX_COLUMNS))))
            rows = sheet.to_python(skip_empty_area=False) if end is not None else []
            merged = tuple(sheet.merged_cell_ranges or ())
            sheets.append(Sheet(meta.name, rows, meta.visible != pc.SheetVisibleEnum.Visible, merged))
        return sheets
    except FileRejected:
        raise
    except Exception:  # calamine raises many kinds for broken files; all mean the same to the user
        raise FileRejected(Problem(name, "damaged")) from None


def _decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1257."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRejected(Problem(name, "encoding")) from None
    if b"\x00" in data[:4096]:
        raise FileRejected(Problem(name, "not_text"))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1257")
    except UnicodeDecodeError:
        raise FileRejected(Problem(name, "encoding")) from None


SEPARATORS = (";", "\t", ",")  # in order of preference when counts tie (Latvian Excel writes ";")
SNIFF_CHARS = 64 * 1024


def _delimiter(text: str) -> str:
    """The separator seen most often outside quotes in the first non-blank line, counted in one pass
    over at most SNIFF_CHARS characters: a file that is one long line costs no more than a short one."""
    line = next((ln for ln in text[:SNIFF_CHARS].splitlines() if ln.strip()), "")
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    return next(d for d in SEPARATORS if counts[d] == best) if best else ";"


def _too_large(name: str, rows: int | str, columns: int | str) -> FileRejected:
    return FileRejected(Problem(name, "sheet_too_large", params=(("rows", rows), ("columns", columns),
                                                                 ("max_rows", MAX_ROWS),
                                                                 ("max_columns", MAX_COLUMNS))))


def _read_csv(name: str, data: bytes) -> list[Sheet]:
    """Rows are read one by one and refused as soon as the file is wider or longer than a form can be."""
    if len(data) > MAX_CSV_BYTES:
        raise FileRejected(Problem(name, "too_large", params=(("mb", len(data) / 2**20),
                                                             ("max_mb", MAX_CSV_BYTES // 2**20))))
    text = _decode(name, data)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
            if len(row) > MAX_COLUMNS:
                raise _too_large(name, "–", len(row))
            if len(rows) == MAX_ROWS:
                raise _too_large(name, f"> {MAX_ROWS}", "–")
            rows.append([cell.strip() for cell in row])
    except csv.Error:
        raise FileRejected(Problem(name, "damaged")) from None
    return [Sheet("", rows)]


def read_sheets(name: str, data: bytes) -> list[Sheet]:
    """All sheets of a file as rows of cell values from A1 (raises FileRejected)."""
    if not data:
        raise FileRejected(Problem(name, "empty_file"))
    suffix = PurePath(name).suffix.lower()
    if suffix in SPREADSHEETS:
        return _read_spreadsheet(name, data, suffix)
    if suffix in TEXT_TABLES:
        return _read_csv(name, data)
    raise FileRejected(Problem(name, "unsupported_type", params=(("suffix", suffix or "–"),)))


# --- cell values ----------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


@dataclass(frozen=True)
class Cell:
    value: object
    sheet: str
    row: int  # 1-based, as the spreadsheet shows it
    column: str  # "D (Laiks, h)"

    @property
    def blank(self) -> bool:
        return _blank(self.value)

    @property
    def text(self) -> str:
        return _text(self.value)


_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})\.?$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


@dataclass
class Checker:
    """Turns cells into values, recording a located problem for each that cannot be used."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, key: str, cell: Cell | None = None, severity: str = ERROR, **params: object) -> None:
        self.problems.append(Problem(
            self.file, key, severity,
            sheet=(cell.sheet or None) if cell else None, row=cell.row if cell else None,
            column=cell.column if cell else None,
            value=(cell.value if isinstance(cell.value, date) else cell.text[:60] or None) if cell else None,
            params=tuple(params.items()),
        ))

    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    def number(self, cell: Cell | None, *, whole: bool = False) -> float | None:
        if cell is None or cell.blank:
            return None
        value = cell.value
        if isinstance(value, (date, datetime)):
            self.add("date_in_number", cell)
            return None
        if isinstance(value, bool):
            self.add("not_a_number", cell)
            return None
        try:
            number = parse_num(value)  # type: ignore[arg-type]
        except ValueError:
            self.add("not_a_number", cell)
            return None
        if number is not None and number < 0:
            self.add("negative", cell)
            return None
        if number is not None and whole and not float(number).is_integer():
            self.add("not_whole", cell)
            return None
        return number

    def date(self, cell: Cell | None) -> date | None:
        if cell is None or cell.blank:
            return None
        value = cell.value
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell.text
        for pattern in _DATE_PATTERNS:
            m = pattern.match(text)
            if m:
                try:
                    return date(int(m["y"]), int(m["m"]), int(m["d"]))
                except ValueError:
                    break
        self.add("invalid_date", cell)
        return None

    def vocabulary(self, cell: Cell | None, vocab: str) -> str | None:
        if cell is None or cell.blank:
            return None
        code = forms.match_vocabulary(vocab, cell.text)
        if code is None:
            allowed = ", ".join(forms.vocabulary_label(vocab, c, "lv") for c in forms.VOCABULARIES[vocab])
            self.add("unknown_value", cell, field=vocab, allowed=allowed)
        return code

    def required(self, cell: Cell | None, key: str, sheet: str, row: int | None) -> bool:
        if cell is None or cell.blank:
            self.problems.append(Problem(self.file, "missing_value", sheet=sheet or None,
                                         row=cell.row if cell else row, column=cell.column if cell else None,
                                         params=(("field", key),)))
            return False
        return True


# --- locating the tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    sheet: Sheet
    header_row: int  # 0-based
    columns: dict[str, int]  # field key → 0-based column
    headers: dict[int, str]  # 0-based column → header text as written

    def column_label(self, key: str) -> str:
        col = self.columns[key]
        return f"{get_column_letter(col + 1)} ({self.headers[col]})"

    def records(self) -> list[tuple[int, dict[str, Cell]]]:
        """(1-based row, field → cell) for every row with something typed in it, up to a Σ row.

        Rows where only the template's pre-filled columns have text (Nr., group, function name,
        formulas) are functions left empty, not records."""
        out = []
        nr_col = self.columns.get("function_nr")
        for r in range(self.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[r]
            if nr_col is not None and nr_col < len(row) and str(row[nr_col]).strip() == forms.SELF_CHECK_MARK:
                break
            cells = {key: Cell(row[col] if col < len(row) else None, self.sheet.name, r + 1, self.column_label(key))
                     for key, col in self.columns.items()}
            if all(c.blank for key, c in cells.items() if key not in PREFILLED):
                continue
            out.append((r + 1, cells))
        return out


def _find_table(sheet: Sheet, fields: tuple[Field, ...], needed: set[str]) -> Table | None:
    index = forms.header_index(fields)
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        headers: dict[int, str] = {}
        for c, value in enumerate(row):
            key = index.get(normalise(value)) if not _blank(value) else None
            if key and key not in columns:
                columns[key] = c
                headers[c] = str(value).strip()
        if needed <= set(columns):
            return Table(sheet, r, columns, headers)
    return None


def _worker_sheet(sheets: list[Sheet]) -> tuple[Sheet, dict[str, int]] | None:
    """The single form's worker sheet: field labels in column A, values in column B."""
    index = forms.header_index(forms.WORKER_FIELDS)
    for sheet in sheets:
        found = {}
        for r, row in enumerate(sheet.rows):
            if row and not _blank(row[0]):
                key = index.get(normalise(row[0]))
                if key and key not in found:
                    found[key] = r
        if "worker_code" in found and len(found) >= 3:
            return sheet, found
    return None


def _merged_problem(ck: Checker, table: Table) -> bool:
    for (r0, c0), (r1, c1) in table.sheet.merged:
        if r1 >= table.header_row:
            ref = f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
            ck.problems.append(Problem(ck.file, "merged_cells", sheet=table.sheet.name or None, row=r0 + 1,
                                       column=get_column_letter(c0 + 1), params=(("range", ref),)))
            return True
    return False


def _hidden_problem(ck: Checker, sheet: Sheet) -> bool:
    if sheet.hidden:
        ck.problems.append(Problem(ck.file, "hidden_sheet", sheet=sheet.name))
    return sheet.hidden


def _missing_columns(ck: Checker, table: Table, fields: tuple[Field, ...]) -> bool:
    missing = [f.key for f in fields if f.required and f.key not in table.columns]
    for key in missing:
        ck.problems.append(Problem(ck.file, "missing_column", sheet=table.sheet.name or None,
                                   row=table.header_row + 1, params=(("field", key),)))
    return bool(missing)


# --- workload forms -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    domain: Domain
    conversion: Conversion
    limits: Limits
    functions: dict[str, str]  # lookup: Nr. / normalised names → function id


def _worker_values(ck: Checker, cells: dict[str, Cell], sheet: str, row: int | None, ctx: Context) -> dict | None:
    ok = all([ck.required(cells.get(k), k, sheet, row) for k in ("worker_code", "fte", "period_start", "period_end")])
    fte = ck.number(cells.get("fte"))
    if fte is not None and not ctx.limits.fte_min_exclusive < fte <= ctx.limits.fte_max:
        ck.add("fte_range", cells["fte"], max=float(ctx.limits.fte_max))
        fte = None
    share = ck.number(cells.get("social_work_share"))
    if share is not None and not 0 < share <= 100:
        ck.add("share_range", cells["social_work_share"])
        share = None
    start, end = ck.date(cells.get("period_start")), ck.date(cells.get("period_end"))
    if start and end and end < start:
        ck.add("period_order", cells["period_end"])
        end = None
    vocab = {v: ck.vocabulary(cells.get(v), v) for v in ("position", "specialisation", "territory")}
    if not ok or fte is None or start is None or end is None:
        return None
    if cells.get("social_work_share") is not None and not cells["social_work_share"].blank and share is None:
        return None
    if any(cells.get(v) is not None and not cells[v].blank and vocab[v] is None for v in vocab):
        return None
    return {"code": cells["worker_code"].text, "name": cells["worker_name"].text if "worker_name" in cells else "",
            "fte": fte, "social_work_share": 100.0 if share is None else share, "period_start": start,
            "period_end": end, **vocab}


def _entries(ck: Checker, rows: list[tuple[int, dict[str, Cell]]], ctx: Context) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for row, cells in rows:
        fn_cell, nr_cell = cells.get("function"), cells.get("function_nr")
        given = [c for c in (nr_cell, fn_cell) if c is not None and not c.blank]
        function_id = next((ctx.functions[normalise(c.text)] for c in given if normalise(c.text) in ctx.functions),
                           None)
        if not given:
            ck.add("missing_value", fn_cell, field="function")
            continue
        if function_id is None:
            ck.add("unknown_function", given[-1])
            continue
        if function_id in seen:
            ck.add("duplicate_function", fn_cell or nr_cell, first_row=seen[function_id])
            continue
        seen[function_id] = row
        hours_cell, unit_cell = cells["hours"], cells["unit"]
        hours = ck.number(hours_cell)
        unit = None
        if not unit_cell.blank:
            unit = forms.match_vocabulary("unit", unit_cell.text)
            if unit is None:
                ck.add("unknown_unit", unit_cell)
        if not hours_cell.blank and hours is not None and unit_cell.blank:
            ck.add("missing_unit", unit_cell)
        if hours_cell.blank and not unit_cell.blank:
            ck.add("missing_hours", hours_cell)
        count = ck.number(cells.get("result_count"))
        crisis = ck.number(cells.get("crisis_clients"), whole=True)
        month = ctx.conversion.to_month(hours, unit) if hours is not None and unit is not None else None
        entries.append(Entry(
            function_id=function_id, hours=hours, unit=unit, month_hours=month,
            hours_raw=hours_cell.text, unit_raw=unit_cell.text,
            result_indicator=cells["result_indicator"].text if "result_indicator" in cells else "",
            result_count=count, crisis_clients=crisis,
            other_parties=cells["other_parties"].text if "other_parties" in cells else "",
            comment=cells["comment"].text if "comment" in cells else "",
            sheet=hours_cell.sheet, row=row,
        ))
    return entries


def _finish_form(ck: Checker, worker: dict, entries: list[Entry], where: Cell, ctx: Context) -> WorkerForm | None:
    form = WorkerForm(**worker, entries=tuple(entries))
    total = form.total_month_hours
    if not any(e.month_hours for e in entries):
        ck.add("no_hours", where, code=form.code)
        return None
    if total > ctx.limits.absurd_month_hours:
        ck.add("total_absurd", where, code=form.code, total=total, max=ctx.limits.absurd_month_hours)
        return None
    norm = norm_hours(form.fte, ctx.limits)
    if total > norm + 1e-9:
        ck.add("overtime", where, WARNING, code=form.code, total=total, norm=norm, over=total - norm)
    filled = {e.function_id for e in entries if e.month_hours}
    empty = [f for f in ctx.domain.reference.functions if f.id not in filled]
    if empty:
        ck.add("functions_empty", where, WARNING, code=form.code, count=len(empty),
               names=", ".join(forms.function_number(ctx.domain, f) for f in empty))
    return form


def _single_form(ck: Checker, table: Table, sheets: list[Sheet], ctx: Context) -> list[WorkerForm]:
    found = _worker_sheet(sheets)
    if found is None:
        ck.problems.append(Problem(ck.file, "missing_worker_sheet"))
        return []
    sheet, rows = found
    if _hidden_problem(ck, sheet):
        return []
    cells = {key: Cell(sheet.rows[r][1] if len(sheet.rows[r]) > 1 else None, sheet.name, r + 1,
                       f"B ({str(sheet.rows[r][0]).strip()})") for key, r in rows.items()}
    worker = _worker_values(ck, cells, sheet.name, None, ctx)
    entries = _entries(ck, table.records(), ctx)
    if worker is None or ck.has_errors():
        return []
    form = _finish_form(ck, worker, entries, Cell(None, table.sheet.name, table.header_row + 1,
                                                   table.column_label("hours")), ctx)
    return [form] if form else []


def _batch_forms(ck: Checker, table: Table, ctx: Context) -> list[WorkerForm]:
    groups: dict[tuple, list[tuple[int, dict[str, Cell]]]] = defaultdict(list)
    records = table.records()
    if not records:
        ck.add("no_rows")
    for row, cells in records:
        key = tuple(cells[k].text for k in ("worker_code", "period_start", "period_end") if k in cells)
        groups[key].append((row, cells))
    out = []
    worker_keys = [f.key for f in forms.WORKER_FIELDS if f.key in table.columns]
    for rows in groups.values():
        first_row, first = rows[0]
        for _row, cells in rows[1:]:
            for key in worker_keys:
                if normalise(cells[key].text) != normalise(first[key].text):
                    ck.add("worker_mismatch", cells[key], first_row=first_row)
        worker = _worker_values(ck, first, table.sheet.name, first_row, ctx)
        entries = _entries(ck, rows, ctx)
        if worker is None:
            continue
        form = _finish_form(ck, worker, entries, first["worker_code"], ctx)
        if form:
            out.append(form)
    return [] if ck.has_errors() else out


# --- caseload --------------------------------------------------------------------------------------


def _caseload_rows(ck: Checker, table: Table, ctx: Context) -> list[CaseloadRow]:
    out = []
    seen: dict[tuple[str, date], int] = {}
    for row, cells in table.records():
        sheet = table.sheet.name
        ok = all([ck.required(cells.get(k), k, sheet, row) for k in ("worker_code", "count_date", "active", "fte")])
        when = ck.date(cells.get("count_date"))
        counts = tuple((k, ck.number(cells.get(k), whole=True)) for k in forms.CASELOAD_COUNTS)
        fte = ck.number(cells.get("fte"))
        if fte is not None and not ctx.limits.fte_min_exclusive < fte <= ctx.limits.fte_max:
            ck.add("fte_range", cells["fte"], max=float(ctx.limits.fte_max))
            fte = None
        experience = ck.number(cells.get("experience_months"), whole=True)
        position, territory = ck.vocabulary(cells.get("position"), "position"), ck.vocabulary(
            cells.get("territory"), "territory")
        if not ok or when is None or fte is None:
            continue
        key = (cells["worker_code"].text, when)
        if key in seen:
            ck.add("duplicate_row", cells["worker_code"], first_row=seen[key])
            continue
        seen[key] = row
        out.append(CaseloadRow(
            code=cells["worker_code"].text, name=cells["worker_name"].text if "worker_name" in cells else "",
            count_date=when, counts=tuple((k, None if v is None else int(v)) for k, v in counts), fte=fte,
            experience_months=None if experience is None else int(experience), position=position,
            territory=territory, raw=tuple((k, c.text) for k, c in cells.items() if not c.blank),
            sheet=sheet, row=row,
        ))
    if not out and not ck.has_errors():
        ck.add("no_rows")
    return [] if ck.has_errors() else out


# --- entry point -----------------------------------------------------------------------------------


def context(d: Domain) -> Context:
    return Context(d, conversion(d), limits(d), forms.function_lookup(d))


def parse_upload(name: str, data: bytes, ctx: Context) -> ParsedFile:
    """Read, recognise and check one uploaded file. Never raises for bad input."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        sheets = read_sheets(name, data)
    except FileRejected as rejected:
        return ParsedFile(name, sha, None, problems=(rejected.problem,))
    return parse_sheets(name, sha, sheets, ctx)


def parse_sheets(name: str, sha: str, sheets: list[Sheet], ctx: Context) -> ParsedFile:
    """Recognise the form among the sheets and check it."""
    ck = Checker(name)
    if not any(any(not _blank(v) for v in row) for s in sheets for row in s.rows):
        return ParsedFile(name, sha, None, problems=(Problem(name, "empty_file"),))
    for sheet in sheets:
        for kind, fields, needed, parse in RECOGNISERS:
            table = _find_table(sheet, fields, needed)
            if table is None:
                continue
            if _hidden_problem(ck, sheet) or _merged_problem(ck, table) or _missing_columns(ck, table, fields):
                return ParsedFile(name, sha, kind, problems=tuple(ck.problems))
            records = tuple(parse(ck, table, sheets, ctx))
            if kind == CASELOAD:
                return ParsedFile(name, sha, kind, caseload=records, problems=tuple(ck.problems))
            return ParsedFile(name, sha, kind, forms=records, problems=tuple(ck.problems))
    return ParsedFile(name, sha, None, problems=(Problem(name, "wrong_form"),))


# Which table a sheet holds, tried in this order: (kind, fields, headers that identify it, parser).
RECOGNISERS = (
    (WORKLOAD, forms.BATCH_FIELDS, {"worker_code", "function", "hours"},
     lambda ck, table, sheets, ctx: _batch_forms(ck, table, ctx)),
    (CASELOAD, forms.CASELOAD_FIELDS, {"worker_code", "active"},
     lambda ck, table, sheets, ctx: _caseload_rows(ck, table, ctx)),
    (WORKLOAD, forms.FUNCTION_FIELDS, {"function", "hours"}, _single_form),
)
