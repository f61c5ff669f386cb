from lib import session, ui
from lib.i18n import fmt_num
from lib.overview import method_facts

ui.header("analysis")
f = method_facts(session.domain_data())
ui.planned(
    "analysis",
    threshold=fmt_num(f.deviation_threshold, 0),
    other=fmt_num(f.other_max_pct, 0),
    core=fmt_num(f.core_pct, 0),
    hours=fmt_num(f.hours_per_fte_month, 0),
)
