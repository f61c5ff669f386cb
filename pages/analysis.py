import functools
from datetime import date

import streamlit as st

from lib import charts, principal, sources
from lib.exports import XLSX_MIME
from lib.i18n import fmt_date, fmt_num, plain, t
from lib.intake.forms import VOCABULARIES, vocabulary_label
from lib.reports import workload as workload_report
from lib.reports.document import PDF_MIME
from lib.reports.workload import WorkloadReport
from lib.ui import page, session
from lib.workload import analysis, reference, versions
from lib.workload import analysis_view as view
from lib.workload import reference_view as rview
from lib.workload import team as team_data

service = page.header("analysis")
if service is None:
    st.info(t("analysis.no_service"), icon=":material/info:")
    st.stop()
d = session.domain_data()
con = session.store()
all_slots = rview.slots(d)
periods = team_data.periods(con, service.id)
if not periods:
    st.info(t("analysis.empty"), icon=":material/info:")
    st.page_link("pages/upload.py", label=t("nav.upload"), icon=":material/upload_file:")
    st.stop()

active = versions.active(con, service.id)
options = {"national": t("analysis.reference.national")}  # as text (the xlsx title)
if active:
    options["service"] = t("analysis.reference.service", name=active[0].name)
left, right = st.columns(2)
shown = {**options, **({"service": t("analysis.reference.service", name=plain(active[0].name))} if active else {})}
choice = left.radio(t("analysis.reference"), list(options), format_func=shown.__getitem__, key="an_ref")
if not active:
    left.caption(t("analysis.reference.none_active"))
readings = {r: t(f"analysis.reading.{r}") for r in (analysis.PP, analysis.RELATIVE)}
reading = right.radio(t("analysis.reading"), list(readings), format_func=readings.__getitem__, key="an_reading",
                      help=t("analysis.reading.help", source=sources.passage("significant_deviation")))
ref = active[1].values if choice == "service" and active else reference.national(all_slots)

cols = st.columns([1, 1, 1, 1.3])  # the period filter holds the longest choice
chosen = {}
for col, (key, vocab) in zip(cols, (("territory", "territory"), ("specialisation", "specialisation"),
                                    ("position", "position")), strict=False):
    labels = {None: "—", **{c: vocabulary_label(vocab, c) for c in VOCABULARIES[vocab]}}
    chosen[key] = col.selectbox(t(f"analysis.filter.{key}"), list(labels), format_func=labels.__getitem__,
                                key=f"an_{key}")
period_labels = {analysis.LATEST: t("analysis.filter.latest"),
                 **{p: f"{fmt_date(p[0])}–{fmt_date(p[1])}" for p in periods}}
period = cols[3].selectbox(t("analysis.filter.period"), list(period_labels), format_func=period_labels.__getitem__,
                           key="an_period")
team = team_data.load(con, d, service.id, all_slots, ref, reading, team_data.Filters(period=period, **chosen))
if not team.members:
    st.warning(t("analysis.no_match"), icon=":material/filter_alt_off:")
    st.stop()
if not principal.current().can("worker_rows", service.id):  # a viewer: the team's groups only, no worker rows
    st.info(t("access.team_only"), icon=":material/visibility:")
    rows = view.group_rows(d, team, reference.group_totals(all_slots, ref))
    st.altair_chart(charts.split_bars(rows, list(dict.fromkeys(r["series"] for r in rows)),
                                      t("reference.chart.value")), width="stretch")
    st.stop()

last = max(m.period_end for m in team.members)
page.keep("an_worker", "an_trend_worker", "an_plan")  # choices in the tabs that are not drawn
tabs = st.tabs([t("analysis.tab.worker"), t("analysis.tab.team"), t("analysis.tab.trend"), t("analysis.tab.measures")],
               key="analysis_tabs", on_change="rerun")


def worker_section() -> None:
    """One worker's form: totals, flags, a reading of the numbers, the split and the deviations."""
    labels = {m.form_id: f"{m.code} · {view.period(m)}" for m in team.members}
    pick = st.selectbox(t("analysis.worker"), list(labels), format_func=labels.__getitem__, key="an_worker")
    member = next(m for m in team.members if m.form_id == pick)
    [form] = analysis.load_forms(con, service.id, all_slots, [member.form_id])
    result = analysis.analyse(d, all_slots, form, ref, reading)
    a, b, c = st.columns(3)
    a.metric(t("analysis.total"), f"{fmt_num(result.form.total, 1)} h", border=True)
    b.metric(t("analysis.norm"), f"{fmt_num(analysis.norm_hours(d, form), 1)} h", border=True)
    c.metric(t("analysis.core"), f"{fmt_num(result.core_pct, 1)} %", border=True)
    st.subheader(t("analysis.flags"))
    if result.flags:
        for flag in result.flags:
            st.warning(view.flag_text(d, flag), icon=":material/flag:")
    else:
        st.success(t("analysis.no_flags"), icon=":material/check_circle:")
    st.subheader(t("analysis.explain.title"))
    st.markdown(view.explanation_text(d, result) or t("analysis.explain.thin"))
    series = {t("analysis.series.actual"): {x.id: x.actual_pct for x in result.slots},
              t("analysis.series.reference"): ref}
    st.altair_chart(charts.split_bars(rview.split_rows(d, series), list(series), t("reference.chart.value")),
                    width="stretch")
    page.table(view.deviation_table(d, result, reading))


def team_section() -> None:
    """Every worker's groups and flags, the heat map, the team against the reference and the audit, exports."""
    st.markdown(t("analysis.team.counts", total=len(team.members), **{k: team.flag_counts[k] for k in (
        "significant", "overtime", "other_high", "core_low", "paperwork")}))
    page.table(view.team_table(d, team))
    st.subheader(t("analysis.team.heatmap"))
    st.altair_chart(charts.heatmap(view.heatmap_rows(d, team), t("analysis.heatmap.value")), width="stretch")
    st.caption(t("analysis.heatmap.colours"))
    st.subheader(t("analysis.team.groups"))
    rows = view.group_rows(d, team, reference.group_totals(all_slots, ref))
    st.altair_chart(charts.split_bars(rows, list(dict.fromkeys(r["series"] for r in rows)),
                                      t("reference.chart.value")), width="stretch")
    plan = st.session_state.get("an_plan", False)
    whole = functools.partial(team_data.results, con, d, service.id, all_slots, ref, reading, team)
    report = functools.partial(
        WorkloadReport, service.profile.name, service.profile.municipality, options[choice], reading,
        reference_groups=reference.group_totals(all_slots, ref), next_analysis=analysis.next_analysis(d, last, plan),
        years=d.workload_rules["rules"]["reanalysis_years"]["after_plan_max" if plan else "recommended"],
        made=date.today())
    x, y, z = st.columns(3)
    x.download_button(t("analysis.export.pdf"), page.later(lambda: workload_report.pdf(d, report(team=whole()))),
                      file_name="slodzes_analize.pdf", mime=PDF_MIME, on_click="ignore",
                      icon=":material/picture_as_pdf:")
    y.download_button(t("analysis.export"), page.later(lambda: view.export_xlsx(
                          d, whole(), reading, service.profile.name, options[choice], date.today())),
                      file_name="slodzes_analize.xlsx", mime=XLSX_MIME, on_click="ignore",
                      icon=":material/download:")
    z.download_button(t("analysis.export.csv"), page.later(view.export_csv, d, team), file_name="slodzes_analize.csv",
                      mime="text/csv", on_click="ignore", icon=":material/download:")


def trend_section() -> None:
    """Group shares over the periods, of the team or one worker."""
    who = {None: t("analysis.trend.team"), **{c: c for c in team_data.codes(con, service.id)}}
    code = st.selectbox(t("analysis.col.worker"), list(who), format_func=who.__getitem__, key="an_trend_worker")
    points = team_data.trend(con, d, service.id, all_slots, code)
    if len({end for end, _, _ in points}) < 2:
        st.info(t("analysis.trend.single"), icon=":material/timeline:")
    st.subheader(t("analysis.trend.title"))
    st.altair_chart(charts.trend(view.trend_chart_rows(d, points), t("reference.chart.value")), width="stretch")


def measures_section() -> None:
    """The audit's measures that the team's flags call for, and when to analyse again."""
    found = view.measures(team)
    if found:
        st.markdown(t("analysis.measures.intro", source=sources.passage("audit_measures")))
        st.markdown("\n".join(f"- {m}" for m in found))
    else:
        st.success(t("analysis.measures.none"), icon=":material/check_circle:")
    plan = st.toggle(t("analysis.measures.plan"), key="an_plan")
    years = d.workload_rules["rules"]["reanalysis_years"]
    st.markdown(t("analysis.measures.next", date=fmt_date(analysis.next_analysis(d, last, plan)),
                  years=years["after_plan_max"] if plan else years["recommended"],
                  source=sources.passage("reanalysis_period")))


# Only the open tab is drawn: with a thousand workers the team tab's table and heat map were most of
# each run, and a worker or filter change redrew them in the browser too.
for tab, section in zip(tabs, (worker_section, team_section, trend_section, measures_section), strict=True):
    if tab.open:
        with tab:
            section()
