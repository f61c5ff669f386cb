from lib import session, ui
from lib.i18n import fmt_num
from lib.overview import method_facts

ui.header("reference")
f = method_facts(session.domain_data())
ui.planned(
    "reference",
    groups=f.groups,
    functions=f.functions,
    hours=fmt_num(f.hours_per_fte_month, 0),
    core=fmt_num(f.core_pct, 0),
    cap=fmt_num(f.cap_pct, 0),
)
