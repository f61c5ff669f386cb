"""The self-assessment as the method reports it (seed 004 lines 7189-7196: per criterion the agreed
scores and level, strengths and improvement areas, then the improvement plan), and a one-page summary
for the council: the level chart and the change from earlier years."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lib import charts
from lib.domain import Catalogue
from lib.i18n import fmt_date, t
from lib.quality import rules as A
from lib.quality import view
from lib.quality.assessments import Snapshot
from lib.reports import pictures
from lib.reports.document import PAGES, Meta, Report


@dataclass(frozen=True)
class AssessmentReport:
    service: str
    municipality: str
    snap: Snapshot
    items: tuple[A.Item, ...]
    years: tuple[A.YearRow, ...]  # agreed criterion scores of this and earlier years
    made: date


def _meta(r: AssessmentReport, title: str) -> Meta:
    a = r.snap.assessment
    return Meta(title, r.service, r.municipality,
                t("sa.report.title", year=a.year, standard=t(f"sa.standard.{a.standard}")), r.made, "export.based_on")


def summary_pdf(cat: Catalogue, r: AssessmentReport) -> bytes:
    """One page: the criteria's agreed scores and levels as the chart the page shows, and the change
    from the earlier years."""
    doc = Report(_meta(r, t("export.sa.summary_title")))
    doc.alias_nb_pages(PAGES)
    doc.add_page()
    _summary(cat, doc, r, chart_height=230)
    return doc.output_bytes()


def pdf(cat: Catalogue, r: AssessmentReport) -> bytes:
    doc = Report(_meta(r, t("export.sa.title")))
    doc.alias_nb_pages(PAGES)
    doc.add_page()
    _summary(cat, doc, r, chart_height=200)
    for c in cat.criteria:
        doc.add_page()
        _criterion(cat, doc, r.snap, c.id)
    doc.add_page()
    _plan(doc, r.snap)
    return doc.output_bytes()


def _summary(cat: Catalogue, doc: Report, r: AssessmentReport, chart_height: int) -> None:
    snap = r.snap
    doc.title_block(t("export.sa.members", members=", ".join(m.name for m in snap.members) or "–"))
    rows = view.level_chart_rows(cat, snap)
    if rows:
        chart = charts.level_bars(rows, view.level_bands(cat), t("sa.chart.score"))
        doc.picture(pictures.png(chart, 420, chart_height), 165)
    else:
        doc.paragraph(t("sa.overview.empty"))
    this = snap.assessment.year
    earlier = sorted({y for row in r.years for y, v in row.scores.items() if v is not None and y != this})
    if earlier:
        doc.heading(t("sa.years"))
    by_id = {row.criterion_id: row for row in r.years}
    agreed = snap.agreed_scores("criterion")
    body = []
    for c in cat.criteria:
        lvl = view.level_text(cat, c.id, agreed.get(c.id))[0]
        row = by_id.get(c.id)
        before = [_shown(row.scores.get(y) if row else None) for y in earlier]
        change = [] if not earlier else ["–" if row is None or row.change is None else f"{row.change:+d}"]
        body.append([view.criterion_name(cat, c.id), _shown(agreed.get(c.id)), _shown(lvl), *before, *change])
    head = [t("sa.col.criterion"), t("export.sa.agreed_year", year=this), t("sa.col.level"),
            *(str(y) for y in earlier), *([t("sa.col.change")] if earlier else [])]
    doc.data_table(head, body, (40, 12, 9, *[9] * (len(head) - 3)), align=("L", *["R"] * (len(head) - 1)))


def _shown(value: int | None) -> str:
    return "–" if value is None else str(value)


def _criterion(cat: Catalogue, doc: Report, snap: Snapshot, cid: str) -> None:
    agreed = snap.agreed.get(("criterion", cid))
    doc.heading(view.criterion_name(cat, cid), 13)
    if agreed is None:
        doc.paragraph(t("export.sa.not_agreed"))
    else:
        lvl, text = view.level_text(cat, cid, agreed.score)
        doc.paragraph(t("export.sa.criterion_score", score=agreed.score, level=lvl))
        doc.paragraph(text, muted=True)
        for label, value in ((t("sa.col.strengths"), agreed.strengths),
                             (t("sa.col.improvements"), agreed.improvements)):
            if value:
                doc.heading(label, 10)
                doc.paragraph(value)
    subs = [s for s in cat.subcriteria if s.criterion_id == cid]
    doc.heading(t("sa.report.sheet.subcriteria"), 10)
    rows = []
    for s in subs:
        a = snap.agreed.get(("subcriterion", s.id))
        texts = [x for x in ((t("sa.col.strengths"), a.strengths if a else ""),
                             (t("sa.col.improvements"), a.improvements if a else ""),
                             (t("sa.kind.proposals"), a.rationale if a else "")) if x[1]]
        rows.append([f"{s.id} {view.subcriterion_text(cat, s.id)}", "–" if a is None else str(a.score),
                     view.band_text(cat, "subcriterion", a.score, s.id) if a else "",
                     "\n".join(f"{label}: {value}" for label, value in texts)])
    doc.data_table([t("sa.col.subcriterion"), t("sa.col.agreed"), t("sa.col.band"), t("export.sa.texts")], rows,
                   (30, 8, 30, 32), align=("L", "R", "L", "L"), size=7.5)
    if A.criterion_kind(cat, cid) == "results":
        _results(cat, doc, snap, cid)


def _results(cat: Catalogue, doc: Report, snap: Snapshot, cid: str) -> None:
    groups = [row for row in view.group_rows(cat, snap) if str(row[t("sa.col.subcriterion")]).split(".")[0] == cid]
    if groups:
        doc.heading(t("sa.report.sheet.groups"), 10)
        head = list(groups[0])
        doc.data_table(head, [[str(v) for v in row.values()] for row in groups], (10, 40, *[10] * (len(head) - 2)),
                       align=("L", "L", *["R"] * (len(head) - 2)), size=7.5)
    names = {row[t("sa.col.group")] for row in groups}
    indicators = [row for row in view.indicator_rows(cat, snap) if row[t("sa.col.group")] in names]
    if indicators:
        doc.heading(t("sa.report.sheet.indicators"), 10)
        head = list(indicators[0])
        doc.data_table(head, [[str(v) for v in row.values()] for row in indicators],
                       (26, 26, 10, *[8] * (len(head) - 3)), align=("L", "L", "L", *["R"] * (len(head) - 3)),
                       size=7.5)


PLAN_COLUMNS: Sequence[tuple[str, float]] = (("priority", 18), ("goal", 18), ("measures", 22), ("responsible", 12),
                                             ("deadline", 10), ("status", 10))


def _plan(doc: Report, snap: Snapshot) -> None:
    doc.heading(t("sa.tab.plan"), 13)
    if not snap.plan:
        doc.paragraph(t("sa.report.empty"))
        return
    doc.data_table([t(f"sa.plan.col.{k}") for k, _ in PLAN_COLUMNS],
                   [[p.priority, p.goal, p.measures, p.responsible, fmt_date(p.deadline) if p.deadline else "",
                     t(f"sa.plan.status.{p.status}")] for p in snap.plan],
                   [w for _, w in PLAN_COLUMNS], size=7.5)
