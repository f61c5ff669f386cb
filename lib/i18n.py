"""One catalog for every user-visible string, Latvian first; number and date formats per language.

`t(key)` reads the language of the current script run (a context variable set by app.py at the top
of each run), so pages never pass it around. Latvian uses a decimal comma and dd.mm.yyyy dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import ClassVar, TypeVar

LANGUAGES: tuple[str, ...] = ("lv", "en")
DEFAULT_LANGUAGE = "lv"
LOCALES = Path(__file__).resolve().parent / "locales"
NBSP = "\u00a0"
T = TypeVar("T")

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


def bound(fn: Callable[..., T], *args: object, **kwargs: object) -> Callable[[], T]:
    """`fn(*args, **kwargs)` to run later in this run's language: a download built on click runs
    outside the script run, where the language would fall back to Latvian."""
    lang = current_language()

    def run() -> T:
        token = _language.set(lang)
        try:
            return fn(*args, **kwargs)
        finally:
            _language.reset(token)

    return run


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


class Refused(ValueError):
    """Something refused for a reason the user must read: `key` completes the catalog key of the
    message (each subclass says its prefix; without one the key is the whole catalog key), `params`
    fill it in."""

    prefix: ClassVar[str] = ""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params

    @property
    def catalog_key(self) -> str:
        return f"{self.prefix}.{self.key}" if self.prefix else self.key

    def message(self, lang: str | None = None) -> str:
        return t(self.catalog_key, lang=lang, **self.params)


class NumberProblem(Refused):
    """Why typed text is not an acceptable number or date (catalog key number.<key>). The limits stay
    numbers until `message` writes them, in the language of the run that shows it (a callback that
    catches this runs before the router has set the language)."""

    prefix = "number"

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        decimals = int(params.pop("decimals", 0))
        return t(self.catalog_key, lang=lang, **{k: fmt_num(v, decimals, lang) for k, v in params.items()})


def read_number(text: str | None, minimum: float, maximum: float, decimals: int = 0,
                allow_empty: bool = False) -> float | int | None:
    """A number typed in a field, with the decimal comma or point: whole when `decimals` is 0,
    otherwise rounded to `decimals`; within [minimum, maximum]. Raises NumberProblem."""
    try:
        value = parse_num(text)
    except ValueError:
        raise NumberProblem("not_a_number") from None
    if value is None:
        if allow_empty:
            return None
        raise NumberProblem("empty")
    if decimals == 0 and value != int(value):
        raise NumberProblem("whole", minimum=minimum, maximum=maximum)
    value = int(value) if decimals == 0 else round(value, decimals)
    if not minimum <= value <= maximum:
        raise NumberProblem("range", minimum=minimum, maximum=maximum, decimals=decimals)
    return value


_DATE_LV = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def read_date(text: str | None, allow_empty: bool = True) -> date | None:
    """A date typed as Latvians write it (31.12.2026, also 1.2.2027 and 31.12.2026.) or as ISO
    (2026-12-31). Raises NumberProblem("date") for anything else or a day that does not exist."""
    text = (text or "").strip()
    if not text:
        if allow_empty:
            return None
        raise NumberProblem("date")
    lv, iso = _DATE_LV.match(text), _DATE_ISO.match(text)
    try:
        if lv:
            return date(int(lv.group(3)), int(lv.group(2)), int(lv.group(1)))
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:
        pass
    raise NumberProblem("date")


def fmt_date_input(value: date | None, lang: str | None = None) -> str:
    """A date as it stands in a field: the way fmt_date writes it, empty for none."""
    return "" if value is None else fmt_date(value, lang)


def fmt_input(value: float | int | None, decimals: int = 0, lang: str | None = None) -> str:
    """A number as it stands in an input field: the UI language's decimal mark, no thousands
    separator (a field holding '1 234' is read back the same), trailing zeros kept to `decimals`."""
    if value is None:
        return ""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if (lang or current_language()) == "lv" else text

# Inline Markdown that can change what a user sees: emphasis, code, links and images ([ ]), HTML and
# autolinks (<), LaTeX ($), strikethrough (~), tables (|), shortcodes (:smile:, :material/x:,
# :red[x]); parentheses, dots and dashes alone are harmless and stay, so numbers read the same.
_MARKDOWN = re.compile(r"([\\`*_\[\]<$~|]|:(?=[A-Za-z/])|(?<=material)/)", re.IGNORECASE)
# What starts a block only at the start of a line: headings, quotes, lists, "1. Līderība", rules.
_LINE_START = re.compile(r"^(\s*)([#>+]|-(?=\s|-)|=(?==|\s*$)|\d+(?=[.)](?:\s|$)))", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Streamlit's Markdown turns bare URLs and e-mail addresses into links even when escaped; an
# invisible word joiner after the scheme or the @ keeps them text.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www)(?=\\?[:.])|(?<=\w)(@)(?=\w)")
WORD_JOINER = "\u2060"


_ORDINAL_START = re.compile(r"^(\s*\d+)(?=[.)](?:\s|$))", re.MULTILINE)


def not_a_list(text: str) -> str:
    """Our own Markdown text that may start a line with a Latvian ordinal ("2023. gadā", "2. līmenis",
    "1. kārta"): Markdown would make it an ordered list and drop the number. The one way to show such
    text; user text goes through `plain`, which does this too."""
    return _ORDINAL_START.sub(r"\1\\", text)


def plain(text: object) -> str:
    """User text (a name, a file name, evidence) shown literally where Streamlit renders Markdown:
    inline Markdown, HTML, LaTeX and shortcode characters are escaped (`![x](url)` must not load an
    image in a colleague's browser, `:material/x:` must not become an icon), a line may not start a
    list or a heading ("1. Līderība", "- x"), a URL or e-mail address is not made a link, control
    characters are dropped and line breaks kept.
    Dots, commas and dashes inside the text stay as they are, so numbers read the same."""
    escaped = _MARKDOWN.sub(r"\\\1", _CONTROL.sub("", str(text)))
    escaped = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, escaped)
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2).isdigit() else "\\" + m.group(2)),
                           escaped).replace("\n", "  \n")
