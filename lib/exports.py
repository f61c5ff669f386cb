"""What every spreadsheet or CSV the app writes needs (SPEC §7): user text stays text.

A cell starting with = + - @ would be a formula in Excel (and openpyxl writes it as one); a control
character (a vertical tab pasted into a name) makes openpyxl refuse the whole file; a worker code
like SD/01 is not a valid sheet name. Every export goes through `workbook_bytes`, so no cell is
missed, whatever the report.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what openpyxl's writer cannot store
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


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
