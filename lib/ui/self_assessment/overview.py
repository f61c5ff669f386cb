"""Tab 7: charts, the year-over-year comparison and the xlsx report.
"""

from __future__ import annotations

import streamlit as st

from lib import charts
from lib.domain import Catalogue
from lib.exports import XLSX_MIME
from lib.i18n import t
from lib.quality import assessments, view
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.ui import session
from lib.ui.self_assessment.common import deferred


def overview_tab(cat: Catalogue, service_id: int, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    a = snap.assessment
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
    st.download_button(t("sa.report.download"), deferred(view.report_xlsx, cat, snap, items, title),
                       file_name=f"{t('sa.report.file')}_{a.year}.xlsx", mime=XLSX_MIME,
                       icon=":material/download:", on_click="ignore", key="sa_report_download")
