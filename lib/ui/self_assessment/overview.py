"""Tab 7: charts, the year-over-year comparison and the reports (PDF, one-page PDF summary, xlsx)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from lib import charts
from lib.domain import Catalogue
from lib.exports import XLSX_MIME
from lib.i18n import fmt_date, t
from lib.quality import assessments, view
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.reports import self_assessment as sa_report
from lib.reports.document import PDF_MIME
from lib.reports.self_assessment import AssessmentReport
from lib.store.services import Service
from lib.ui import session
from lib.ui.page import later


def overview_tab(cat: Catalogue, service: Service, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    a = snap.assessment
    service_id = service.id
    level_rows = view.level_chart_rows(cat, snap)
    if level_rows:
        st.altair_chart(charts.level_bars(level_rows, view.level_bands(cat), t("sa.chart.score")), width="stretch")
    else:
        st.info(t("sa.overview.empty"), icon=":material/info:")
    st.dataframe(view.criteria_rows(cat, snap, items), hide_index=True)
    heat_rows = view.heatmap_rows(cat, snap)
    if heat_rows:
        st.subheader(t("sa.heatmap"))
        st.altair_chart(charts.score_heatmap(heat_rows, t("sa.chart.score")), width="stretch")
    st.subheader(t("sa.years"))
    compared = A.compare_years(assessments.agreed_by_year(session.store(), service_id), [c.id for c in cat.criteria],
                               a.year)
    year_rows = view.year_chart_rows(cat, compared)
    if len({r["year"] for r in year_rows}) > 1:
        st.altair_chart(charts.year_bars(year_rows, t("sa.chart.score")), width="stretch")
    else:
        st.caption(t("sa.years.single"))
    st.dataframe(view.year_rows(cat, compared), hide_index=True)
    title = t("sa.report.title", year=a.year, standard=t(f"sa.standard.{a.standard}"))
    made = date.today()
    report = AssessmentReport(service.profile.name, service.profile.municipality, snap, items, compared, made)
    head = [title, t("export.service", service=service.profile.name), t("export.made", date=fmt_date(made)),
            t("export.sa.members", members=", ".join(m.name for m in snap.members) or "–")]
    x, y, z = st.columns(3)
    x.download_button(t("sa.report.pdf"), later(sa_report.pdf, cat, report),
                      file_name=f"{t('sa.report.file')}_{a.year}.pdf", mime=PDF_MIME,
                      icon=":material/picture_as_pdf:", on_click="ignore", key="sa_report_pdf")
    y.download_button(t("sa.report.summary_pdf"), later(sa_report.summary_pdf, cat, report),
                      file_name=f"{t('sa.report.file')}_{a.year}_1lpp.pdf", mime=PDF_MIME,
                      icon=":material/picture_as_pdf:", on_click="ignore", key="sa_summary_pdf")
    z.download_button(t("sa.report.download"), later(view.report_xlsx, cat, snap, items, head),
                      file_name=f"{t('sa.report.file')}_{a.year}.xlsx", mime=XLSX_MIME,
                      icon=":material/download:", on_click="ignore", key="sa_report_download")
