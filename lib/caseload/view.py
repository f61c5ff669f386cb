"""Caseload answers and tables in the UI language (numbers with a decimal comma in Latvian)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from lib import sources
from lib.caseload import rules, team
from lib.caseload.rules import Line, Settings
from lib.caseload.team import TeamRow
from lib.domain import Domain
from lib.i18n import current_language, fmt_date, fmt_num, fmt_value, t

ICONS = {rules.OK: ":material/check_circle:", rules.ABOVE: ":material/arrow_upward:",
         rules.BELOW: ":material/arrow_downward:", rules.NOTE: ":material/info:"}


def line_text(line: Line) -> str:
    return t(f"caseload.line.{line.key}.{line.status}", **{k: _shown(k, v) for k, v in line.params})


def _shown(name: str, value: object) -> object:
    """A message parameter as shown; an FTE with two decimals (0,75 and 0,05 are not 0,8 and 0,1 in
    the printed division)."""
    if name == "fte" and isinstance(value, float | int):
        return fmt_num(value, 2)
    return fmt_value(value)


def answer(d: Domain, case: rules.Case, settings: Settings) -> list[tuple[str, str, str]]:
    """(icon, text, source) for every line of the answer."""
    return [(ICONS[line.status], line_text(line),
             t("caseload.source", source=sources.cite(line.source)))
            for line in rules.assess(d, case, settings)]


def team_table(d: Domain, rows: list[TeamRow], settings: Settings) -> tuple[list[dict[str, str]], Counter, date]:
    """The latest date's row per worker, judged by the range for that worker's situation (crisis
    5–7, less experienced ≤ 10, senior no single number, otherwise 10–20), with any other flags."""
    shown = team.latest(rows)
    table, counts = [], Counter()
    for r in shown:
        lines = rules.assess(d, r.case, settings)
        first = lines[0]
        counts[first.status] += 1
        notes = [t("caseload.team.flag.children", limit=dict(x.params)["limit"])
                 for x in lines if x.key == "children" and x.status == rules.ABOVE]
        table.append({
            t("caseload.team.col.worker"): r.code,
            t("caseload.team.col.date"): fmt_date(r.count_date),
            t("caseload.team.col.fte"): fmt_num(r.case.fte, 2),
            t("caseload.team.col.active"): str(r.case.active),
            t("caseload.team.col.crisis"): str(r.case.crisis),
            t("caseload.team.col.per_fte"): fmt_num(rules.per_fte(r.case.active, r.case.fte), 1),
            t("caseload.team.col.assessment"): str(r.case.in_assessment),
            t("caseload.team.col.children"): "–" if r.case.children_under_12 is None else str(r.case.children_under_12),
            t("caseload.team.col.range"): t(f"caseload.team.range.{first.key}", **{k: _shown(k, v)
                                                                                  for k, v in first.params}),
            t("caseload.team.col.status"): t(f"caseload.status.{first.status}"),
            t("caseload.team.col.notes"): ", ".join(notes),
        })
    return table, counts, shown[0].count_date


def team_sources(d: Domain) -> list[dict]:
    """The passages behind the ranges the team table judges by."""
    c = d.caseload
    rural = next(f for f in c["factors"] if f["value"]["id"] == "rural_territory")
    return [*c["optimal_active_per_fte"]["source"], *c["crisis_focus"]["source"], *c["less_experienced"]["source"],
            *c["senior"]["source"], *rural["source"]]


@dataclass(frozen=True)
class NormAnswer:
    """The staffing norm on the numbers entered or uploaded, as the page and the PDF say it."""

    staffing: rules.Staffing | None  # None while the population or the social workers' FTE is unknown
    ask: str  # "ierakstiet …" for what is missing; "" when nothing is
    verdict: str  # met / below, once the other specialists are known too; "" before
    meets: bool


def norm_answer(d: Domain, inhabitants: int | None, social_workers: float | None, others: float | None
                ) -> NormAnswer:
    missing = [t(f"caseload.staffing.missing.{name}") for name, value in
               (("inhabitants", inhabitants), ("social_workers", social_workers), ("others", others))
               if value is None]
    result = None if social_workers is None else rules.staffing(d, inhabitants or 0, social_workers, others or 0.0)
    verdict = "" if result is None or others is None else t(
        "caseload.staffing.meets" if result.meets_norm else "caseload.staffing.below",
        have=fmt_num(result.specialists, 2), needed=fmt_num(result.needed, 2))
    return NormAnswer(result, t("caseload.staffing.ask", missing=", ".join(missing)) if missing else "", verdict,
                      bool(result and result.meets_norm))


def need_text(need: rules.Need) -> str:
    """The staffing need in words: the FTE range, and the FTE the service has against it."""
    fte_range = t("caseload.need.range", low=fmt_num(need.low_fte, 2), high=fmt_num(need.high_fte, 2),
                  active=need.active)
    if need.crisis:
        fte_range += " " + t("caseload.need.crisis", crisis=need.crisis)
    if need.status is None:
        return fte_range
    return fte_range + " " + t(f"caseload.need.{need.status}", have=fmt_num(need.have_fte, 2),
                               per_fte=fmt_num(rules.per_fte(need.active, need.have_fte or 0), 1))


def history_rows(rows: list[TeamRow]) -> list[dict[str, object]]:
    return [{"worker": r.code, "date": r.count_date, "per_fte": rules.per_fte(r.case.active, r.case.fte)}
            for r in rows]


def statistics_table(d: Domain) -> list[dict[str, str]]:
    lang = current_language()
    return [{t("caseload.context.col.area"): r.name_en if lang == "en" else r.name_lv,
             t("caseload.context.col.year"): fmt_num(r.per_worker_year, 2),
             t("caseload.context.col.december"): fmt_num(r.per_worker_december, 2)}
            for r in rules.statistics_2022(d)]


def context_texts(d: Domain) -> list[tuple[str, str]]:
    """The seed's further caseload facts, each (text, its citation)."""
    c, s = d.caseload, d.statistics
    base = next(i for i in s["policy_targets"]["items"] if i["kind"] == "baseline")
    survey = s["survey_2023_avg_active"]
    heads = next(x for x in s["ex_post_2017"] if "heads_named_avg" in x["value"])
    study = next(x for x in s["ex_post_2017"] if "study_avg_cases" in x["value"])
    derivation, hours = c["derivation"], c["per_client_hours"]["ranges"]
    band = c["optimal_active_per_fte"]
    return [
        (t("caseload.context.targets", base=base["active_cases_per_worker"]),
         sources.cite(s["policy_targets"]["source"])),
        (t("caseload.context.survey", low=survey["min"], high=survey["max"]), sources.cite(survey["source"])),
        (t("caseload.context.total", total=c["total_survey_avg"]["value"], low=c["inactive_survey"]["min"],
           high=c["inactive_survey"]["max"]),
         sources.cite([*c["total_survey_avg"]["source"], *c["inactive_survey"]["source"]])),
        (t("caseload.context.heads", avg=heads["value"]["heads_named_avg"], most=heads["value"]["heads_named_max"],
           study=study["value"]["study_avg_cases"], upper=study["value"]["upper_indicator_range"]),
         sources.cite([*heads["source"], *study["source"]])),
        (t("caseload.context.derivation", band_low=band["min"], band_high=band["max"],
           share=c["client_work_share_pct"], hours=derivation["client_work_hours_month"],
           consult=_hours(hours[0]), documents=_hours(hours[1]), institutions=_hours(hours[2]),
           colleagues=_hours(hours[3])),
         sources.cite(derivation["source"])),
    ]


def _hours(r: dict) -> str:
    """A per-client time range as the seed prints it: "1–2", "0,5–1,5"."""
    low, high = r["hours_min"], r["hours_max"]
    return f"{fmt_num(low, 0 if low == int(low) else 1)}–{fmt_num(high, 0 if high == int(high) else 1)}"
