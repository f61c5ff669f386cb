"""The forms users fill: their fields, the words accepted for them, and the templates to download.

One definition serves both directions: the templates are written from it (openpyxl) and the
uploader reads with it, so a downloaded template is exactly what the uploader accepts. Headers and
list values are matched case- and diacritics-insensitively, in Latvian or English.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lib.domain import Domain, Function
from lib.i18n import LANGUAGES, t
from lib.workload.units import UNITS, conversion

WORKLOAD = "workload"
CASELOAD = "caseload"
SELF_CHECK_MARK = "Σ"  # Nr. cell of the self-check row: the reader stops there


def normalise(text: object) -> str:
    """'  Mēnesī ' → 'menesi': lower case, no diacritics, single spaces, no trailing punctuation."""
    s = str(text)
    return _normalise_short(s) if len(s) <= SHORT_TEXT else _normalise(s)


SHORT_TEXT = 120  # headers and value words repeat in every form: short texts are normalised once


def _normalise(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", s.lower()).strip().strip(" .:*")


_SPACES = re.compile(r"\s+")
_normalise_short = lru_cache(maxsize=8192)(_normalise)


# --- vocabularies (value words) -----------------------------------------------------------------

VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "unit": {
        "week": ("nedēļa", "nedēļā", "nedēļu", "ned", "week", "weekly", "per week", "a week"),
        "month": ("mēnesis", "mēnesī", "mēnesi", "mēn", "month", "monthly", "per month", "a month"),
        "quarter": ("ceturksnis", "ceturksnī", "ceturksni", "cet", "quarter", "quarterly", "per quarter"),
        "year": ("gads", "gadā", "gadu", "year", "yearly", "annual", "per year", "a year"),
    },
    "position": {
        "social_worker": ("sociālais darbinieks", "sociālā darbiniece", "social worker"),
        "senior_social_worker": ("vecākais sociālais darbinieks", "vecākā sociālā darbiniece",
                                 "senior social worker"),
    },
    "specialisation": {
        "families": ("ģimenes ar bērniem", "ģimenes", "families with children", "families"),
        "youth": ("jaunieši", "jauniesi", "youth", "young people"),
        "adults": ("pieaugušie", "pieaugušas personas", "adults"),
        "seniors": ("seniori", "pensijas vecuma personas", "seniors", "older people"),
        "mixed": ("jaukta", "vairākas mērķa grupas", "dažādas mērķa grupas", "mixed", "several target groups"),
    },
    "territory": {
        "city": ("pilsēta", "city", "town"),
        "rural": ("lauku teritorija", "pagasti un lauku teritorijas", "pagasts", "lauki", "rural",
                  "rural parishes", "rural area"),
    },
}


def vocabulary_label(vocab: str, code: str, lang: str | None = None) -> str:
    """A list word (unit, position, territory …) in `lang`, by default the UI's."""
    return t(f"vocab.{vocab}.{code}", lang=lang)


@cache
def _vocabulary_index(vocab: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, words in VOCABULARIES[vocab].items():
        for word in (*words, *(vocabulary_label(vocab, code, lang) for lang in LANGUAGES)):
            index.setdefault(normalise(word), code)
    return index


def match_vocabulary(vocab: str, text: object) -> str | None:
    """The code for a value word in either language (catalog labels count too), or None."""
    return _vocabulary_index(vocab).get(normalise(text))


# --- fields (column headers and worker-sheet labels) --------------------------------------------


@dataclass(frozen=True)
class Field:
    key: str  # catalog: form.field.<key>
    aliases: tuple[str, ...] = ()
    required: bool = False
    note: bool = False  # has form.field.<key>.note (a cell comment in the template)


WORKER_FIELDS: tuple[Field, ...] = (
    Field("worker_code", ("kods", "darbinieks", "code", "worker", "worker id"), required=True, note=True),
    Field("worker_name", ("vārds", "vārds uzvārds", "vārds, uzvārds", "name")),
    Field("position", ("amats", "position", "post")),
    Field("specialisation", ("specializācija", "mērķa grupa", "specialization", "target group")),
    Field("territory", ("teritorija", "darba teritorija", "territory")),
    Field("fte", ("slodze", "fte", "slodzes apjoms"), required=True, note=True),
    Field("social_work_share", ("sociālā darba īpatsvars", "sociālā darba daļa", "social work share"), note=True),
    Field("period_start", ("no", "sākums", "from", "start"), required=True),
    Field("period_end", ("līdz", "beigas", "to", "end"), required=True),
)

FUNCTION_FIELDS: tuple[Field, ...] = (
    Field("function_nr", ("nr", "numurs", "no", "number")),
    Field("group", ("grupa", "funkciju grupa", "group")),
    Field("function", ("funkcija", "function"), required=True),
    Field("hours", ("laiks", "stundas", "laiks stundās", "hours", "time"), required=True, note=True),
    Field("unit", ("periods", "mērvienība", "vienība", "per", "unit", "period"), required=True, note=True),
    Field("result_indicator", ("rezultāts", "rādītājs", "result", "indicator"), note=True),
    Field("result_count", ("skaits", "rezultātu skaits", "count")),
    Field("crisis_clients", ("klienti krīzē", "krīzes klienti", "crisis clients")),
    Field("other_parties", ("citas puses", "iesaistītās puses", "other parties"), note=True),
    Field("comment", ("komentārs", "piezīmes", "comment", "notes")),
    Field("monthly_hours"),
    Field("reference_pct"),
    Field("reference_hours"),
)

CASELOAD_FIELDS: tuple[Field, ...] = (
    Field("worker_code", WORKER_FIELDS[0].aliases, required=True),
    Field("worker_name", WORKER_FIELDS[1].aliases),
    Field("count_date", ("datums", "date", "uz datumu"), required=True),
    Field("active", ("aktīvās", "aktīvās klientu lietas", "active", "active cases"), required=True, note=True),
    Field("in_assessment", ("izvērtēšanā", "izvērtēšanā esošās lietas", "in assessment")),
    Field("inactive", ("neaktīvās", "neaktīvās klientu lietas", "inactive")),
    Field("social_service", ("sociālā pakalpojuma lietas", "pakalpojumu lietas", "social service cases")),
    Field("children_under_12", ("bērni līdz 12", "bērni līdz 12 gadiem", "children under 12"), note=True),
    Field("crisis", ("krīzes lietas", "krīzes gadījumi", "crisis", "crisis cases")),
    Field("fte", WORKER_FIELDS[5].aliases, required=True),
    Field("experience_months", ("pieredze", "pieredze mēnešos", "experience", "experience months")),
    Field("position", WORKER_FIELDS[2].aliases),
    Field("territory", WORKER_FIELDS[4].aliases),
)

# The batch ("many workers") table and a workload CSV: worker fields + function fields on every row.
BATCH_FIELDS: tuple[Field, ...] = WORKER_FIELDS + FUNCTION_FIELDS[:10]

NUMERIC_FUNCTION_FIELDS = ("hours", "result_count", "crisis_clients")
CASELOAD_COUNTS = ("active", "in_assessment", "inactive", "social_service", "children_under_12", "crisis")


def field_label(key: str, lang: str) -> str:
    return t(f"form.field.{key}", lang=lang)


@cache
def header_index(fields: tuple[Field, ...]) -> dict[str, str]:
    """Normalised header text (both languages and aliases) → field key."""
    index: dict[str, str] = {}
    for f in fields:
        for text in (*f.aliases, *(field_label(f.key, lang) for lang in LANGUAGES)):
            index.setdefault(normalise(text), f.key)
    return index


def function_number(d: Domain, function: Function) -> str:
    """'2.3': group position . function position (as in the template's Nr. column)."""
    for gi, group in enumerate(d.reference.groups, start=1):
        for fi, f in enumerate(group.functions, start=1):
            if f.id == function.id:
                return f"{gi}.{fi}"
    raise KeyError(function.id)


def function_lookup(d: Domain) -> dict[str, str]:
    """Nr. ('2.3'), Latvian and English names (normalised) → function id."""
    lookup: dict[str, str] = {}
    for f in d.reference.functions:
        lookup[function_number(d, f)] = f.id
        lookup[normalise(f.name_lv)] = f.id
        lookup[normalise(f.name_en)] = f.id
    return lookup


# --- templates ----------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="F4E4E6")
GROUP_FILLS = ("FFFFFF", "F7F5F2")
INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
BOLD = Font(bold=True)
UNLOCKED = Protection(locked=False)
INPUT_ROWS = 200  # rows prepared (validation, unlocked) in the long-table templates


@dataclass(frozen=True)
class Template:
    file_name: str
    data: bytes


def _instructions(wb: Workbook, kind: str, lang: str, d: Domain) -> None:
    ws = wb.active
    ws.title = t("form.sheet.instructions", lang=lang)
    ws.column_dimensions["A"].width = 110
    ws["A1"] = t(f"form.{kind}.title", lang=lang)
    ws["A1"].font = Font(bold=True, size=14)
    lines = t(f"form.{kind}.instructions", lang=lang, hours=int(d.reference.hours_per_fte_month)).split("\n")
    for row, line in enumerate(lines, start=3):
        ws.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True


def _header(ws: Worksheet, fields: tuple[Field, ...], lang: str, widths: dict[str, int]) -> None:
    for col, f in enumerate(fields, start=1):
        cell = ws.cell(row=1, column=col, value=field_label(f.key, lang))
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if f.note:
            cell.comment = Comment(t(f"form.field.{f.key}.note", lang=lang), "")
        ws.column_dimensions[get_column_letter(col)].width = widths.get(f.key, 16)
    ws.freeze_panes = "A2"


def _list_validation(ws: Worksheet, vocab: str, lang: str, ref: str) -> None:
    words = ",".join(vocabulary_label(vocab, code, lang) for code in VOCABULARIES[vocab])
    dv = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True, showErrorMessage=True,
                        error=t("form.validation.list", lang=lang), errorTitle=field_label(vocab, lang))
    ws.add_data_validation(dv)
    dv.add(ref)


def _number_validation(ws: Worksheet, ref: str, lang: str, kind: str, low: float, high: float | None = None) -> None:
    operator = "between" if high is not None else "greaterThanOrEqual"
    dv = DataValidation(type=kind, operator=operator, formula1=str(low),
                        formula2=None if high is None else str(high), allow_blank=True, showErrorMessage=True,
                        error=t("form.validation.number", lang=lang))
    ws.add_data_validation(dv)
    dv.add(ref)


def _unlock(ws: Worksheet, ref: str) -> None:
    for row in ws[ref]:
        for cell in row:
            cell.protection = UNLOCKED
            cell.fill = INPUT_FILL


def _to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _col(fields: tuple[Field, ...], key: str) -> str:
    return get_column_letter(next(i for i, f in enumerate(fields, start=1) if f.key == key))


def workload_template(d: Domain, lang: str) -> Template:
    """One worker's workload-analysis form (seed 000 Annex 2 as described): worker sheet, the 17
    functions pre-filled and grouped, one time cell + period per row, and a self-check row."""
    wb = Workbook()
    _instructions(wb, "workload", lang, d)

    worker = wb.create_sheet(t("form.sheet.worker", lang=lang))
    worker.column_dimensions["A"].width = 42
    worker.column_dimensions["B"].width = 36
    worker.column_dimensions["C"].width = 70
    for col, key in enumerate(("form.worker.field", "form.worker.value", "form.worker.hint"), start=1):
        cell = worker.cell(row=1, column=col, value=t(key, lang=lang))
        cell.font, cell.fill = BOLD, HEADER_FILL
    rows = {}
    for row, f in enumerate(WORKER_FIELDS, start=2):
        rows[f.key] = row
        worker.cell(row=row, column=1, value=field_label(f.key, lang) + (" *" if f.required else ""))
        worker.cell(row=row, column=3, value=t(f"form.worker.hint.{f.key}", lang=lang)).alignment = Alignment(
            wrap_text=True)
    _unlock(worker, f"B2:B{len(WORKER_FIELDS) + 1}")
    worker.cell(row=rows["social_work_share"], column=2, value=100)
    for vocab in ("position", "specialisation", "territory"):
        _list_validation(worker, vocab, lang, f"B{rows[vocab]}")
    _number_validation(worker, f"B{rows['fte']}", lang, "decimal", 0.01, 1.5)
    _number_validation(worker, f"B{rows['social_work_share']}", lang, "decimal", 1, 100)
    for key in ("period_start", "period_end"):
        worker.cell(row=rows[key], column=2).number_format = "DD.MM.YYYY"
        dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                            error=t("form.validation.date", lang=lang), showErrorMessage=True)
        worker.add_data_validation(dv)
        dv.add(f"B{rows[key]}")
    worker.protection.sheet = True
    fte_ref = f"'{worker.title}'!$B${rows['fte']}"

    ws = wb.create_sheet(t("form.sheet.functions", lang=lang))
    fields = FUNCTION_FIELDS
    _header(ws, fields, lang, {"function_nr": 6, "group": 24, "function": 48, "hours": 10, "unit": 14,
                               "result_indicator": 26, "other_parties": 26, "comment": 36})
    c = {f.key: _col(fields, f.key) for f in fields}
    hours_basis = d.reference.hours_per_fte_month
    factors = conversion(d).factors
    units = {vocabulary_label("unit", code, lang): f"*{factors[code].numerator}/{factors[code].denominator}"
             for code in UNITS}
    row = 2
    for gi, group in enumerate(d.reference.groups):
        fill = PatternFill("solid", fgColor=GROUP_FILLS[gi % 2])
        block_done: set[str] = set()
        for f in group.functions:
            ws[f"{c['function_nr']}{row}"] = function_number(d, f)
            ws[f"{c['group']}{row}"] = group.name(lang)
            ws[f"{c['function']}{row}"] = f.name(lang)
            ws[f"{c['function']}{row}"].comment = Comment(f.duties_lv if lang == "lv" else f.duties_en, "")
            for key in ("function_nr", "group", "function"):
                ws[f"{c[key]}{row}"].fill = fill
                ws[f"{c[key]}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
            to_month = "+".join(f'({c["unit"]}{row}="{w}")*{c["hours"]}{row}{x}' for w, x in units.items())
            ws[f"{c['monthly_hours']}{row}"] = f"=ROUND({to_month},2)"
            pct = f.pct
            if f.block and f.block not in block_done:
                block_done.add(f.block)
                pct = next(b.pct for b in group.blocks if b.id == f.block)
                ws[f"{c['reference_pct']}{row}"].comment = Comment(t("form.block_note", lang=lang), "")
            if pct is not None:
                ws[f"{c['reference_pct']}{row}"] = pct
                ws[f"{c['reference_hours']}{row}"] = f"=ROUND({c['reference_pct']}{row}*{hours_basis}*{fte_ref}/100,2)"
            row += 1
    last = row - 1
    _unlock(ws, f"{c['hours']}2:{c['comment']}{last}")
    _list_validation(ws, "unit", lang, f"{c['unit']}2:{c['unit']}{last}")
    _number_validation(ws, f"{c['hours']}2:{c['hours']}{last}", lang, "decimal", 0)
    for key in ("result_count", "crisis_clients"):
        _number_validation(ws, f"{c[key]}2:{c[key]}{last}", lang, "whole", 0)

    check = last + 2
    ws[f"{c['function_nr']}{check}"] = SELF_CHECK_MARK
    ws[f"{c['function']}{check}"] = t("form.self_check.label", lang=lang)
    total = f"SUM({c['monthly_hours']}2:{c['monthly_hours']}{last})"
    norm = f"{hours_basis}*{fte_ref}"
    ws[f"{c['monthly_hours']}{check}"] = f"=ROUND({total},2)"
    ws[f"{c['reference_hours']}{check}"] = f"=ROUND({norm},2)"
    ws[f"{c['comment']}{check}"] = (
        f'=IF({fte_ref}="","{t("form.self_check.no_fte", lang=lang)}",IF({total}>{norm},'
        f'"{t("form.self_check.overtime", lang=lang)} "&TEXT({total}-{norm},"0.0")&" h",'
        f'"{t("form.self_check.ok", lang=lang)}"))'
    )
    for key in ("function", "monthly_hours", "reference_hours", "comment"):
        ws[f"{c[key]}{check}"].font = BOLD
    ws.protection.sheet = True
    return Template(t("form.workload.file_name", lang=lang), _to_bytes(wb))


def _long_template(kind: str, fields: tuple[Field, ...], sheet_key: str, d: Domain, lang: str) -> Template:
    wb = Workbook()
    _instructions(wb, kind, lang, d)
    ws = wb.create_sheet(t(sheet_key, lang=lang))
    _header(ws, fields, lang, {"function": 40, "comment": 30, "result_indicator": 24, "other_parties": 24})
    last = INPUT_ROWS + 1
    keys = [f.key for f in fields]
    _unlock(ws, f"A2:{get_column_letter(len(fields))}{last}")
    for vocab in ("position", "specialisation", "territory", "unit"):
        if vocab in keys:
            col = _col(fields, vocab)
            _list_validation(ws, vocab, lang, f"{col}2:{col}{last}")
    for key in ("fte",):
        col = _col(fields, key)
        _number_validation(ws, f"{col}2:{col}{last}", lang, "decimal", 0.01, 1.5)
    for key in (*CASELOAD_COUNTS, "experience_months", "result_count", "crisis_clients"):
        if key in keys:
            col = _col(fields, key)
            _number_validation(ws, f"{col}2:{col}{last}", lang, "whole", 0)
    for key in ("period_start", "period_end", "count_date"):
        if key in keys:
            col = _col(fields, key)
            for (cell,) in ws[f"{col}2:{col}{last}"]:
                cell.number_format = "DD.MM.YYYY"
    if "function" in keys:
        names = [f.name(lang) for f in d.reference.functions]
        lists = wb.create_sheet(t("form.sheet.lists", lang=lang))
        for i, name in enumerate(names, start=1):
            lists.cell(row=i, column=1, value=name)
        lists.sheet_state = "hidden"
        col = _col(fields, "function")
        dv = DataValidation(type="list", formula1=f"'{lists.title}'!$A$1:$A${len(names)}", allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    ws.protection.sheet = True
    return Template(t(f"form.{kind}.file_name", lang=lang), _to_bytes(wb))


def batch_template(d: Domain, lang: str) -> Template:
    """Many workers in one long table: one row per worker × function (the same columns as a CSV)."""
    return _long_template("batch", BATCH_FIELDS, "form.sheet.data", d, lang)


def caseload_template(d: Domain, lang: str) -> Template:
    """Caseload counts: one row per worker and date."""
    return _long_template("caseload", CASELOAD_FIELDS, "form.sheet.caseload", d, lang)
