"""Caseload answers and tables in the UI language (numbers with a decimal comma in Latvian)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from lib import sources
from lib.caseload import rules
from lib.caseload.rules import Line, Settings
from lib.caseload.team import TeamRow
from lib.domain import Domain
from lib.i18n import current_language, fmt_date, fmt_num, fmt_value, t

ICONS = {rules.OK: ":material/check_circle:", rules.ABOVE: ":material/arrow_upward:",
         rules.BELOW: ":material/arrow_downward:", rules.NOTE: ":material/info:"}


def line_text(line: Line) -> str:
    return t(f"caseload.line.{line.key}.{line.status}", **{k: _shown(k, v) for k, v in line.params})


def _shown(name: str, value: object) -> object:
    """A message parameter as shown; an FTE with the decimals it has (0,75 and 0,05 are not 0,8
    and 0,1 in the printed division)."""
    if name == "fte" and isinstance(value, float):
        return fmt_num(value, 2).rstrip("0").rstrip(",.") or "0"
    return fmt_value(value)


def answer(d: Domain, case: rules.Case, settings: Settings) -> list[tuple[str, str, str]]:
    """(icon, text, source) for every line of the answer."""
    return [(ICONS[line.status], line_text(line),
             t("caseload.source", source=sources.cite(line.source)))
            for line in rules.assess(d, case, settings)]


def team_table(d: Domain, rows: list[TeamRow], settings: Settings) -> tuple[list[dict[str, str]], Counter, date]:
    """The latest date's row per worker, with its status against 10–20 and any other flags."""
    latest = max(r.count_date for r in rows)
    table, counts = [], Counter()
    for r in (r for r in rows if r.count_date == latest):
        lines = {line.key: line for line in rules.assess(d, r.case, settings)}
        status = lines["active"].status
        counts[status] += 1
        notes = []
        if "children" in lines and lines["children"].status == rules.ABOVE:
            notes.append(t("caseload.team.flag.children", limit=dict(lines["children"].params)["limit"]))
        if "less_experienced" in lines and lines["less_experienced"].status == rules.ABOVE:
            limit = dict(lines["less_experienced"].params)["limit"]
            notes.append(t("caseload.team.flag.less_experienced", limit=limit))
        table.append({
            t("caseload.team.col.worker"): r.code,
            t("caseload.team.col.date"): fmt_date(r.count_date),
            t("caseload.team.col.fte"): fmt_num(r.case.fte, 2),
            t("caseload.team.col.active"): str(r.case.active),
            t("caseload.team.col.per_fte"): fmt_num(rules.per_fte(r.case.active, r.case.fte), 1),
            t("caseload.team.col.assessment"): str(r.case.in_assessment),
            t("caseload.team.col.children"): "–" if r.case.children_under_12 is None else str(r.case.children_under_12),
            t("caseload.team.col.status"): t(f"caseload.status.{status}"),
            t("caseload.team.col.notes"): ", ".join(notes),
        })
    return table, counts, latest


def history_rows(rows: list[TeamRow]) -> list[dict[str, object]]:
    return [{"worker": r.code, "date": r.count_date, "per_fte": rules.per_fte(r.case.active, r.case.fte)}
            for r in rows]


def statistics_table(d: Domain) -> list[dict[str, str]]:
    lang = current_language()
    return [{t("caseload.context.col.area"): r.name_en if lang == "en" else r.name_lv,
             t("caseload.context.col.year"): fmt_num(r.per_worker_year, 2),
             t("caseload.context.col.december"): fmt_num(r.per_worker_december, 2)}
            for r in rules.statistics_2022(d)]


def context_texts(d: Domain) -> list[str]:
    base = next(i for i in d.statistics["policy_targets"]["items"] if i["kind"] == "baseline")
    survey = d.statistics["survey_2023_avg_active"]
    return [t("caseload.context.targets", base=base["active_cases_per_worker"]),
            t("caseload.context.survey", low=survey["min"], high=survey["max"])]
