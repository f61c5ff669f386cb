"""One catalog for every user-visible string, Latvian first; number and date formats per language.

`t(key)` reads the language of the current script run (a context variable set by app.py at the top
of each run), so pages never pass it around. Latvian uses a decimal comma and dd.mm.yyyy dates.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("lv", "en")
DEFAULT_LANGUAGE = "lv"
LOCALES = Path(__file__).resolve().parent / "locales"
NBSP = "\u00a0"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


@cache
def catalog(lang: str) -> dict[str, str]:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def normalise_language(value: object) -> str:
    """Anything not a known language code (a typo in a shared link, None) falls back to Latvian."""
    text = str(value or "").strip().lower()
    return text if text in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    _language.set(normalise_language(lang))


def current_language() -> str:
    return _language.get()


def t(key: str, lang: str | None = None, **params: object) -> str:
    """Translated text for `key`; a missing key shows itself (tests make sure none is missing)."""
    text = catalog(lang or current_language()).get(key)
    if text is None:
        return key
    return text.format(**params) if params else text


def fmt_num(value: float | int | None, decimals: int = 1, lang: str | None = None) -> str:
    """1234.5 → '1 234,5' in Latvian, '1,234.5' in English; None → '–'."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    if (lang or current_language()) == "lv":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def fmt_value(value: object, lang: str | None = None) -> object:
    """A message parameter as shown: floats with one decimal (decimal comma in Latvian), None as '–',
    anything else as it is."""
    if value is None:
        return "–"
    return fmt_num(value, 1, lang) if isinstance(value, float) else value


def fmt_pct(value: float | None, decimals: int = 1, lang: str | None = None) -> str:
    return "–" if value is None else f"{fmt_num(value, decimals, lang)}{NBSP}%"


def fmt_date(value: date | datetime | None, lang: str | None = None) -> str:
    if value is None:
        return "–"
    if (lang or current_language()) == "lv":
        return value.strftime("%d.%m.%Y")
    return value.strftime("%Y-%m-%d")


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_num(text: str | float | int | None) -> float | None:
    """Read '12,5', '12.5', '1 234,5', '1.234,5' or '1,234.5'; None for blank; ValueError if not a number.

    With both separators the last one is the decimal mark; a lone comma is always decimal (Latvian).
    """
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).strip().replace(NBSP, "").replace(" ", "").replace("\u202f", "")
    if not s:
        return None
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        s = s.replace(thousands, "")
    if s.count(",") + s.count(".") > 1 or not _NUMBER.match(s):
        raise ValueError(text)
    return float(s.replace(",", "."))
