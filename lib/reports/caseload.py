"""The caseload PDF: the team's caseloads judged by the range for each worker's situation, the staffing
need (cases → FTE range) against the FTE the service has, the staffing norm on the numbers the user
entered, and the sources of every rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib import charts, sources
from lib.caseload import rules, view
from lib.caseload.team import TeamRow
from lib.domain import Domain
from lib.i18n import fmt_date, fmt_num, t
from lib.reports import pictures
from lib.reports.document import PAGES, Meta, Report


@dataclass(frozen=True)
class CaseloadReport:
    service: str
    municipality: str
    rows: tuple[TeamRow, ...]  # every stored count of the service
    need: rules.Need | None  # the staffing-need answer as the page shows it (None while no cases are known)
    inhabitants: int | None
    others: float | None  # other social-work specialists' FTE, when entered
    made: date


def pdf(d: Domain, r: CaseloadReport) -> bytes:
    band = d.caseload["optimal_active_per_fte"]
    meta = Meta(t("export.caseload.title"), r.service, r.municipality,
                t("export.caseload.basis", low=band["min"], high=band["max"]), r.made, "export.based_on")
    doc = Report(meta)
    doc.alias_nb_pages(PAGES)
    doc.add_page()
    doc.title_block()
    settings = rules.default_settings(d)
    doc.heading(t("caseload.tab.team"))
    if r.rows:
        table, counts, latest = view.team_table(d, list(r.rows), settings)
        doc.paragraph(t("caseload.team.latest", date=fmt_date(latest)) + " · " + t(
            "caseload.team.counts", above=counts[rules.ABOVE], ok=counts[rules.OK], below=counts[rules.BELOW],
            note=counts[rules.NOTE]))
        keep = [t(f"caseload.team.col.{k}") for k in ("worker", "fte", "active", "crisis", "per_fte", "assessment",
                                                      "children", "range", "status", "notes")]
        doc.data_table(keep, [[row[k] for k in keep] for row in table], (10, 8, 8, 8, 9, 12, 8, 19, 11, 9),
                       align=("L", "R", "R", "R", "R", "R", "R", "L", "L", "L"))
        doc.paragraph(t("caseload.team.ranges", source=sources.cite(view.team_sources(d))), size=8, muted=True)
        if len({x.count_date for x in r.rows}) > 1:
            chart = charts.caseload_history(view.history_rows(list(r.rows)), band["min"], band["max"],
                                            t("caseload.team.col.per_fte"), t("caseload.team.band"))
            doc.picture(pictures.png(chart, 460, 180), 150)
    else:
        doc.paragraph(t("caseload.team.empty"))
    doc.heading(t("caseload.need.title"))
    if r.need is None:
        doc.paragraph(t("caseload.need.ask_active"))
    else:
        doc.paragraph(view.need_text(r.need).replace("**", ""))
        doc.paragraph(t("caseload.source", source=sources.cite(r.need.source)), size=8, muted=True)
    _norm(d, doc, r)
    return doc.output_bytes()


def _norm(d: Domain, doc: Report, r: CaseloadReport) -> None:
    norm = d.caseload["staffing_norm"]
    doc.heading(t("caseload.staffing.norm_title"))
    doc.paragraph(t("caseload.staffing.intro", norm=fmt_num(norm["min_specialists_per_1000"], 0), law=norm["law_lv"]))
    answer = view.norm_answer(d, r.inhabitants, r.need.have_fte if r.need else None, r.others)
    if answer.staffing is not None:
        facts = [t("export.caseload.sw_per_1000", value=fmt_num(answer.staffing.social_workers_per_1000, 2)),
                 t("export.caseload.size", size=t(f"caseload.staffing.size.{answer.staffing.size_class}"))]
        if r.others is not None:
            facts.insert(0, t("export.caseload.per_1000", value=fmt_num(answer.staffing.per_1000, 2)))
        doc.bullets([*facts, *([answer.verdict] if answer.verdict else [])])
    if answer.ask:
        doc.paragraph(answer.ask)
    doc.paragraph(t("caseload.source", source=sources.cite([*norm["source"],
                                                            *d.caseload["nominal_size_classes"]["source"]])),
                  size=8, muted=True)
    doc.paragraph(t("caseload.staffing.caveat"), size=8, muted=True)
