"""What every spreadsheet or CSV the app writes needs (SPEC §7): user text stays text.

A cell starting with = + - @ would be a formula in Excel (and openpyxl writes it as one); a control
character (a vertical tab pasted into a name) makes openpyxl refuse the whole file; a worker code
like SD/01 is not a valid sheet name. Every export goes through `workbook_bytes`, so no cell is
missed, whatever the report.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what openpyxl's writer cannot store
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31
DATE_FORMAT = "DD.MM.YYYY"  # a date cell stays a date; Excel and LibreOffice show it as 31.12.2026
ONE_DECIMAL, WHOLE = "0.0", "0"  # the reader's spreadsheet shows its own decimal mark
HEADER_FILL = PatternFill("solid", fgColor="9E3039")
_TITLE, _LINE, _HEAD = Font(bold=True, size=13), Font(size=10), Font(bold=True, color="FFFFFF")
_HEAD_ALIGN, _WRAP = Alignment(wrap_text=True, vertical="center"), Alignment(wrap_text=True, vertical="top")


def safe_cell(value: object) -> object:
    """Neutralise formula injection (text starting with = + - @ is written as text: '=…) and drop
    control characters; numbers, dates and None pass unchanged."""
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def sheet_title(text: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet name from any text (a worker code, a name): forbidden characters become
    "-", at most 31 characters, and a number is added when the name is already used."""
    base = _SHEET_FORBIDDEN.sub("-", _CONTROL.sub("", text)).strip("' ") or "-"
    title, n = base[:SHEET_TITLE_MAX], 1
    while taken is not None and title.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
    if taken is not None:
        taken.add(title)
    return title


def workbook_bytes(wb: Workbook) -> bytes:
    """Save an export: every text cell passes `safe_cell` first (titles, headers and data alike)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = safe_cell(cell.value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # characters
    number_format: str | None = None  # ONE_DECIMAL, WHOLE, DATE_FORMAT; None: text
    wrap: bool = False


def table_sheet(ws: Worksheet, title: Sequence[str], columns: Sequence[Column],
                rows: Iterable[Sequence[object]]) -> None:
    """A sheet made for people: the title block (report name in bold, then service, date, reference),
    a styled header row that stays in view and repeats on every printed page, column widths, numbers
    and dates with their formats, landscape and fit to the page width when printed."""
    for i, line in enumerate(title, start=1):
        ws.cell(row=i, column=1, value=line).font = _TITLE if i == 1 else _LINE
    head = len(title) + 2
    for c, column in enumerate(columns, start=1):
        cell = ws.cell(row=head, column=c, value=column.header)
        cell.font, cell.fill, cell.alignment = _HEAD, HEADER_FILL, _HEAD_ALIGN
        ws.column_dimensions[get_column_letter(c)].width = column.width
    for r, row in enumerate(rows, start=head + 1):
        for c, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if column.number_format and value is not None and not isinstance(value, str):
                cell.number_format = column.number_format
            if column.wrap:
                cell.alignment = _WRAP
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def columns_for(rows: Sequence[dict[str, object]], widest: int = 60) -> list[Column]:
    """Columns fitted to what the rows hold: whole numbers, one-decimal numbers and dates get their
    format, text its width (at most `widest` characters, wrapped beyond 30)."""
    out = []
    for header in rows[0]:
        values = [r[header] for r in rows if r[header] is not None and r[header] != ""]
        if values and all(isinstance(v, date) for v in values):
            out.append(Column(header, max(12, len(header) + 2), DATE_FORMAT))
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            fmt = WHOLE if all(isinstance(v, int) for v in values) else ONE_DECIMAL
            out.append(Column(header, max(10, min(len(header) + 2, 20)), fmt, wrap=True))
        else:
            longest = max((len(str(v)) for v in values), default=0)
            width = min(widest, max(longest, len(header), 8) + 2)
            out.append(Column(header, width, wrap=width >= 30 or len(header) > width))
    return out
