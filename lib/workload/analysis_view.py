"""Workload-analysis texts, tables, chart rows and exports in the UI language."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook

from lib.domain import Domain
from lib.exports import DATE_FORMAT, ONE_DECIMAL, Column, safe_cell, sheet_title, table_sheet, workbook_bytes
from lib.i18n import current_language, fmt_date, fmt_num, fmt_value, t
from lib.workload import analysis
from lib.workload import reference_view as rview
from lib.workload.analysis import Form, Team, WorkerResult
from lib.workload.team import Member, TeamView

MEASURE_TRIGGERS = {  # recommendation n (analysis.measure.n) ← ids or flags that call for it (000:1695-1907)
    0: {"preparation_and_assessment", "situation_assessment", "preparation", "home_visits", "core_low"},
    1: {"situation_assessment", "other_persons_combined", "work_with_other_persons"},
    2: {"case_documentation", "case_data_entry", "paperwork"},
    3: {"reports_and_information"},
    4: {"other_persons_combined", "work_with_other_persons"},
    5: {"internal_meetings"},
    6: {"overtime", "other_high"},
}


def names(d: Domain) -> dict[str, str]:
    lang = current_language()
    out = {s.id: s.name(lang) for s in rview.slots(d)}
    out.update({g.id: g.name(lang) for g in d.reference.groups})
    return out


def period(form: Form | Member) -> str:
    return f"{fmt_date(form.period_start)}–{fmt_date(form.period_end)}"


def flag_text(d: Domain, flag: analysis.Flag, label: dict[str, str] | None = None) -> str:
    params = {k: fmt_value(v) for k, v in flag.params}
    if "id" in params:
        params["name"] = (label or names(d))[dict(flag.params)["id"]]
    return t(f"analysis.flag.{flag.key}", **params)


def flags_line(d: Domain, result: WorkerResult | Member, label: dict[str, str]) -> str:
    return " ".join(flag_text(d, f, label).replace("**", "") for f in result.flags)


def explanation_text(d: Domain, result: WorkerResult) -> str | None:
    parts = analysis.explanation(result)
    if not parts:
        return None
    out = []
    for part, params in parts:
        key = f"analysis.explain.{part}"
        p = dict(params)
        values = {k: fmt_value(v) for k, v in p.items()}
        if "id" in p:
            values["name"] = names(d)[p["id"]]
        if part == "core":
            key = f"{key}.{p['direction']}"
            values["hours"] = fmt_num(abs(p["hours"]) if p["direction"] == "over" else p["hours"], 1)
        out.append(t(key, **values))
    return " ".join(out)


def _in_table_order(result: WorkerResult) -> list[analysis.Deviation]:
    """Each group followed by its functions (the page's table and the report's sheets)."""
    return [x for g in result.groups for x in (g, *(s for s in result.slots if s.group_id == g.id))]


def deviation_table(d: Domain, result: WorkerResult, reading: str) -> list[dict[str, str]]:
    threshold = d.workload_rules["rules"]["significant_deviation"]["value"]
    label = names(d)
    return [{
        t("analysis.col.item"): f"▸ {label[x.id]}" if x.id == x.group_id else label[x.id],
        t("analysis.col.actual"): fmt_num(x.actual_pct, 1),
        t("analysis.col.reference"): fmt_num(x.reference_pct, 1),
        t("analysis.col.pp"): fmt_num(x.pp, 1),
        t("analysis.col.relative"): fmt_value(x.relative),
        t("analysis.col.hours"): fmt_num(x.hours, 1),
        t("analysis.col.reference_hours"): fmt_num(x.reference_hours, 1),
        t("analysis.col.significant"): t("analysis.yes") if x.significant(threshold, reading) else "",
    } for x in _in_table_order(result)]


def team_table(d: Domain, team: TeamView) -> list[dict[str, str]]:
    label = names(d)
    return [{
        t("analysis.col.worker"): m.code,
        t("analysis.col.period"): period(m),
        **{label[g]: fmt_num(pct, 1) for g, pct in m.groups.items()},
        t("analysis.col.flags"): flags_line(d, m, label),
    } for m in team.members]


def heatmap_rows(d: Domain, team: TeamView) -> list[dict[str, object]]:
    """One cell per worker and function. `tone` carries the meaning: more time than the reference on
    a core (direct social work) function is blue, more time on other duties is red."""
    label = names(d)
    core = {s.id for s in rview.slots(d) if s.is_core}
    return [{"worker": m.code, "item": label[slot], "pp": round(pp, 1), "text": fmt_num(pp, 1),
             "tone": round(pp if slot in core else -pp, 1)} for m in team.members for slot, pp in m.slot_pp.items()]


def group_rows(d: Domain, team: Team | TeamView, ref_groups: dict[str, float]) -> list[dict[str, object]]:
    label = names(d)
    audit = rview.audit_column(d, team.benchmark)
    rows = []
    for g in d.reference.groups:
        rows += [{"item": label[g.id], "series": t("analysis.series.team"), "pct": team.mean_groups[g.id]},
                 {"item": label[g.id], "series": t("analysis.series.reference"), "pct": ref_groups[g.id]},
                 {"item": label[g.id], "series": audit.label, "pct": audit.by_group[g.id]}]
    return rows


def trend_rows(d: Domain, results: list[WorkerResult]) -> list[dict[str, object]]:
    """Group shares per period end; several workers in one period are averaged (the team line)."""
    by_period: dict[tuple, list[float]] = {}
    for r in results:
        for g in r.groups:
            by_period.setdefault((r.form.period_end, g.id), []).append(g.actual_pct)
    return trend_chart_rows(d, [(end, gid, sum(v) / len(v)) for (end, gid), v in by_period.items()])


def trend_chart_rows(d: Domain, points: list[tuple[date, str, float]]) -> list[dict[str, object]]:
    """(period end, group, %) as the trend chart's rows (team.trend computes them in the store)."""
    label = names(d)
    return [{"period": end, "series": label[gid], "pct": pct} for end, gid, pct in points]


def measures(team: TeamView) -> list[str]:
    seen = {dict(f.params).get("id", f.key) for m in team.members for f in m.flags} | set(team.flag_counts)
    return [t(f"analysis.measure.{n}") for n, triggers in MEASURE_TRIGGERS.items() if triggers & seen]


def export_xlsx(d: Domain, team: Team, reading: str, service: str, reference_name: str, made: date) -> bytes:
    """Team sheet, then one sheet per worker: the page's numbers as numbers (rounded as shown), dates
    as dates, each sheet with its title block, styled header and print setup."""
    label = names(d)
    threshold = d.workload_rules["rules"]["significant_deviation"]["value"]
    head = [t("export.service", service=service), t("export.made", date=fmt_date(made)),
            t("export.basis", basis=reference_name),
            t("export.workload.reading", reading=t(f"analysis.reading.{reading}"))]
    wb = Workbook()
    ws = wb.active
    ws.title = t("analysis.export.team_sheet")
    titles = {ws.title}
    groups = d.reference.groups
    table_sheet(ws, [f"{t('export.workload.title')} — {ws.title}", *head],
                [Column(t("analysis.col.worker"), 12), Column(t("analysis.col.from"), 12, DATE_FORMAT),
                 Column(t("analysis.col.to"), 12, DATE_FORMAT),
                 *(Column(f"{label[g.id]}, %", 16, ONE_DECIMAL, wrap=True) for g in groups),
                 Column(t("analysis.col.flags"), 70, wrap=True)],
                ([r.form.code, r.form.period_start, r.form.period_end, *(round(g.actual_pct, 1) for g in r.groups),
                  flags_line(d, r, label)] for r in team.results))
    header = list(deviation_table(d, team.results[0], reading)[0]) if team.results else []
    for r in team.results:
        sheet = wb.create_sheet(sheet_title(f"{r.form.code[:20]}_{r.form.period_end:%Y%m%d}", titles))
        table_sheet(sheet, [f"{t('export.workload.title')} — {r.form.code} · {period(r.form)}", *head],
                    [Column(header[0], 48, wrap=True), *(Column(h, 13, ONE_DECIMAL, wrap=True) for h in header[1:7]),
                     Column(header[7], 11)],
                    ([label[x.id], round(x.actual_pct, 1), round(x.reference_pct, 1), round(x.pp, 1),
                      None if x.relative is None else round(x.relative, 1), round(x.hours, 1),
                      round(x.reference_hours, 1), t("analysis.yes") if x.significant(threshold, reading) else ""]
                     for x in _in_table_order(r)))
    return workbook_bytes(wb)


def export_csv(d: Domain, team: TeamView) -> bytes:
    rows = team_table(d, team)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue().encode("utf-8-sig")
