from lib import session, ui
from lib.i18n import fmt_num
from lib.overview import method_facts

ui.header("caseload")
f = method_facts(session.domain_data())
ui.planned(
    "caseload",
    low=f.caseload_min,
    high=f.caseload_max,
    children=f.children_max,
    per_1000=fmt_num(f.specialists_per_1000, 0),
)
