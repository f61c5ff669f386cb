"""What every spreadsheet or CSV the app writes needs (SPEC §7)."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: object) -> object:
    """Neutralise formula injection: text starting with = + - @ is written as text ('=…)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
