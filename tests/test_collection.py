"""Which workers' forms arrived (lib/intake/collection.py, the Upload page): every worker the service
knows, per form in or missing for the chosen period and count date, names beside codes where stored,
and a reminder list to copy."""

from __future__ import annotations

from datetime import date

from lib import domain
from lib.demo import dataset
from lib.intake import collection
from lib.intake import reading as ingest
from lib.store import db
from lib.store.services import Profile, create_service
from tests.apptest import run_app

PERIOD = (date(2026, 5, 4), date(2026, 5, 15))


def _store(con) -> int:
    """Three known workers: SD01 sent both forms, SD02 only the caseload count, SD03 (named) nothing
    for this period but a form for an earlier one."""
    sid = create_service(con, Profile("Talsu dienests"))
    for code, name in (("SD01", None), ("SD02", None), ("SD03", "Anna Bērziņa")):
        con.execute("INSERT INTO workers (service_id, code, name) VALUES (?, ?, ?)", [sid, code, name])
    for code, (start, end) in (("SD01", PERIOD), ("SD03", (date(2025, 11, 3), date(2025, 11, 14)))):
        con.execute("INSERT INTO workload_forms (service_id, import_id, worker_id, worker_code, period_start,"
                    " period_end, fte, social_work_share, total_month_hours) VALUES (?, 0, 0, ?, ?, ?, 1, 100, 168)",
                    [sid, code, start, end])
    for code in ("SD01", "SD02"):
        con.execute("INSERT INTO caseload_counts (service_id, import_id, worker_id, worker_code, count_date, fte)"
                    " VALUES (?, 0, 0, ?, ?, 1)", [sid, code, date(2026, 6, 30)])
    return sid


def test_status_lists_every_known_worker_and_what_is_missing(con):
    sid = _store(con)
    found = collection.choices(con, sid)
    assert found.periods == (PERIOD, (date(2025, 11, 3), date(2025, 11, 14)))
    assert found.count_dates == (date(2026, 6, 30),)
    workers = collection.status(con, sid, PERIOD, date(2026, 6, 30))
    assert [(w.code, w.workload, w.caseload) for w in workers] == [
        ("SD01", True, True), ("SD02", False, True), ("SD03", False, False)]
    assert collection.reminder(workers, PERIOD, date(2026, 6, 30)) == (
        "Vēl jāiesniedz slodzes analīzes veidlapa par 04.05.2026–15.05.2026: SD02, SD03 (Anna Bērziņa).\n"
        "Vēl jāiesniedz lietu uzskaite uz 30.06.2026: SD03 (Anna Bērziņa).")
    rows = collection.table(workers, True, True)
    assert rows[2] == {"Kods": "SD03", "Vārds": "Anna Bērziņa", "Slodzes analīze": "— trūkst",
                       "Lietu uzskaite": "— trūkst"}


def test_the_upload_page_shows_the_status_and_the_reminder(isolated_store):
    con = db.connect(isolated_store)
    sid = _store(con)
    con.close()
    at = run_app(page="pages/upload.py")
    at.sidebar.selectbox(key="svc").set_value(str(sid)).run()
    assert not at.exception
    assert "Slodzes analīze: 1 no 3; lietu uzskaite: 2 no 3." in [m.value for m in at.markdown]
    assert any("SD02, SD03 (Anna Bērziņa)" in c.value for c in at.code)


def test_demo_lists_the_worker_whose_forms_are_missing(isolated_store):
    """DEMO's SD05 started in March: counted on 31.03. only, no workload form for May's period."""
    con = db.connect(isolated_store)
    sid = dataset.load_demo(con, ingest.context(domain.load()))
    con.close()
    at = run_app(page="pages/upload.py")
    assert at.session_state["svc"] == str(sid)
    assert "Slodzes analīze: 4 no 5; lietu uzskaite: 4 no 5." in [m.value for m in at.markdown]
    reminder = next(c.value for c in at.code)
    assert reminder == ("Vēl jāiesniedz slodzes analīzes veidlapa par 04.05.2026–15.05.2026: SD05.\n"
                        "Vēl jāiesniedz lietu uzskaite uz 30.06.2026: SD05.")
