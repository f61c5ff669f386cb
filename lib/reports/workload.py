"""The workload-analysis PDF: a team summary a service head can send to the council (team against the
reference and the audit, the flagged workers, the measures the method recommends, the next analysis
date), then one page per worker with their flags, explanation and deviation table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib import charts, sources
from lib.domain import Domain
from lib.i18n import fmt_date, fmt_num, t
from lib.reports import pictures
from lib.reports.document import PAGES, Meta, Report
from lib.workload import analysis
from lib.workload import analysis_view as view
from lib.workload import team as team_data
from lib.workload.analysis import Team


@dataclass(frozen=True)
class WorkloadReport:
    """What the analysis page shows, handed to the report as it stands."""

    service: str
    municipality: str
    reference_name: str
    reading: str
    team: Team
    reference_groups: dict[str, float]
    next_analysis: date
    years: int  # between analyses: 3 as recommended, 1–2 with an alignment plan
    made: date


def pdf(d: Domain, r: WorkloadReport) -> bytes:
    meta = Meta(t("export.workload.title"), r.service, r.municipality, r.reference_name, r.made)
    doc = Report(meta)
    doc.alias_nb_pages(PAGES)
    doc.add_page()
    _summary(d, doc, r)
    label = view.names(d)
    for result in r.team.results:
        doc.add_page()
        _worker(d, doc, result, r.reading, label)
    return doc.output_bytes()


def _summary(d: Domain, doc: Report, r: WorkloadReport) -> None:
    team, results = r.team, r.team.results
    periods = sorted({view.period(x.form) for x in results})
    doc.title_block(t("export.workload.scope", workers=len(results), periods=", ".join(periods[:3])
                      + (" …" if len(periods) > 3 else ""), reading=t(f"analysis.reading.{r.reading}")))
    doc.heading(t("analysis.team.groups"))
    rows = view.group_rows(d, team, r.reference_groups)
    chart = charts.split_bars(rows, list(dict.fromkeys(x["series"] for x in rows)), t("reference.chart.value"))
    doc.picture(pictures.png(chart, 420))
    doc.heading(t("export.workload.flagged"))
    doc.paragraph(t("analysis.team.counts", total=len(results), **{k: team.flag_counts[k] for k in (
        "significant", "overtime", "other_high", "core_low", "paperwork")}).replace("**", ""))
    label = view.names(d)
    flagged = [x for x in results if x.flags]
    if flagged:
        doc.data_table([t("analysis.col.worker"), t("analysis.col.period"), t("analysis.col.flags")],
                       [[x.form.code, view.period(x.form), view.flags_line(d, x, label)] for x in flagged],
                       (14, 22, 64))
    else:
        doc.paragraph(t("analysis.no_flags"))
    found = view.measures(team_data.of(team))
    doc.heading(t("analysis.tab.measures"))
    if found:
        doc.paragraph(t("export.workload.measures", source=sources.passage("audit_measures")))
        doc.bullets(found)
    else:
        doc.paragraph(t("analysis.measures.none"))
    doc.paragraph(t("analysis.measures.next", date=fmt_date(r.next_analysis), years=r.years,
                    source=sources.passage("reanalysis_period")).replace("**", ""))


def _worker(d: Domain, doc: Report, result: analysis.WorkerResult, reading: str, label: dict[str, str]) -> None:
    form = result.form
    doc.heading(t("export.workload.worker", code=form.code, period=view.period(form)), 13)
    doc.paragraph(t("export.workload.worker_facts", total=fmt_num(form.total, 1),
                    norm=fmt_num(analysis.norm_hours(d, form), 1), core=fmt_num(result.core_pct, 1),
                    fte=fmt_num(form.fte, 2)))
    if result.flags:
        doc.bullets([view.flag_text(d, f, label).replace("**", "") for f in result.flags])
    else:
        doc.paragraph(t("analysis.no_flags"))
    explanation = view.explanation_text(d, result)
    if explanation:
        doc.paragraph(explanation.replace("**", ""), muted=True)
    table = view.deviation_table(d, result, reading)
    doc.data_table(list(table[0]), [list(row.values()) for row in table], (34, 9, 9, 9, 9, 9, 10, 11),
                   align=("L", "R", "R", "R", "R", "R", "R", "C"), size=7.5)
