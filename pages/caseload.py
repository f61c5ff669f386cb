import streamlit as st

from lib import charts, sources
from lib.caseload import rules, team, view
from lib.i18n import fmt_date, fmt_num, t
from lib.intake.forms import VOCABULARIES, vocabulary_label
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
        with st.expander(t("caseload.in.per_client"), icon=":material/schedule:"):
            per_client = []
            for i, (low, high) in enumerate(defaults.per_client_hours):
                name = t(f"caseload.per_client.{i}")
                a, b = st.columns(2)
                per_client.append((number_field(t("caseload.in.per_client.low", name=name), f"cl_pc_low_{i}",
                                                minimum=0.0, maximum=20.0, default=low, decimals=2, where=a),
                                   number_field(t("caseload.in.per_client.high", name=name), f"cl_pc_high_{i}",
                                                minimum=0.0, maximum=20.0, default=high, decimals=2, where=b)))
    case = rules.Case(fte=fte, active=active, in_assessment=in_assessment, inactive=inactive,
                         social_service=social_service, children_under_12=children, crisis_focus=crisis,
                         experience_months=experience, senior=position == "senior_social_worker",
                         rural=territory == "rural")
    with right:
        st.subheader(t("caseload.answer"))
        for icon, text, source in view.answer(d, case, rules.Settings(threshold, tuple(per_client))):
            with st.container(border=True):
                st.markdown(f"{icon} {text}")
                st.caption(source)
        st.caption(t("caseload.no_upper", source=sources.passage("no_upper_limit")))

with team_tab:
    rows = team.load(session.store(), service.id) if service else []
    if service is None:
        st.info(t("caseload.team.no_service"), icon=":material/info:")
    elif not rows:
        st.info(t("caseload.team.empty"), icon=":material/info:")
        st.page_link("pages/upload.py", label=t("nav.upload"), icon=":material/upload_file:")
    else:
        table, counts, latest = view.team_table(d, rows, defaults)
        st.caption(t("caseload.team.latest", date=fmt_date(latest)))
        st.markdown(t("caseload.team.counts", above=counts[rules.ABOVE], ok=counts[rules.OK],
                      below=counts[rules.BELOW]))
        page.table(table)
        st.subheader(t("caseload.team.history"))
        st.altair_chart(charts.caseload_history(view.history_rows(rows), band["min"], band["max"],
                                                t("caseload.team.col.per_fte"), t("caseload.team.band")),
                        width="stretch")

with staffing_tab:
    st.markdown(t("caseload.staffing.intro", norm=fmt_num(d.caseload["staffing_norm"]["min_specialists_per_1000"], 0)))
    profile_inhabitants = service.profile.inhabitants if service and service.profile.inhabitants else 0
    a, b, c = st.columns(3)
    inhabitants = number_field(t("caseload.staffing.inhabitants"), "cl_inhabitants", minimum=0, maximum=2_000_000,
                               default=profile_inhabitants, where=a)
    social_workers = number_field(t("caseload.staffing.social_workers"), "cl_sw", minimum=0.0, maximum=5000.0,
                                  default=10.0, decimals=2, where=b)
    others = number_field(t("caseload.staffing.others"), "cl_others", minimum=0.0, maximum=5000.0, default=5.0,
                          decimals=2, where=c)
    result = rules.staffing(d, int(inhabitants), social_workers, others)
    if result is None:
        st.info(t("caseload.staffing.no_inhabitants"), icon=":material/info:")
    else:
        m1, m2, m3 = st.columns(3)
        m1.metric(t("caseload.staffing.per_1000"), fmt_num(result.per_1000, 2), border=True)
        m2.metric(t("caseload.staffing.sw_per_1000"), fmt_num(result.social_workers_per_1000, 2), border=True)
        m3.metric(t("caseload.staffing.size"), t(f"caseload.staffing.size.{result.size_class}"), border=True)
        if result.meets_norm:
            st.success(t("caseload.staffing.meets"), icon=":material/check_circle:")
        else:
            st.warning(t("caseload.staffing.below", needed=fmt_num(result.norm * result.inhabitants / 1000, 1)),
                       icon=":material/warning:")
    st.caption(t("caseload.staffing.caveat"))

with context_tab:
    st.subheader(t("caseload.context.stats"))
    page.table(view.statistics_table(d))
    st.caption(t("caseload.context.compare", source=sources.passage("stock_and_flow")))
    for text in view.context_texts(d):
        st.markdown(text)
