"""One catalog, two complete languages, Latvian number formats."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import i18n
from lib.i18n import fmt_date, fmt_num, fmt_pct, parse_num, t

ROOT = Path(__file__).resolve().parent.parent
KEY_PREFIXES = sorted({k.split(".")[0] for k in i18n.catalog("lv")})
# Any plain string literal shaped like a catalog key (t("…"), flash(…, "…"), ProfileError(…, "…")).
LITERAL_KEY = re.compile(r"""(?<![\w{])["'](""" + "|".join(KEY_PREFIXES) + r""")(\.[a-z0-9_]+)+["']""")
FILE_SUFFIXES = {"duckdb", "json", "py", "toml"}  # file names such as "app.duckdb" are not keys
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_both_catalogs_have_the_same_keys():
    lv, en = i18n.catalog("lv"), i18n.catalog("en")
    assert set(lv) - set(en) == set()
    assert set(en) - set(lv) == set()
    assert all(v.strip() for v in lv.values()) and all(v.strip() for v in en.values())


def test_placeholders_agree_between_languages():
    lv, en = i18n.catalog("lv"), i18n.catalog("en")
    for key in lv:
        assert set(PLACEHOLDER.findall(lv[key])) == set(PLACEHOLDER.findall(en[key])), key


def test_every_literal_key_in_code_exists():
    sources = [*ROOT.glob("lib/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
    found = {m.group(0)[1:-1] for path in sources for m in LITERAL_KEY.finditer(path.read_text(encoding="utf-8"))}
    used = {key for key in found if key.rsplit(".", 1)[1] not in FILE_SUFFIXES}
    assert used, "the scan found no t() calls"
    missing = sorted(used - set(i18n.catalog("lv")))
    assert missing == []


def test_latvian_is_the_default_and_unknown_languages_fall_back():
    assert i18n.current_language() == "lv"
    assert t("nav.home") == "Sākums"
    assert t("nav.home", lang="en") == "Home"
    for raw in (None, "", "de", "EN ", "lv-LV"):
        assert i18n.normalise_language(raw) == ("en" if raw == "EN " else "lv")


def test_missing_key_shows_itself():
    assert t("no.such.key") == "no.such.key"


@pytest.mark.parametrize(
    ("value", "decimals", "lv", "en"),
    [(1234.5, 1, "1\u00a0234,5", "1,234.5"), (0.5, 2, "0,50", "0.50"), (168, 0, "168", "168"),
     (-15.25, 1, "-15,2", "-15.2"), (None, 1, "–", "–")],
)
def test_number_formats(value, decimals, lv, en):
    assert fmt_num(value, decimals, "lv") == lv
    assert fmt_num(value, decimals, "en") == en


def test_percent_and_date_formats():
    assert fmt_pct(60, 0, "lv") == "60\u00a0%"
    assert fmt_pct(12.5, 1, "en") == "12.5\u00a0%"
    assert fmt_date(date(2026, 3, 9), "lv") == "09.03.2026"
    assert fmt_date(date(2026, 3, 9), "en") == "2026-03-09"


@pytest.mark.parametrize(
    ("text", "value"),
    [("12,5", 12.5), ("12.5", 12.5), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1.234,5", 1234.5),
     ("1,234.5", 1234.5), (" 7 ", 7.0), ("-0,25", -0.25), (",5", 0.5), ("", None), (None, None), (3, 3.0)],
)
def test_parse_accepts_comma_and_point(text, value):
    assert parse_num(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.2.3", "12h", "--1", "1e5"])
def test_parse_rejects_non_numbers(text):
    with pytest.raises(ValueError):
        parse_num(text)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_latvian_format_then_parse_round_trips(value, decimals):
    shown = fmt_num(value, decimals, "lv")
    assert parse_num(shown) == pytest.approx(round(value, decimals), abs=10 ** -decimals)


@given(st.floats(min_value=-999, max_value=999, allow_nan=False), st.integers(min_value=1, max_value=4))
def test_english_decimals_parse_back(value, decimals):
    # A lone comma is read as the Latvian decimal mark, so English thousands groups are not round-tripped.
    shown = fmt_num(value, decimals, "en")
    assert parse_num(shown) == pytest.approx(round(value, decimals), abs=10 ** -decimals)


def test_our_own_text_starting_with_an_ordinal_never_becomes_a_list():
    from lib.i18n import not_a_list
    assert not_a_list("2023. gadā") == "2023\\. gadā"
    assert not_a_list("1. kārta: x\n2) y") == "1\\. kārta: x\n2\\) y"
    assert not_a_list("1.5 % un 2. līmenis") == "1.5 % un 2. līmenis"  # a decimal, and not at a line start
    assert not_a_list("1\\. jau") == "1\\. jau"  # never twice


@pytest.mark.parametrize(("text", "expected"), [
    ("31.12.2026", date(2026, 12, 31)), ("1.2.2027", date(2027, 2, 1)), ("31.12.2026.", date(2026, 12, 31)),
    ("2026-12-31", date(2026, 12, 31)), ("  ", None), ("", None)])
def test_dates_read_the_latvian_way_and_as_iso(text, expected):
    assert i18n.read_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "12/31/2026", "2026.12.31", "31.12.26", "rīt"])
def test_a_date_that_cannot_be_read_is_refused(text):
    with pytest.raises(i18n.NumberProblem) as exc:
        i18n.read_date(text)
    assert exc.value.key == "date" and t("number.date") == "Ierakstiet datumu kā 31.12.2026."
