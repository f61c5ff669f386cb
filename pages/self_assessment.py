from lib import session, ui
from lib.overview import method_facts

ui.header("self_assessment")
f = method_facts(session.domain_data())
ui.planned(
    "self_assessment",
    criteria=f.criteria,
    subcriteria=f.subcriteria,
    practices=f.practices,
)
