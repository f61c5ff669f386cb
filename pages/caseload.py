from datetime import date

import streamlit as st

from lib import charts, principal, sources
from lib.caseload import rules, team, view
from lib.i18n import fmt_date, fmt_num, t
from lib.intake.forms import VOCABULARIES, vocabulary_label
from lib.reports import caseload as caseload_report
from lib.reports.caseload import CaseloadReport
from lib.reports.document import PDF_MIME
from lib.ui import page, session
from lib.ui.inputs import number_field

service = page.header("caseload")
d = session.domain_data()
defaults = rules.default_settings(d)
band = d.caseload["optimal_active_per_fte"]

calculator, team_tab, staffing_tab, context_tab = st.tabs(
    [t("caseload.tab.calculator"), t("caseload.tab.team"), t("caseload.tab.staffing"), t("caseload.tab.context")],
    key="caseload_tabs", on_change="rerun")

with calculator:
    st.markdown(t("caseload.intro"))
    left, right = st.columns([2, 3], gap="large")
    with left:
        fte = number_field(t("caseload.in.fte"), "cl_fte", minimum=0.05, maximum=1.5, default=1.0, decimals=2)
        active = number_field(t("caseload.in.active"), "cl_active", minimum=0, maximum=500, default=20)
        groups = {code: vocabulary_label("specialisation", code) for code in VOCABULARIES["specialisation"]}
        target = st.selectbox(t("caseload.in.target_group"), list(groups), format_func=groups.__getitem__,
                              key="cl_target")
        children = number_field(t("caseload.in.children"), "cl_children", minimum=0, maximum=500, default=0) \
            if target == "families" else None
        # the rest has defaults: folded, so on a phone the answer follows the four fields above
        with st.expander(t("caseload.in.more"), icon=":material/tune:"):
            in_assessment = number_field(t("caseload.in.in_assessment"), "cl_assessment", minimum=0, maximum=500,
                                         default=0)
            inactive = number_field(t("caseload.in.inactive"), "cl_inactive", minimum=0, maximum=2000, default=0)
            social_service = number_field(t("caseload.in.social_service"), "cl_service", minimum=0, maximum=2000,
                                          default=0)
            crisis = st.checkbox(t("caseload.in.crisis_focus"), key="cl_crisis")
            experience = number_field(t("caseload.in.experience"), "cl_experience", minimum=0, maximum=600,
                                      default=24)
            threshold = number_field(t("caseload.in.threshold"), "cl_threshold", minimum=1, maximum=120,
                                     default=defaults.experience_threshold_months,
                                     help=t("caseload.in.threshold.help", months=defaults.experience_threshold_months))
            positions = {code: vocabulary_label("position", code) for code in VOCABULARIES["position"]}
            position = st.radio(t("caseload.in.position"), list(positions), horizontal=True,
                                format_func=positions.__getitem__, key="cl_position")
            territories = {code: vocabulary_label("territory", code) for code in VOCABULARIES["territory"]}
            territory = st.radio(t("caseload.in.territory"), list(territories), horizontal=True,
                                 format_func=territories.__getitem__, key="cl_territory")
    case = rules.Case(fte=fte, active=active, in_assessment=in_assessment, inactive=inactive,
                         social_service=social_service, children_under_12=children, crisis_focus=crisis,
                         experience_months=experience, senior=position == "senior_social_worker",
                         rural=territory == "rural")
    with right:
        st.subheader(t("caseload.answer"))
        for icon, text, source in view.answer(d, case, rules.Settings(threshold)):
            with st.container(border=True):
                st.markdown(f"{icon} {text}")
                st.caption(source)
        st.caption(t("caseload.no_upper", source=sources.passage("no_upper_limit")))

worker_rows = service is not None and principal.current().can("worker_rows", service.id)
rows = team.load(session.store(), service.id) if worker_rows else []

with team_tab:
    if service is None:
        st.info(t("caseload.team.no_service"), icon=":material/info:")
    elif not worker_rows:
        st.info(t("access.team_only"), icon=":material/visibility:")
    elif not rows:
        st.info(t("caseload.team.empty"), icon=":material/info:")
        st.page_link("pages/upload.py", label=t("nav.upload"), icon=":material/upload_file:")
    else:
        table, counts, latest = view.team_table(d, rows, defaults)
        st.caption(t("caseload.team.latest", date=fmt_date(latest)))
        st.markdown(t("caseload.team.counts", above=counts[rules.ABOVE], ok=counts[rules.OK],
                      below=counts[rules.BELOW], note=counts[rules.NOTE]))
        page.table(table)
        st.caption(t("caseload.team.ranges", source=sources.cite(view.team_sources(d))))
        st.subheader(t("caseload.team.history"))
        st.altair_chart(charts.caseload_history(view.history_rows(rows), band["min"], band["max"],
                                                t("caseload.team.col.per_fte"), t("caseload.team.band")),
                        width="stretch")

with staffing_tab:
    counted = team.latest(rows)
    st.subheader(t("caseload.need.title"))
    st.markdown(t("caseload.need.intro"))
    if counted:
        st.caption(t("caseload.need.from_upload", date=fmt_date(counted[0].count_date), workers=len(counted)))
    a, b, c = st.columns(3)
    need_active = number_field(t("caseload.need.active"), "cl_need_active", minimum=0, maximum=1_000_000,
                               default=sum(r.case.active for r in counted) if counted else None, allow_empty=True,
                               where=a)
    crisis_band = d.caseload["crisis_focus"]
    need_crisis = number_field(t("caseload.need.crisis_cases"), "cl_need_crisis", minimum=0, maximum=1_000_000,
                               default=sum(r.case.crisis for r in counted),
                               help=t("caseload.need.crisis_help", low=crisis_band["min"], high=crisis_band["max"],
                                      band_low=band["min"], band_high=band["max"]), where=b)
    social_workers = number_field(t("caseload.staffing.social_workers"), "cl_sw", minimum=0.0, maximum=50_000.0,
                                  default=sum(r.case.fte for r in counted) if counted else None, decimals=2,
                                  allow_empty=True, where=c)
    need = rules.need(d, int(need_active), int(need_crisis or 0), social_workers) if need_active is not None else None
    if need is None:
        st.info(t("caseload.need.ask_active"), icon=":material/info:")
    else:
        with st.container(border=True):
            st.markdown(view.need_text(need))
            st.caption(t("caseload.source", source=sources.cite(need.source)))

    norm = d.caseload["staffing_norm"]
    st.subheader(t("caseload.staffing.norm_title"))
    st.markdown(t("caseload.staffing.intro", norm=fmt_num(norm["min_specialists_per_1000"], 0), law=norm["law_lv"]))
    st.caption(t("caseload.source", source=sources.cite(norm["source"])))
    a, b = st.columns(2)
    inhabitants = number_field(t("caseload.staffing.inhabitants"), "cl_inhabitants", minimum=0, maximum=2_000_000,
                               default=service.profile.inhabitants if service and service.profile.inhabitants
                               else None, allow_empty=True, where=a)
    others = number_field(t("caseload.staffing.others"), "cl_others", minimum=0.0, maximum=50_000.0, default=None,
                          decimals=2, allow_empty=True, help=t("caseload.staffing.others.help"), where=b)
    answer = view.norm_answer(d, int(inhabitants) if inhabitants is not None else None, social_workers, others)
    if answer.ask:
        st.info(answer.ask, icon=":material/info:")
    if answer.staffing is not None:
        m1, m2, m3 = st.columns(3)
        if others is not None:
            m1.metric(t("caseload.staffing.per_1000"), fmt_num(answer.staffing.per_1000, 2), border=True)
        m2.metric(t("caseload.staffing.sw_per_1000"), fmt_num(answer.staffing.social_workers_per_1000, 2), border=True)
        m3.metric(t("caseload.staffing.size"), t(f"caseload.staffing.size.{answer.staffing.size_class}"), border=True)
        if answer.verdict:
            (st.success if answer.meets else st.warning)(
                answer.verdict, icon=":material/check_circle:" if answer.meets else ":material/warning:")
        st.caption(t("caseload.staffing.size_source",
                     source=sources.cite(d.caseload["nominal_size_classes"]["source"])))
    st.caption(t("caseload.staffing.caveat"))
    if service is not None:
        report = CaseloadReport(service.profile.name, service.profile.municipality, tuple(rows), need,
                                int(inhabitants) if inhabitants else None, others, date.today())
        st.download_button(t("caseload.export.pdf"), page.later(caseload_report.pdf, d, report),
                           file_name="klientu_lietas.pdf", mime=PDF_MIME, on_click="ignore",
                           icon=":material/picture_as_pdf:")

with context_tab:
    st.subheader(t("caseload.context.stats"))
    page.table(view.statistics_table(d))
    st.caption(t("caseload.context.compare", source=sources.passage("stock_and_flow")))
    for text, source in view.context_texts(d):
        st.markdown(text)
        st.caption(t("caseload.source", source=source))
